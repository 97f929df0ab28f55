package gr.syndesmos.mappings.engine;

import java.util.List;

/** One legacy record before translation, whatever its file format: raw strings per declared field. */
public interface RawRecord {

    /** The raw value of a field, or null when the record has none. */
    String value(CompiledField field);

    /** Every raw value of a field (XML repeated elements); empty when none. */
    List<String> values(CompiledField field);
}
