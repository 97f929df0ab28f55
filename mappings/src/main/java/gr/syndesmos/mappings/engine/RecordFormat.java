package gr.syndesmos.mappings.engine;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One legacy format a {@code mapping.yml} may name ({@code format: csv}): how its options are checked when the
 * mapping is loaded and how its files (or rows) are read. The engine finds the formats with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/gr.syndesmos.mappings.engine.RecordFormat}) and never names one, so the readers depend on
 * the engine and not the other way round, and a new format is one class and one line there.
 */
public interface RecordFormat {

    /** The value of {@code format:} in a mapping.yml, e.g. {@code fixed-width}. */
    String name();

    /** The mapping.yml section holding this format's options ({@code fixedWidth}), or null when it has none. */
    default String optionsKey() {
        return null;
    }

    /** The reader options a source connector may override for one file (a municipality's {@code charset}...). */
    default Set<String> readerOptions() {
        return Set.of();
    }

    /** Whether the format reads bytes (and so needs a charset) rather than rows of typed values. */
    default boolean readsFiles() {
        return true;
    }

    /** Whether fields name paths inside a record ({@code synedriasi/@imerominia}) rather than columns or keys. */
    default boolean namesPaths() {
        return false;
    }

    /**
     * Checks the options section and the fields' columns when the mapping is loaded; what it returns is handed back
     * to the reader as {@link DeclarativeLegacyMapping#formatOptions()}.
     *
     * @param options the options section, or null when the mapping.yml has none
     * @param source the mapping's folder, for files the options name (a fixed-width layout)
     * @throws IllegalArgumentException naming the problem
     */
    Object compile(JsonNode options, MappingDefinition definition, MappingSource source);

    /** The charset a whole file is checked against before any record of it is read, or null for no check. */
    default Charset wholeFileCharset(DeclarativeLegacyMapping mapping, Path file, SourceContext context)
            throws UnreadableFileException {
        return mapping.charset(context);
    }

    /** Opens an export for reading one record at a time. */
    default RecordReader open(DeclarativeLegacyMapping mapping, InputStream export, SourceContext context)
            throws UnreadableFileException {
        throw new UnsupportedOperationException("a " + name() + " mapping reads rows, not files");
    }

    /** Translates rows of key → value. */
    default RecordReader rows(DeclarativeLegacyMapping mapping, Iterator<? extends Map<String, ?>> rows,
            SourceContext context) {
        throw new UnsupportedOperationException("a " + name() + " mapping reads files, not rows");
    }
}
