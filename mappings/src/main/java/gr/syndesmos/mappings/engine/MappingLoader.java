package gr.syndesmos.mappings.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gr.syndesmos.mappings.AdaWriteBackFormat;
import gr.syndesmos.mappings.destinations.DiavgeiaTypes;
import gr.syndesmos.mappings.engine.MappingDefinition.FieldDefinition;
import gr.syndesmos.mappings.writeback.DeclarativeWriteBack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        try (InputStream in = source.open("mapping.yml")) {
            def = YAML.readValue(in, MappingDefinition.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(location + ": cannot be read: " + e.getMessage(), e);
        }
        try {
            return compile(def, municipalityCode, flow, source);
        } catch (IllegalArgumentException | IllegalStateException | DateTimeException e) {
            // Problems in a file beside mapping.yml already name that file; name mapping.yml as well.
            throw new IllegalArgumentException(location + ": " + e.getMessage(), e);
        }
    }

    private static DeclarativeLegacyMapping compile(MappingDefinition def, String municipalityCode, String flow,
            MappingSource source) {
        require(municipalityCode.equals(def.municipalityCode()),
                "municipalityCode " + def.municipalityCode() + " does not match the folder " + municipalityCode);
        require(flow.equals(def.flow()), "flow " + def.flow() + " does not match the folder " + flow);
        require(def.legacySystem() != null && !def.legacySystem().isBlank(), "legacySystem is missing");
        boolean csv = "csv".equals(def.format());
        boolean xml = "xml".equals(def.format());
        boolean fixedWidth = "fixed-width".equals(def.format());
        boolean rows = "rows".equals(def.format());
        require(csv || xml || fixedWidth || rows, "format must be csv, xml, fixed-width or rows, not "
                + def.format());
        // Rows arrive as values, not bytes: they have no charset.
        require(rows ? def.charset() == null || Charset.isSupported(def.charset())
                : def.charset() != null && Charset.isSupported(def.charset()),
                "charset " + def.charset() + " is missing or unknown");
        require(def.fields() != null && !def.fields().isEmpty(), "fields are missing");
        require(def.reasons() != null, "reasons are missing");
        require(csv == (def.csv() != null), "csv options belong to, and only to, a csv mapping");
        require(xml == (def.xml() != null), "xml options belong to, and only to, an xml mapping");
        require(fixedWidth == (def.fixedWidth() != null),
                "fixedWidth options belong to, and only to, a fixed-width mapping");
        FixedWidthLayout layout = null;
        if (csv) {
            require(one(def.csv().delimiter()) && one(def.csv().quote()),
                    "csv.delimiter and csv.quote must be single characters");
        } else if (xml) {
            require(def.xml().root() != null && def.xml().record() != null
                    && def.xml().municipalityAttribute() != null,
                    "xml.root, xml.record and xml.municipalityAttribute are required");
        } else if (fixedWidth) {
            layout = loadLayout(def.fixedWidth(), source);
        }

        Map<String, CodeList> codeLists = new HashMap<>();
        List<CompiledField> fields = new ArrayList<>();
        for (Map.Entry<String, FieldDefinition> entry : def.fields().entrySet()) {
            Target target = Target.ofKebab(entry.getKey());
            require(target != null, "unknown field " + entry.getKey());
            FieldDefinition f = entry.getValue();
            String where = "field " + entry.getKey() + ": ";
            FieldType type = FieldType.ofKebab(f.type());
            require(type != null, where + "unknown type " + f.type());
            require(f.column() == null || f.path() == null, where + "give column or path, not both");
            if (xml) {
                require(f.column() == null, where + "an XML mapping names paths, not columns");
            } else {
                require(f.path() == null, where + "a " + def.format() + " mapping names columns, not paths");
            }
            if (layout != null && f.column() != null) {
                try {
                    layout.slice(f.column(), def.fixedWidth().detailRecord());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "column " + e.getMessage(), e);
                }
            }
            require(f.column() != null || f.path() != null || f.defaultValue() != null,
                    where + "needs a column, a path or a default");
            DatePattern pattern = null;
            ZoneId zone = null;
            if (type == FieldType.DATE || type == FieldType.DATETIME) {
                // Rows carry typed dates (or ISO text); files carry text in the system's own form.
                require(rows || f.pattern() != null, where + "a date needs a pattern");
                pattern = f.pattern() == null ? null : DatePattern.compile(f.pattern());
            }
            if (type == FieldType.DATETIME) {
                require(f.zone() != null, where + "a datetime needs a zone");
                zone = ZoneId.of(f.zone());
            }
            CodeList codes = null;
            if (type == FieldType.CODE) {
                require(f.codeList() != null, where + "a code needs a codeList");
                checkFileName(f.codeList(), where + "codeList");
                codes = codeLists.computeIfAbsent(f.codeList(), name -> loadCodeList(source, name));
                for (String uid : codes.allTargets()) {
                    require(DiavgeiaTypes.load().isAllowedInDecisions(uid),
                            f.codeList() + " maps to " + uid + ", which is not a Diavgeia type allowed in decisions");
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
            String missing = reason(def.reasons().missing(), "reasons.missing", target);
            String invalid = switch (type) {
                case AFM -> reason(def.reasons().badAfm(), "reasons.badAfm", target);
                case CODE -> reason(def.reasons().unknownCode(), "reasons.unknownCode", target);
                case DIAVGEIA_LABEL -> reason(def.reasons().unknownLabel(), "reasons.unknownLabel", target);
                case STATUS -> reason(def.reasons().badStatus(), "reasons.badStatus", target);
                default -> reason(def.reasons().invalid(), "reasons.invalid", target);
            };
            fields.add(new CompiledField(fields.size(), target, type, f.column(), f.path(), Boolean.TRUE.equals(f.required()),
                    f.defaultValue(), pattern, zone, codes,
                    type == FieldType.DIAVGEIA_LABEL ? DiavgeiaTypes.load() : null,
                    f.padTo() == null ? 9 : f.padTo(), statusValues,
                    f.min() == null ? Long.MIN_VALUE : f.min(), f.max() == null ? Long.MAX_VALUE : f.max(),
                    f.maxLength() == null ? Integer.MAX_VALUE : f.maxLength(), missing, invalid, f.separator()));
        }
        for (Target needed : new Target[] {Target.DECISION_NUMBER, Target.YEAR, Target.VERSION, Target.STATUS,
                Target.MEETING_DATE, Target.SUBJECT, Target.DECISION_TYPE}) {
            require(fields.stream().anyMatch(f -> f.target() == needed && f.required()),
                    "field " + needed.kebab() + " must be mapped and required: the canonical record needs it");
        }
        AdaWriteBackFormat writeBack = DeclarativeWriteBack.of(def.writeBack());
        RecordTranslator translator = new RecordTranslator(def.legacySystem(), fields);
        return new DeclarativeLegacyMapping(def, List.copyOf(fields), translator, writeBack, layout);
    }

    private static String reason(String template, String name, Target target) {
        require(template != null && !template.isBlank(), name + " is missing");
        return template.replace("{field}", target.kebab());
    }

    private static FixedWidthLayout loadLayout(MappingDefinition.FixedWidthOptions options, MappingSource source) {
        require(options.layout() != null && options.recordLength() != null && options.recordLength() > 1
                && options.headerRecord() != null && options.detailRecord() != null
                && options.trailerRecord() != null && options.municipalityField() != null
                && options.countField() != null,
                "fixedWidth needs layout, recordLength, headerRecord, municipalityField, detailRecord, "
                        + "trailerRecord and countField");
        String h = options.headerRecord();
        String d = options.detailRecord();
        String t = options.trailerRecord();
        require(!h.isEmpty() && h.length() == d.length() && d.length() == t.length()
                && !h.equals(d) && !d.equals(t) && !h.equals(t),
                "fixedWidth: headerRecord, detailRecord and trailerRecord must be distinct codes of one length");
        checkFileName(options.layout(), "fixedWidth.layout");
        String location = source.describe(options.layout());
        require(source.exists(options.layout()), "fixedWidth.layout " + location + " does not exist");
        FixedWidthLayout layout;
        try (InputStream in = source.open(options.layout())) {
            layout = FixedWidthLayout.load(in, location, options.recordLength());
        } catch (IOException e) {
            throw new IllegalArgumentException(location + ": cannot be read: " + e.getMessage(), e);
        }
        require(layout.hasRecord(d), "the layout " + location + " has no field of detail record " + d);
        layout.slice(options.municipalityField(), h);
        layout.slice(options.countField(), t);
        return layout;
    }

    private static CodeList loadCodeList(MappingSource source, String name) {
        String location = source.describe(name);
        try (InputStream in = source.open(name)) {
            return CodeList.load(in, location);
        } catch (IOException e) {
            throw new IllegalArgumentException(location + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Files named in mapping.yml lie beside it: a plain name, never a path that could climb out of the folder. */
    private static void checkFileName(String name, String what) {
        require(name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !name.contains(".."),
                what + " must be a file name beside mapping.yml, not " + name);
    }

    private static boolean one(String s) {
        return s != null && s.length() == 1;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
