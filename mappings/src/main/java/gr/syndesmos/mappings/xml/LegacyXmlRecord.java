package gr.syndesmos.mappings.xml;

import gr.syndesmos.mappings.engine.CompiledField;
import gr.syndesmos.mappings.engine.RawRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One legacy XML record as plain data: every attribute and text below the record element, by path
 * ({@code @id}, {@code arithmos}, {@code synedriasi/@imerominia}, {@code ypografontes/ypografon}). The mapping.yml
 * picks the paths it needs; new elements of newer exports land here unused. The only type XStream may build.
 */
public final class LegacyXmlRecord implements RawRecord {

    static final int MAX_VALUES = 10_000;

    private final Map<String, List<String>> values = new HashMap<>();
    private int count;

    void add(String path, String value) {
        if (++count > MAX_VALUES) {
            throw new IllegalStateException("a record holds more than " + MAX_VALUES + " values");
        }
        values.computeIfAbsent(path, p -> new ArrayList<>(1)).add(value);
    }

    /** Every value at a path, in document order; empty when none. */
    public List<String> all(String path) {
        return values.getOrDefault(path, List.of());
    }

    @Override
    public String value(CompiledField field) {
        List<String> found = all(field.path());
        return found.isEmpty() ? null : found.get(0);
    }

    @Override
    public List<String> values(CompiledField field) {
        return all(field.path());
    }
}
