package gr.syndesmos.mappings.engine;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.CanonicalSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A record type's JSON Schema, read as data: what a mapping's targets may be. It answers whether a JSON pointer
 * names a member of the record, of which JSON types, whether it may be null, which members an object must have, and
 * how a record of the type is identified ({@code x-syndesmos-id}, a template such as
 * {@code {municipality}-council-decision-{/year}-{/decisionNumber}}). The hub knows no record type in Java: a new
 * one is a new schema.
 */
public final class RecordSchema {

    /** The schema keyword that says how a record's id is made. */
    public static final String ID_TEMPLATE = "x-syndesmos-id";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    private static final Map<String, RecordSchema> LOADED = new ConcurrentHashMap<>();

    private final String recordType;
    private final int version;
    private final JsonNode root;
    private final String idTemplate;

    private RecordSchema(String recordType, int version, JsonNode root) {
        this.recordType = recordType;
        this.version = version;
        this.root = root;
        this.idTemplate = root.path(ID_TEMPLATE).asText(null);
    }

    /**
     * The schema of a record type's version, from the classpath ({@code schemas/<type>/v<n>/<type>.schema.json}).
     *
     * @throws IllegalArgumentException when there is no such schema
     */
    public static RecordSchema of(String recordType, int version) {
        return LOADED.computeIfAbsent(CanonicalSchemas.generation() + ":" + recordType + "/" + version,
                key -> load(recordType, version));
    }

    private static RecordSchema load(String recordType, int version) {
        String location = CanonicalSchemas.location(recordType, version);
        try (InputStream in = CanonicalSchemas.open(recordType, version)) {
            if (in == null) {
                throw new IllegalArgumentException("there is no schema for record type " + recordType + " version "
                        + version + " (expected " + location + ")");
            }
            return new RecordSchema(recordType, version, CanonicalJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String recordType() {
        return recordType;
    }

    public int version() {
        return version;
    }

    /** The id template, or null when the schema declares none. */
    public String idTemplate() {
        return idTemplate;
    }

    /** The JSON pointers the id template reads, in order ({@code {municipality}} is not one). */
    public List<String> idPointers() {
        List<String> pointers = new ArrayList<>();
        if (idTemplate != null) {
            Matcher m = PLACEHOLDER.matcher(idTemplate);
            while (m.find()) {
                if (m.group(1).startsWith("/")) {
                    pointers.add(m.group(1));
                }
            }
        }
        return pointers;
    }

    /**
     * The record's id from the template: {@code {municipality}} is the municipality's code, {@code {/pointer}} a
     * member's text. Null when a member it needs is missing.
     */
    public String idOf(String municipalityCode, JsonNode record) {
        if (idTemplate == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(idTemplate);
        StringBuilder id = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if ("municipality".equals(name)) {
                value = municipalityCode;
            } else {
                JsonNode member = record.at(name);
                if (member.isMissingNode() || member.isNull()) {
                    return null;
                }
                value = member.asText();
            }
            m.appendReplacement(id, Matcher.quoteReplacement(value));
        }
        m.appendTail(id);
        return id.toString();
    }

    /**
     * The subschema a pointer names, or null when the record has no such member. A member that may be one of several
     * shapes ({@code oneOf}/{@code anyOf}: "null or an object") is looked into through the shape that declares the
     * next name.
     */
    public JsonNode at(String pointer) {
        JsonNode node = root;
        JsonPointer p = JsonPointer.compile(pointer);
        while (!p.matches()) {
            String name = p.getMatchingProperty();
            JsonNode next = null;
            for (JsonNode shape : shapes(node)) {
                if (shape.path("properties").has(name)) {
                    next = shape.get("properties").get(name);
                    break;
                }
                if (shape.has("items") && p.getMatchingIndex() >= 0) {
                    next = shape.get("items");
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            node = next;
            p = p.tail();
        }
        return node;
    }

    /** A subschema's alternative shapes, or the subschema alone. */
    private static List<JsonNode> shapes(JsonNode node) {
        List<JsonNode> shapes = new ArrayList<>();
        shapes.add(node);
        for (String combinator : List.of("oneOf", "anyOf")) {
            node.path(combinator).forEach(shapes::add);
        }
        return shapes;
    }

    /** The JSON types a member may hold ({@code string}, {@code integer}, {@code number}, {@code array}, ...). */
    public Set<String> types(String pointer) {
        JsonNode node = at(pointer);
        Set<String> types = new LinkedHashSet<>();
        if (node == null) {
            return types;
        }
        for (JsonNode shape : shapes(node)) {
            JsonNode type = shape.path("type");
            if (type.isTextual()) {
                types.add(type.asText());
            } else if (type.isArray()) {
                type.forEach(t -> types.add(t.asText()));
            }
            if (shape.has("const")) {
                types.add(shape.get("const").isTextual() ? "string" : "number");
            }
        }
        return types;
    }

    /** The members an object (by its pointer, {@code ""} for the record) must have. */
    public List<String> required(String objectPointer) {
        JsonNode node = objectPointer.isEmpty() ? root : at(objectPointer);
        List<String> required = new ArrayList<>();
        if (node != null) {
            for (JsonNode shape : shapes(node)) {
                shape.path("required").forEach(r -> required.add(r.asText()));
            }
        }
        return required;
    }

    /** Whether a member is (or may be) an object with declared members. */
    public boolean isObject(String pointer) {
        JsonNode node = pointer.isEmpty() ? root : at(pointer);
        return node != null && shapes(node).stream().anyMatch(shape -> shape.has("properties"));
    }

    /** The declared members of an object, in the schema's order. */
    public List<String> members(String pointer) {
        JsonNode node = pointer.isEmpty() ? root : at(pointer);
        List<String> members = new ArrayList<>();
        if (node != null) {
            for (JsonNode shape : shapes(node)) {
                shape.path("properties").fieldNames().forEachRemaining(members::add);
            }
        }
        return members;
    }
}
