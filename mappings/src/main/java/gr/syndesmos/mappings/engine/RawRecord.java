package gr.syndesmos.mappings.engine;

import java.util.List;

/** One legacy record before translation, whatever its file format: raw strings per declared field. */
public interface RawRecord {

    /** The raw value of a field, or null when the record has none. */
    String value(CompiledField field);

    /**
     * The value of a field as it arrived: a String from a file, a typed object (Integer, BigDecimal, Timestamp…)
     * from a row. Files have only strings.
     */
    default Object object(CompiledField field) {
        return value(field);
    }

    /** Every raw value of a field (XML repeated elements); empty when none. */
    List<String> values(CompiledField field);
}
