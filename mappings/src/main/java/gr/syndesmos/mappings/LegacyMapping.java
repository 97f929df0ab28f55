package gr.syndesmos.mappings;

import java.io.InputStream;

/** A legacy export format translated to canonical records, as described by one mapping file. */
public interface LegacyMapping {

    String municipalityCode();

    String flow();

    /** Human name of the legacy system, e.g. "council secretariat system (CSV export)". */
    String legacySystem();

    /**
     * Opens an export for reading one record at a time, never the whole file in memory.
     *
     * @param export the raw bytes of the file; the reader decodes them with the declared charset, strictly
     * @param fileName the file's name, carried into each record's source
     * @param municipalityName the municipality's official name, carried into each record
     * @throws UnreadableFileException when the file as a whole cannot be read: wrong encoding, a DOCTYPE, missing
     *     columns, an empty file, a file of another municipality
     */
    RecordReader open(InputStream export, String fileName, String municipalityName) throws UnreadableFileException;

    /** How this municipality's system imports the ADAs the transparency portal returns. */
    AdaWriteBackFormat writeBack();
}
