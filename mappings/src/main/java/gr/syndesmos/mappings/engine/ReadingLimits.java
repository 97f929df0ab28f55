package gr.syndesmos.mappings.engine;

import gr.syndesmos.mappings.UnreadableFileException;

/**
 * How much one record of an export may hold, checked while the file streams, so that no export can fill the hub's
 * memory: one field, the fields of a row, and one record as a whole (a CSV row, an XML record element, a
 * fixed-width line). Each has a generous default, and a mapping that needs more raises it under {@code limits:} in
 * its mapping.yml; a refusal names the limit and where to raise it.
 *
 * @param mappingFile the mapping's file, for the refusal's advice
 */
public record ReadingLimits(int maxFieldLength, int maxFields, int maxRecordLength, String mappingFile) {

    public static final int DEFAULT_MAX_FIELD_LENGTH = 100_000;
    public static final int DEFAULT_MAX_FIELDS = 500;
    public static final int DEFAULT_MAX_RECORD_LENGTH = 1_000_000;

    static ReadingLimits of(MappingDefinition definition) {
        MappingDefinition.Limits given = definition.limits();
        String file = "mappings/" + definition.municipalityCode() + "/" + definition.flow() + "/mapping.yml";
        return new ReadingLimits(
                given == null || given.maxFieldLength() == null ? DEFAULT_MAX_FIELD_LENGTH : given.maxFieldLength(),
                given == null || given.maxFields() == null ? DEFAULT_MAX_FIELDS : given.maxFields(),
                given == null || given.maxRecordLength() == null ? DEFAULT_MAX_RECORD_LENGTH : given.maxRecordLength(),
                file);
    }

    /** The refusal of a file with a record over one of the limits. */
    public UnreadableFileException exceeded(String what, String limitKey, long limit) {
        return new UnreadableFileException("too-large", what + " than the " + limit + " allowed (limits."
                + limitKey + " in " + mappingFile + "; raise it there if such records are expected)");
    }
}
