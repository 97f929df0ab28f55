package gr.syndesmos.mappings.engine;

import java.util.List;
import java.util.Map;

/**
 * The shape of a {@code mapping.yml}, read as data. Everything a municipality's export needs is declared here; the
 * Java engine only knows field types and canonical targets. Unknown keys are errors (a typo in a mapping file must not
 * silently drop a field).
 */
public record MappingDefinition(
        String municipalityCode,
        String flow,
        String legacySystem,
        String format,
        String charset,
        CsvOptions csv,
        XmlOptions xml,
        FixedWidthOptions fixedWidth,
        Map<String, FieldDefinition> fields,
        Reasons reasons,
        WriteBackDefinition writeBack,
        Limits limits) {

    /**
     * How much one record may hold ({@link ReadingLimits}, which has the defaults): characters in one field, fields
     * in one row, characters in one whole record.
     */
    public record Limits(Integer maxFieldLength, Integer maxFields, Integer maxRecordLength) {
    }

    /** CSV dialect: one-character delimiter and quote. */
    public record CsvOptions(String delimiter, String quote) {
    }

    /**
     * XML layout: the root element, the root attribute that carries the municipality code, and the element of one
     * record (a direct child of the root).
     */
    public record XmlOptions(String root, String municipalityAttribute, String record) {
    }

    /**
     * Fixed-width layout: the layout table beside mapping.yml ({@code field,record,start,length,description}), the
     * length every line has, and the record types found at position 1: one header (carrying the municipality code),
     * detail records (one decision each) and one trailer (carrying the number of detail records).
     */
    public record FixedWidthOptions(String layout, Integer recordLength, String headerRecord,
            String municipalityField, String detailRecord, String trailerRecord, String countField) {
    }

    /**
     * One canonical field. The key in {@code fields} is the canonical field's short kebab name (see {@link Target}).
     *
     * @param column CSV header name (columns are found by name, never by position), fixed-width layout field name,
     *     or row key
     * @param path XML path below the record element: {@code arithmos}, {@code @id}, {@code synedriasi/@imerominia}
     * @param type one of {@link FieldType}'s names, in kebab case
     * @param pattern date/datetime pattern ({@code dd/MM/uuuu})
     * @param zone time zone of a local datetime
     * @param codeList file beside mapping.yml for type {@code code}
     * @param padTo AFM length to left-pad legacy numbers to
     * @param values status words mapped to {@code final} or {@code draft}
     * @param separator for a text-list: splits one value into several ({@code ;})
     * @param defaultValue value when the source is empty or absent (a constant when neither column nor path is given)
     */
    public record FieldDefinition(
            String column,
            String path,
            String type,
            Boolean required,
            String pattern,
            String zone,
            String codeList,
            Integer padTo,
            Map<String, String> values,
            @com.fasterxml.jackson.annotation.JsonProperty("default") String defaultValue,
            Long min,
            Long max,
            Integer maxLength,
            String separator) {
    }

    /**
     * Reason codes per kind of problem. {@code {field}} is replaced by the canonical field's kebab name.
     */
    public record Reasons(String missing, String invalid, String badAfm, String unknownCode, String unknownLabel,
            String badStatus) {
    }

    /** How ADAs are written back; see {@code writeback.DeclarativeWriteBack}. */
    public record WriteBackDefinition(
            String format,
            String fileName,
            String charset,
            String delimiter,
            String lineSeparator,
            String zone,
            String root,
            String element,
            List<WriteBackField> fields) {
    }

    /**
     * One column (CSV) or attribute (XML) of the write-back file.
     *
     * @param value one of {@code legacyId}, {@code year}, {@code decisionNumber}, {@code ada}, {@code publishedAt}
     * @param pattern for {@code publishedAt}: local time pattern in the write-back zone
     */
    public record WriteBackField(String name, String value, String pattern) {
    }
}
