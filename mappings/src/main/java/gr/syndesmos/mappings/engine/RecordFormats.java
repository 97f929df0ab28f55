package gr.syndesmos.mappings.engine;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The formats on the class path, by name (see {@link RecordFormat}). */
public final class RecordFormats {

    private static final Map<String, RecordFormat> FORMATS = load();

    private RecordFormats() {
    }

    private static Map<String, RecordFormat> load() {
        Map<String, RecordFormat> formats = new TreeMap<>();
        for (RecordFormat format : ServiceLoader.load(RecordFormat.class, RecordFormat.class.getClassLoader())) {
            RecordFormat other = formats.putIfAbsent(format.name(), format);
            if (other != null) {
                throw new IllegalStateException("two formats are named " + format.name() + ": "
                        + other.getClass().getName() + " and " + format.getClass().getName());
            }
        }
        return Map.copyOf(formats);
    }

    public static Optional<RecordFormat> find(String name) {
        return Optional.ofNullable(name == null ? null : FORMATS.get(name));
    }

    /** Every format, by name. */
    public static Map<String, RecordFormat> all() {
        return new TreeMap<>(FORMATS);
    }
}
