package gr.syndesmos.mappings.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.MappedRecord.Problem;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.schemas.CanonicalJson;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one {@link RawRecord} into a {@link MappedRecord}, the same way for every file format and every record type:
 * each field's value goes to its JSON pointers in the canonical record, the record's id comes from its schema's
 * template, and the envelope (record type, schema version, id, municipality, where the record came from) is filled
 * in. Identity, version and status are read first, so that drafts and invalid records still carry the id and version
 * an operator needs; drafts are not checked further (they are skipped, not published).
 */
public final class RecordTranslator {

    public static final String FINAL = "final";
    public static final String DRAFT = "draft";
    /** The field whose value is the legacy system's own id of the record. */
    public static final String LEGACY_ID = "legacy-id";
    static final String VERSION = "/version";

    private static final ObjectMapper JSON = CanonicalJson.mapper();

    private final String legacySystem;
    private final RecordSchema schema;
    private final List<CompiledField> identity = new ArrayList<>();
    private final List<CompiledField> rest = new ArrayList<>();
    private final CompiledField legacyId;
    private final CompiledField version;
    private final CompiledField status;

    RecordTranslator(String legacySystem, RecordSchema schema, List<CompiledField> fields) {
        this.legacySystem = legacySystem;
        this.schema = schema;
        Set<String> idPointers = Set.copyOf(schema.idPointers());
        CompiledField legacy = null;
        CompiledField versionField = null;
        CompiledField statusField = null;
        for (CompiledField f : fields) {
            boolean isIdentity = f.targets().stream().anyMatch(idPointers::contains) || f.targets().contains(VERSION)
                    || LEGACY_ID.equals(f.name()) || f.type() == FieldType.STATUS;
            (isIdentity ? identity : rest).add(f);
            if (LEGACY_ID.equals(f.name())) {
                legacy = f;
            }
            if (f.targets().contains(VERSION)) {
                versionField = f;
            }
            if (f.type() == FieldType.STATUS) {
                statusField = f;
            }
        }
        this.legacyId = legacy;
        this.version = versionField;
        this.status = statusField;
    }

    /**
     * Translates one record of the given source; the municipality is the context's, not the mapping folder's.
     *
     * @param line the line where the record starts, or its position in a batch of rows
     */
    public MappedRecord translate(RawRecord raw, SourceContext context, int line) {
        return translate(raw, context, line, List.of());
    }

    /**
     * As {@link #translate(RawRecord, SourceContext, int)}, with problems the reader found in the record's shape
     * (a fixed-width line of the wrong length): such a record is invalid whatever its fields say.
     */
    public MappedRecord translate(RawRecord raw, SourceContext context, int line, List<Problem> shapeProblems) {
        List<Problem> problems = new ArrayList<>(shapeProblems);
        Map<String, Object> values = new HashMap<>();
        ObjectNode record = JSON.createObjectNode();
        for (CompiledField f : identity) {
            values.put(f.name(), value(raw, f, problems));
        }
        for (CompiledField f : identity) {
            put(record, f, values);
        }
        String recordId = schema.idOf(context.municipalityCode(), record);
        OffsetDateTime versionValue = version == null ? null : (OffsetDateTime) values.get(version.name());
        String legacy = legacyId == null ? null : (String) values.get(legacyId.name());
        if (status != null && DRAFT.equals(values.get(status.name())) && shapeProblems.isEmpty()) {
            return new MappedRecord(Outcome.DRAFT, recordId, versionValue, null, legacy, line, List.of());
        }
        for (CompiledField f : rest) {
            values.put(f.name(), value(raw, f, problems));
        }
        if (!problems.isEmpty()) {
            return new MappedRecord(Outcome.INVALID, recordId, versionValue, null, legacy, line,
                    Collections.unmodifiableList(problems));
        }
        for (CompiledField f : rest) {
            put(record, f, values);
        }
        record.put("recordType", schema.recordType());
        record.put("schemaVersion", schema.version());
        record.put("id", recordId);
        record.set("municipality", JSON.createObjectNode().put("code", context.municipalityCode())
                .put("name", context.municipalityName()));
        if (schema.at("/source/system") != null) {
            set(record, "/source/system", JSON.getNodeFactory().textNode(legacySystem));
        }
        if (schema.at("/source/file") != null) {
            set(record, "/source/file", JSON.getNodeFactory().textNode(context.sourceName()));
        }
        if (schema.at("/source/line") != null) {
            set(record, "/source/line", JSON.getNodeFactory().numberNode(line));
        }
        fillRequiredNulls(record, "");
        return new MappedRecord(Outcome.VALID, recordId, versionValue, (ObjectNode) ordered(record, ""), legacy, line,
                List.of());
    }

