package gr.syndesmos.mappings.engine;

import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.mappings.WriteBackFormat;
import gr.syndesmos.mappings.encoding.EncodingCheck;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A legacy export described entirely by its mapping.yml; its {@link RecordFormat} reads the files or rows. */
public final class DeclarativeLegacyMapping implements LegacyMapping {

    /** The reader option that overrides the declared charset. */
    public static final String CHARSET = "charset";

    private final MappingDefinition definition;
    private final RecordFormat format;
    private final Object formatOptions;
    private final List<CompiledField> fields;
    private final RecordTranslator translator;
    private final WriteBackFormat writeBack;
    private final ReadingLimits limits;

    DeclarativeLegacyMapping(MappingDefinition definition, RecordFormat format, Object formatOptions,
            List<CompiledField> fields, RecordTranslator translator, WriteBackFormat writeBack) {
        this.definition = definition;
        this.format = format;
        this.formatOptions = formatOptions;
        this.fields = fields;
        this.translator = translator;
        this.writeBack = writeBack;
        this.limits = ReadingLimits.of(definition);
    }

    /** How much one record may hold, for the readers. */
    public ReadingLimits limits() {
        return limits;
    }

    /** What the format's {@link RecordFormat#compile} made of its options section, for its reader. */
    public Object formatOptions() {
        return formatOptions;
    }

    @Override
    public void checkWholeFile(Path file, SourceContext context) throws UnreadableFileException {
        checkReaderOptions(context);
        Charset declared = format.wholeFileCharset(this, file, context);
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
    public String recordType() {
        return definition.recordType();
    }

    @Override
    public int schemaVersion() {
        return definition.schemaVersion();
    }

    @Override
    public String legacySystem() {
        return definition.legacySystem();
    }

    @Override
    public String format() {
        return definition.format();
    }

    @Override
    public boolean readsFiles() {
        return format.readsFiles();
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
        if (!format.readsFiles()) {
            throw new UnsupportedOperationException("the " + definition.municipalityCode() + "/"
                    + definition.flow() + " mapping reads rows, not files: use rows(...)");
        }
        return format.open(this, export, context);
    }

    @Override
    public RecordReader rows(Iterator<? extends Map<String, ?>> rows, SourceContext context) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(context, "context");
        if (format.readsFiles()) {
            throw new UnsupportedOperationException("the " + definition.municipalityCode() + "/"
                    + definition.flow() + " mapping reads " + format.name() + " files, not rows: use open(...)");
        }
        if (!context.readerOptions().isEmpty()) {
            throw new IllegalArgumentException("rows take no reader options, got " + context.readerOptions().keySet());
        }
        return format.rows(this, rows, context);
    }

    private void checkReaderOptions(SourceContext context) {
        Set<String> known = format.readerOptions();
        Set<String> unknown = new TreeSet<>(context.readerOptions().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown reader options " + unknown + " for a " + definition.format()
                    + " mapping; it knows " + new TreeSet<>(known));
        }
    }

    @Override
    public Optional<WriteBackFormat> writeBack() {
        return Optional.ofNullable(writeBack);
    }
}
