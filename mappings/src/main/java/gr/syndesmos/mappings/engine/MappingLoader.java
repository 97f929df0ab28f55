package gr.syndesmos.mappings.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gr.syndesmos.mappings.WriteBackFormat;
import gr.syndesmos.mappings.destinations.DiavgeiaTypes;
import gr.syndesmos.mappings.engine.MappingDefinition.FieldDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code mapping.yml} and the code lists beside it from the classpath and checks them, so that a broken
 * mapping fails when it is loaded (naming the file and the problem), never halfway through an export.
 */
public final class MappingLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);


    private MappingLoader() {
    }

    /** The classpath folder of a mapping: {@code mappings/<code>/<flow>/}. */
    public static String folder(String municipalityCode, String flow) {
        return "mappings/" + municipalityCode + "/" + flow + "/";
    }

    /**
     * Loads and checks one mapping from the classpath.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static DeclarativeLegacyMapping load(String municipalityCode, String flow) {
        return load(municipalityCode, flow, MappingSource.classpath(municipalityCode, flow));
    }

    /**
     * Loads and checks one mapping from a folder: mapping.yml and the files it names beside it.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static DeclarativeLegacyMapping load(String municipalityCode, String flow, MappingSource source) {
        String location = source.describe("mapping.yml");
        MappingDefinition def;
        RecordFormat format;
        JsonNode formatSection;
        try (InputStream in = source.open("mapping.yml")) {
            JsonNode tree = YAML.readTree(in);
            if (!(tree instanceof ObjectNode file)) {
                throw new IllegalArgumentException(location + ": is not a YAML mapping of keys to values");
            }
            String formatName = file.path("format").asText(null);
            format = RecordFormats.find(formatName).orElseThrow(() -> new IllegalArgumentException(location
                    + ": format must be one of " + RecordFormats.all().keySet() + ", not " + formatName));
            // The format's own section is the format's to read; another format's section is a mistake.
            formatSection = format.optionsKey() == null ? null : file.remove(format.optionsKey());
            for (RecordFormat other : RecordFormats.all().values()) {
                if (other != format && other.optionsKey() != null && file.has(other.optionsKey())) {
                    throw new IllegalArgumentException(location + ": " + other.optionsKey() + " options belong to, "
                            + "and only to, a " + other.name() + " mapping");
                }
            }
            def = YAML.treeToValue(file, MappingDefinition.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(location + ": cannot be read: " + e.getMessage(), e);
        }
        try {
            return compile(def, format, formatSection, municipalityCode, flow, source);
        } catch (IllegalArgumentException | IllegalStateException | DateTimeException e) {
            // Problems in a file beside mapping.yml already name that file; name mapping.yml as well.
            throw new IllegalArgumentException(location + ": " + e.getMessage(), e);
        }
    }

    private static DeclarativeLegacyMapping compile(MappingDefinition def, RecordFormat format, JsonNode formatSection,
            String municipalityCode, String flow, MappingSource source) {
        require(municipalityCode.equals(def.municipalityCode()),
                "municipalityCode " + def.municipalityCode() + " does not match the folder " + municipalityCode);
        require(flow.equals(def.flow()), "flow " + def.flow() + " does not match the folder " + flow);
        require(def.legacySystem() != null && !def.legacySystem().isBlank(), "legacySystem is missing");
        boolean files = format.readsFiles();
        // Rows arrive as values, not bytes: they have no charset.
        require(files ? def.charset() != null && Charset.isSupported(def.charset())
                : def.charset() == null || Charset.isSupported(def.charset()),
                "charset " + def.charset() + " is missing or unknown");
        require(def.fields() != null && !def.fields().isEmpty(), "fields are missing");
        require(def.reasons() != null, "reasons are missing");
        require(format.optionsKey() == null || formatSection != null, "the " + format.optionsKey()
                + " options of a " + format.name() + " mapping are missing");
        Object formatOptions = format.compile(formatSection, def, source);

        require(def.recordType() != null && def.schemaVersion() != null,
                "recordType and schemaVersion are missing: they name the schema the fields' targets are checked "
                        + "against (e.g. recordType: council-decision, schemaVersion: 1)");
        RecordSchema schema = RecordSchema.of(def.recordType(), def.schemaVersion());

        Map<String, CodeList> codeLists = new HashMap<>();
        List<CompiledField> fields = new ArrayList<>();
        for (Map.Entry<String, FieldDefinition> entry : def.fields().entrySet()) {
            String name = entry.getKey();
            require(name.matches("[a-z][a-z0-9-]*"), "field names are kebab-case words, not " + name);
            FieldDefinition f = entry.getValue();
            String where = "field " + name + ": ";
            FieldType type = FieldType.ofKebab(f.type());
            require(type != null, where + "unknown type " + f.type());
            List<String> targets = targets(f, type, schema, where);
            require(f.column() == null || f.path() == null, where + "give column or path, not both");
            if (format.namesPaths()) {
                require(f.column() == null, where + "an " + format.name() + " mapping names paths, not columns");
            } else {
                require(f.path() == null, where + "a " + def.format() + " mapping names columns, not paths");
            }
            require(f.column() != null || f.path() != null || f.defaultValue() != null,
                    where + "needs a column, a path or a default");
            require(f.onlyWith() == null || def.fields().containsKey(f.onlyWith()),
                    where + "onlyWith names no field: " + f.onlyWith());
            DatePattern pattern = null;
            ZoneId zone = null;
            if (type == FieldType.DATE || type == FieldType.DATETIME) {
                // Rows carry typed dates (or ISO text); files carry text in the system's own form.
                require(!files || f.pattern() != null, where + "a date needs a pattern");
                pattern = f.pattern() == null ? null : DatePattern.compile(f.pattern());
            }
            if (type == FieldType.DATETIME) {
                require(f.zone() != null, where + "a datetime needs a zone");
                zone = ZoneId.of(f.zone());
            }
            require(f.vocabulary() == null || DIAVGEIA_DECISION_TYPES.equals(f.vocabulary()),
                    where + "unknown vocabulary " + f.vocabulary() + " (known: " + DIAVGEIA_DECISION_TYPES + ")");
            CodeList codes = null;
            if (type == FieldType.CODE) {
                require(f.codeList() != null, where + "a code needs a codeList");
                checkFileName(f.codeList(), where + "codeList");
                codes = codeLists.computeIfAbsent(f.codeList(), list -> loadCodeList(source, list));
                if (DIAVGEIA_DECISION_TYPES.equals(f.vocabulary())) {
                    for (String uid : codes.allTargets()) {
                        require(DiavgeiaTypes.load().isAllowedInDecisions(uid), f.codeList() + " maps to " + uid
                                + ", which is not a Diavgeia type allowed in decisions");
                    }
                }
            }
            Map<String, String> statusValues = null;
            if (type == FieldType.STATUS) {
                require(f.values() != null && f.values().containsValue(RecordTranslator.FINAL)
                        && f.values().values().stream().allMatch(v -> v.equals(RecordTranslator.FINAL)
                                || v.equals(RecordTranslator.DRAFT)),
                        where + "status values must map words to final or draft");
                statusValues = Map.copyOf(f.values());
            }
            require(f.separator() == null || (type == FieldType.TEXT_LIST && !f.separator().isEmpty()),
                    where + "a separator belongs to a text-list");
            if (type == FieldType.AFM) {
                require(f.padTo() == null || (f.padTo() >= 1 && f.padTo() <= 9), where + "padTo must be 1..9");
            }
            String missing = reason(def.reasons().missing(), "reasons.missing", name);
            String invalid = switch (type) {
                case AFM -> reason(def.reasons().badAfm(), "reasons.badAfm", name);
                case CODE -> reason(def.reasons().unknownCode(), "reasons.unknownCode", name);
                case DIAVGEIA_LABEL -> reason(def.reasons().unknownLabel(), "reasons.unknownLabel", name);
                case STATUS -> reason(def.reasons().badStatus(), "reasons.badStatus", name);
                default -> reason(def.reasons().invalid(), "reasons.invalid", name);
            };
            fields.add(new CompiledField(fields.size(), name, targets, f.onlyWith(), type, f.column(), f.path(),
                    Boolean.TRUE.equals(f.required()), f.defaultValue(), pattern, zone, codes,
                    type == FieldType.DIAVGEIA_LABEL ? DiavgeiaTypes.load() : null,
                    f.padTo() == null ? 9 : f.padTo(), statusValues,
                    f.min() == null ? Long.MIN_VALUE : f.min(), f.max() == null ? Long.MAX_VALUE : f.max(),
                    f.maxLength() == null ? Integer.MAX_VALUE : f.maxLength(), missing, invalid, f.separator()));
        }
        checkCoverage(schema, fields);
        WriteBackFormat writeBack = def.writeBack() == null ? null : DeclarativeWriteBack.of(def.writeBack(), schema);
        RecordTranslator translator = new RecordTranslator(def.legacySystem(), schema, fields);
        return new DeclarativeLegacyMapping(def, format, formatOptions, List.copyOf(fields), translator, writeBack);
    }

    /** The vocabulary of Diavgeia's decision types, for code lists and labels that must name one. */
    static final String DIAVGEIA_DECISION_TYPES = "diavgeia-decision-types";
    /** Members the engine fills itself: a mapping's field may not target them. */
    private static final Set<String> ENVELOPE = Set.of("/recordType", "/schemaVersion", "/id", "/municipality",
            "/source/system", "/source/file", "/source/line");

    /** A field's targets: JSON pointers naming members of the record's schema, of a type its values fit. */
    private static List<String> targets(FieldDefinition f, FieldType type, RecordSchema schema, String where) {
        require(f.target() == null || f.targets() == null, where + "give target or targets, not both");
        List<String> targets = f.target() != null ? List.of(f.target()) : f.targets() == null ? List.of()
                : List.copyOf(f.targets());
        if (type == FieldType.STATUS) {
            require(targets.isEmpty(), where + "a status decides whether a record is a draft; it has no target");
            return targets;
        }
        require(!targets.isEmpty(), where + "a target is missing: the JSON pointer of the member of "
                + schema.recordType() + " v" + schema.version() + " it fills (e.g. target: /subject)");
        for (String target : targets) {
            require(target.startsWith("/") && schema.at(target) != null, where + "target " + target
                    + " is not a member of " + schema.recordType() + " v" + schema.version());
            require(ENVELOPE.stream().noneMatch(e -> target.equals(e) || target.startsWith(e + "/")),
                    where + "target " + target + " is filled by the hub itself");
            Set<String> accepted = schema.types(target);
            String json = switch (type) {
                case INTEGER -> "integer";
                case GREEK_DECIMAL, DECIMAL, CENTS -> "number";
                case TEXT_LIST -> "array";
                default -> "string";
            };
            require(accepted.isEmpty() || accepted.contains(json) || ("integer".equals(json)
                    && accepted.contains("number")), where + "target " + target + " holds " + accepted
                    + ", not the " + json + " a " + f.type() + " gives");
        }
        return targets;
    }

    /**
     * The record must be complete whatever the export: its version, every member its id is made of, and every member
     * its schema requires (and does not allow to be null) come from a field, and the identifying ones are required.
     */
    private static void checkCoverage(RecordSchema schema, List<CompiledField> fields) {
        require(schema.idTemplate() != null, "the schema of " + schema.recordType() + " v" + schema.version()
                + " says nothing of how its records are identified (" + RecordSchema.ID_TEMPLATE + ")");
        List<String> identifying = new ArrayList<>(schema.idPointers());
        identifying.add(RecordTranslator.VERSION);
        for (String pointer : identifying) {
            require(fields.stream().anyMatch(f -> f.required() && f.targets().contains(pointer)),
                    "a required field with target " + pointer + " is missing: the record's id and version need it");
        }
        for (String member : schema.required("")) {
            String pointer = "/" + member;
            if (ENVELOPE.contains(pointer) || pointer.equals("/source") || schema.types(pointer).contains("null")) {
                continue;
            }
            require(fields.stream().anyMatch(f -> f.targets().stream().anyMatch(t -> t.equals(pointer)
                            || t.startsWith(pointer + "/"))),
                    "no field fills " + pointer + ", which " + schema.recordType() + " v" + schema.version()
                            + " requires");
        }
    }

    private static String reason(String template, String key, String field) {
        require(template != null && !template.isBlank(), key + " is missing");
        return template.replace("{field}", field);
    }

    private static CodeList loadCodeList(MappingSource source, String name) {
        String location = source.describe(name);
        try (InputStream in = source.open(name)) {
            return CodeList.load(in, location);
        } catch (IOException e) {
            throw new IllegalArgumentException(location + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a format's options section strictly (an unknown key is an error), for {@link RecordFormat#compile}.
     *
     * @param key the section's name in mapping.yml, for messages
     */
    public static <T> T section(JsonNode section, String key, Class<T> type) {
        require(section != null && section.isObject(), key + " options are missing");
        try {
            return YAML.treeToValue(section, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Files named in mapping.yml lie beside it: a plain name, never a path that could climb out of the folder. */
    public static void checkFileName(String name, String what) {
        require(name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !name.contains(".."),
                what + " must be a file name beside mapping.yml, not " + name);
    }

    /** @throws IllegalArgumentException with this problem unless the condition holds */
    public static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
