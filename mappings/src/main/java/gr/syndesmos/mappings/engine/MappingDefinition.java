package gr.syndesmos.mappings.engine;

import java.util.List;
import java.util.Map;

/**
 * The shape of a {@code mapping.yml}, read as data. Everything a municipality's export needs is declared here; the
 * Java engine only knows field types and the record's JSON Schema. Unknown keys are errors (a typo in a mapping file
 * must not silently drop a field). The options of the file format (the {@code csv:}, {@code xml:} or
 * {@code fixedWidth:} section) belong to its {@link RecordFormat}.
 */
public record MappingDefinition(
        String municipalityCode,
        String flow,
        String recordType,
        Integer schemaVersion,
        String legacySystem,
        String format,
        String charset,
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

    /**
     * One field of the export. The key in {@code fields} is its short kebab name, used in reason codes
     * ({@code missing-subject}); the field named {@code legacy-id} is the legacy system's own id of the record.
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
     * @param target where the value goes in the canonical record: a JSON pointer, checked against the record's
     *     schema ({@code /decisionNumber}, {@code /meeting/date})
     * @param targets several pointers for one value ({@code [/meeting/date, /issueDate]})
     * @param onlyWith the name of another field: this one is written only when that one has a value (a currency
     *     beside an amount)
     * @param vocabulary a list the values must belong to, named: {@code diavgeia-decision-types}
     */
    public record FieldDefinition(
            String column,
            String path,
            String target,
            List<String> targets,
            String onlyWith,
            String vocabulary,
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

    /** How destinations' answers are written back; see {@link DeclarativeWriteBack}. */
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
     * @param value {@code reference} (the destination's id, the ADA), {@code answeredAt}, or a JSON pointer into the
     *     record ({@code /decisionNumber}, {@code /source/recordId})
     * @param pattern for {@code answeredAt}: local time pattern in the write-back zone
     */
    public record WriteBackField(String name, String value, String pattern) {
    }
}
