package gr.syndesmos.mappings;

import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A legacy format translated to canonical records: a municipality's {@code mapping.yml}, or a mapping built into the
 * hub for a wire format every municipality shares (sensor readings).
 */
public interface LegacyMapping {

    /** The code of the municipality whose folder holds this mapping (records take theirs from the context); null for a built-in mapping. */
    String municipalityCode();

    String flow();

    /** The canonical record type it produces, e.g. {@code council-decision}. */
    String recordType();

    /** The version of that record type's schema its records follow. */
    int schemaVersion();

    /** Human name of the legacy system, e.g. "council secretariat system (CSV export)". */
    String legacySystem();

    /** The mapping's format: {@code csv}, {@code xml}, {@code fixed-width} or {@code rows}. */
    String format();

    /** Whether it reads files ({@link #open}) rather than rows ({@link #rows}). */
    boolean readsFiles();

    /**
     * Opens an export for reading one record at a time, never the whole file in memory.
     *
     * @param export the raw bytes of the file; the reader decodes them with the declared charset, strictly
     * @param context the file's name, the municipality whose file it is, and reader option overrides
     * @throws UnreadableFileException when the file as a whole cannot be read: wrong encoding, a DOCTYPE, missing
     *     columns, an empty file, a file of another municipality
     * @throws IllegalArgumentException for a reader option this format does not know, or a bad option value
     * @throws UnsupportedOperationException for a mapping that reads rows, not files
     */
    RecordReader open(InputStream export, SourceContext context) throws UnreadableFileException;

    /**
     * Translates records that arrive as key → value rows (a database row, a JSON object). A field's {@code column}
     * names the key; values may be String, Integer/Long, BigDecimal, Boolean, java.sql.Date/Timestamp,
     * LocalDate/LocalDateTime/OffsetDateTime or null. A record's line is its 1-based position in the batch.
     *
     * @throws UnsupportedOperationException for a mapping that reads files
     * @throws IllegalArgumentException when the context carries reader options (rows have none)
     */
    RecordReader rows(Iterator<? extends Map<String, ?>> rows, SourceContext context);

    /**
     * Reads a whole export file once, before any record of it is published, and refuses it whole when it is not text
     * of its declared charset (a byte that is no character of it, UTF-8 labelled as a Greek single-byte charset).
     *
     * @throws UnreadableFileException {@code empty} or {@code encoding}
     */
    default void checkWholeFile(java.nio.file.Path file, SourceContext context) throws UnreadableFileException {
        // Formats that read no files have nothing to check.
    }

    /** How this municipality's system imports what destinations answered (ADAs), when it takes answers back. */
    Optional<WriteBackFormat> writeBack();
}