    private static Object value(RawRecord raw, CompiledField field, List<Problem> problems) {
        if (field.type() != FieldType.TEXT_LIST) {
            return field.convert(raw.object(field), problems);
        }
        List<String> values = field.split(raw.values(field));
        if (values.isEmpty()) {
            field.convert(null, problems); // reports a missing required list
            return List.of();
        }
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            String converted = (String) field.convert(value, problems);
            if (converted != null) {
                out.add(converted);
            }
        }
        return List.copyOf(out);
    }

    private static void put(ObjectNode record, CompiledField field, Map<String, Object> values) {
        Object value = values.get(field.name());
        if (value == null || field.targets().isEmpty()) {
            return;
        }
        if (field.onlyWith() != null && values.get(field.onlyWith()) == null) {
            return;
        }
        JsonNode json = tree(value);
        for (String target : field.targets()) {
            set(record, target, json);
        }
    }

    /**
     * A converted value as JSON. Texts, numbers, booleans and lists of texts (nearly every field) are made directly:
     * Jackson's general {@code valueToTree} serializes and re-reads each value, the largest cost of a record. Dates and
     * anything else still go through it, so they are written exactly as the canonical mapper writes them.
     */
    static JsonNode tree(Object value) {
        var nodes = JSON.getNodeFactory();
        if (value instanceof String text) {
            return nodes.textNode(text);
        }
        if (value instanceof Integer number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Long number) {
            return nodes.numberNode(number);
        }
        if (value instanceof java.math.BigDecimal number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        }
        if (value instanceof java.time.LocalDate date) {
            return nodes.textNode(date.toString());
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            var array = nodes.arrayNode(list.size());
            list.forEach(item -> array.add((String) item));
            return array;
        }
        return JSON.valueToTree(value);
    }

    /** The member names of each target pointer, split once: targets are the mapping's, a handful per flow. */
    private static final Map<String, String[]> POINTER_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Sets a member by its pointer, creating the objects on the way. */
    static void set(ObjectNode record, String pointer, JsonNode value) {
        String[] names = POINTER_NAMES.computeIfAbsent(pointer, p -> p.substring(1).split("/"));
        ObjectNode node = record;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = node.get(names[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(names[i]);
        }
        node.set(names[names.length - 1], value);
    }

    /** Members the schema requires but the record lacks become null where the schema allows null. */
    private void fillRequiredNulls(ObjectNode node, String pointer) {
        for (String name : schema.required(pointer)) {
            String member = pointer + "/" + name;
            if (!node.has(name) && schema.types(member).contains("null")) {
                node.putNull(name);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> child = it.next();
            if (child.getValue() instanceof ObjectNode object && schema.isObject(pointer + "/" + child.getKey())) {
                fillRequiredNulls(object, pointer + "/" + child.getKey());
            }
        }
    }

    /** The record's members in the order its schema lists them: the same record always reads the same. */
    private JsonNode ordered(JsonNode node, String pointer) {
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        List<String> order = schema.members(pointer);
        ObjectNode out = JSON.createObjectNode();
        for (String name : order) {
            if (object.has(name)) {
                out.set(name, ordered(object.get(name), pointer + "/" + name));
            }
        }
        object.fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), ordered(e.getValue(), pointer + "/" + e.getKey()));
            }
        });
        return out;
    }
}
