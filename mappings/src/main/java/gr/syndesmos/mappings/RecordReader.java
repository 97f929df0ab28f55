package gr.syndesmos.mappings;

import java.util.Iterator;

/**
 * Streams the records of one export. {@link #next()} throws {@link UnreadableFileException} (unchecked) when the
 * rest of the file cannot be read, e.g. a truncated XML file: records returned before that are complete.
 */
public interface RecordReader extends Iterator<MappedRecord>, AutoCloseable {

    @Override
    void close();
}
