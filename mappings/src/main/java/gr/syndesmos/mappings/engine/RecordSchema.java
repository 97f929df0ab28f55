package gr.syndesmos.mappings.engine;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.CanonicalSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final List<IdPart> idParts;

    private RecordSchema(String recordType, int version, JsonNode root) {
        this.recordType = recordType;
        this.version = version;
        this.root = root;
        this.idTemplate = root.path(ID_TEMPLATE).asText(null);
        this.idParts = idParts(idTemplate);
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
        StringBuilder id = new StringBuilder();
        for (IdPart part : idParts) {
            if (part.literal() != null) {
                id.append(part.literal());
            } else if (part.pointer() == null) {
                id.append(municipalityCode);
            } else {
                JsonNode member = record.at(part.pointer());
                if (member.isMissingNode() || member.isNull()) {
                    return null;
                }
                id.append(member.asText());
            }
        }
        return id.toString();
    }

    /** One piece of the id template: a literal, the municipality (no pointer), or a member (a compiled pointer). */
    private record IdPart(String literal, JsonPointer pointer) {
    }

    /** The id template split once into its pieces, so that an id is made without a regular expression per record. */
    private static List<IdPart> idParts(String template) {
        List<IdPart> parts = new ArrayList<>();
        if (template == null) {
            return parts;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        int from = 0;
        while (m.find()) {
            if (m.start() > from) {
                parts.add(new IdPart(template.substring(from, m.start()), null));
            }
            String name = m.group(1);
            parts.add(new IdPart(null, "municipality".equals(name) ? null : JsonPointer.compile(name)));
            from = m.end();
        }
        if (from < template.length()) {
            parts.add(new IdPart(template.substring(from), null));
        }
        return List.copyOf(parts);
    }

    /**
     * The subschema a pointer names, or null when the record has no such member. A member that may be one of several
     * shapes ({@code oneOf}/{@code anyOf}: "null or an object") is looked into through the shape that declares the
     * next name.
     */
    public JsonNode at(String pointer) {
        return remembered(atCache, pointer, this::resolve).orElse(null);
    }

    private Optional<JsonNode> resolve(String pointer) {
        return Optional.ofNullable(walk(pointer));
    }

    private JsonNode walk(String pointer) {
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
        return remembered(typesCache, pointer, this::typesOf);
    }

    private Set<String> typesOf(String pointer) {
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
        return Collections.unmodifiableSet(types);
    }

    /** The members an object (by its pointer, {@code ""} for the record) must have. */
    public List<String> required(String objectPointer) {
        return remembered(requiredCache, objectPointer, this::requiredOf);
    }

    private List<String> requiredOf(String objectPointer) {
        JsonNode node = objectPointer.isEmpty() ? root : at(objectPointer);
        List<String> required = new ArrayList<>();
        if (node != null) {
            for (JsonNode shape : shapes(node)) {
                shape.path("required").forEach(r -> required.add(r.asText()));
            }
        }
        return List.copyOf(required);
    }

    /** Whether a member is (or may be) an object with declared members. */
    public boolean isObject(String pointer) {
        return remembered(isObjectCache, pointer, p -> {
            JsonNode node = p.isEmpty() ? root : at(p);
            return node != null && shapes(node).stream().anyMatch(shape -> shape.has("properties"));
        });
    }

    /** The declared members of an object, in the schema's order. */
    public List<String> members(String pointer) {
        return remembered(membersCache, pointer, this::membersOf);
    }

    private List<String> membersOf(String pointer) {
        JsonNode node = pointer.isEmpty() ? root : at(pointer);
        List<String> members = new ArrayList<>();
        if (node != null) {
            for (JsonNode shape : shapes(node)) {
                shape.path("properties").fieldNames().forEachRemaining(members::add);
            }
        }
        return List.copyOf(members);
    }

    /*
     * The translator asks the same few questions of the schema for every record; the schema never changes, so each
     * answer is worked out once per pointer. The pointers are the schema's own members, so the maps stay small; a
     * guard keeps them bounded whatever a caller asks.
     */
    private static final int REMEMBERED_POINTERS = 4_096;
    private final Map<String, Optional<JsonNode>> atCache = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> typesCache = new ConcurrentHashMap<>();
    private final Map<String, List<String>> requiredCache = new ConcurrentHashMap<>();
    private final Map<String, Boolean> isObjectCache = new ConcurrentHashMap<>();
    private final Map<String, List<String>> membersCache = new ConcurrentHashMap<>();

    private static <T> T remembered(Map<String, T> cache, String pointer, java.util.function.Function<String, T> work) {
        T known = cache.get(pointer);
        if (known != null) {
            return known;
        }
        T answer = work.apply(pointer);
        if (cache.size() < REMEMBERED_POINTERS) {
            cache.put(pointer, answer);
        }
        return answer;
    }
}
