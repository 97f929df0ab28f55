package gr.syndesmos.mappings.engine;

import gr.syndesmos.mappings.encoding.EncodingCheck;
import gr.syndesmos.mappings.xml.XmlProlog;
import java.nio.file.Path;

import gr.syndesmos.mappings.AdaWriteBackFormat;
import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.mappings.csv.CsvRecordReader;
import gr.syndesmos.mappings.xml.XmlRecordReader;
import java.io.InputStream;
import java.nio.charset.Charset;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.fixedwidth.FixedWidthRecordReader;
import gr.syndesmos.mappings.rows.RowRecordReader;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** A legacy export described entirely by its mapping.yml; the file format picks the reader. */
public final class DeclarativeLegacyMapping implements LegacyMapping {

    /** The reader option that overrides the declared charset. */
    public static final String CHARSET = "charset";

    private final MappingDefinition definition;
    private final List<CompiledField> fields;
    private final RecordTranslator translator;
    private final AdaWriteBackFormat writeBack;
    private final FixedWidthLayout layout;
    private final ReadingLimits limits;

    /** The reader options each format lets a caller override (SourceContext.readerOptions). */
    private static final Map<String, Set<String>> READER_OPTIONS = Map.of(
            "csv", Set.of(CHARSET, "delimiter", "quote", "headerNames"),
            "fixed-width", Set.of(CHARSET),
            "xml", Set.of(),
            "rows", Set.of());

    DeclarativeLegacyMapping(MappingDefinition definition, List<CompiledField> fields, RecordTranslator translator,
            AdaWriteBackFormat writeBack, FixedWidthLayout layout) {
        this.definition = definition;
        this.fields = fields;
        this.translator = translator;
        this.writeBack = writeBack;
        this.layout = layout;
        this.limits = ReadingLimits.of(definition);
    }

    /** How much one record may hold, for the readers. */
    public ReadingLimits limits() {
        return limits;
    }

    @Override
    public void checkWholeFile(Path file, SourceContext context) throws UnreadableFileException {
        checkReaderOptions(context);
        Charset declared = switch (definition.format()) {
            case "csv", "fixed-width" -> charset(context);
            case "xml" -> XmlProlog.encoding(file);
            default -> null;
        };
        if (declared != null) {
            EncodingCheck.wholeFile(file, declared);
        }
    }

    @Override
    public String municipalityCode() {
        return definition.municipalityCode();
    }

    @Override
    public String flow() {
        return definition.flow();
    }

    @Override
    public String legacySystem() {
        return definition.legacySystem();
    }

    @Override
    public String format() {
        return definition.format();
    }

    public MappingDefinition definition() {
        return definition;
    }

    public List<CompiledField> fields() {
        return fields;
    }

    public RecordTranslator translator() {
        return translator;
    }

    /** The fixed-width layout, or null for other formats. */
    public FixedWidthLayout layout() {
        return layout;
    }

    public Charset charset() {
        return Charset.forName(definition.charset());
    }

    /** The declared charset, or the context's {@code charset} option when it overrides it. */
    public Charset charset(SourceContext context) {
        String name = context.readerOptions().get(CHARSET);
        if (name == null) {
            return charset();
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reader option charset: unknown charset " + name, e);
        }
    }

    @Override
    public RecordReader open(InputStream export, SourceContext context) throws UnreadableFileException {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(context, "context");
        checkReaderOptions(context);
        return switch (definition.format()) {
            case "csv" -> CsvRecordReader.open(this, export, context);
            case "xml" -> XmlRecordReader.open(this, export, context);
            case "fixed-width" -> FixedWidthRecordReader.open(this, export, context);
            case "rows" -> throw new UnsupportedOperationException("the " + definition.municipalityCode() + "/"
                    + definition.flow() + " mapping reads rows, not files: use rows(...)");
            default -> throw new IllegalStateException("format " + definition.format());
        };
    }

    @Override
    public RecordReader rows(Iterator<? extends Map<String, ?>> rows, SourceContext context) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(context, "context");
        if ("xml".equals(definition.format())) {
            throw new UnsupportedOperationException("an xml mapping names paths, not keys: it cannot read rows");
        }
        if (!context.readerOptions().isEmpty()) {
            throw new IllegalArgumentException("rows take no reader options, got " + context.readerOptions().keySet());
        }
        return new RowRecordReader(this, rows, context);
    }

    private void checkReaderOptions(SourceContext context) {
        Set<String> known = READER_OPTIONS.get(definition.format());
        Set<String> unknown = new TreeSet<>(context.readerOptions().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown reader options " + unknown + " for a " + definition.format()
                    + " mapping; it knows " + new TreeSet<>(known));
        }
    }

    @Override
    public AdaWriteBackFormat writeBack() {
        return writeBack;
    }
}
