package gr.syndesmos.mappings;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * Writes what destinations answered (Diavgeia's ADA and when it published the decision) back to a municipality's
 * system, in the file format that system imports, as its mapping's {@code writeBack} section declares.
 */
public interface WriteBackFormat {

    /** The file name for a batch written at this local time, e.g. {@code ada_20261120_180500.csv}. */
    String fileName(LocalDateTime writtenAt);

    /**
     * The members of the record the file names (JSON pointers such as {@code /decisionNumber}): only these are kept
     * while an answer waits to be written.
     */
    Set<String> recordMembers();

    void write(List<Answer> answers, OutputStream out) throws IOException;

    /**
     * One answer to write back.
     *
     * @param record the record's members named by {@link #recordMembers()} (the others may be absent)
     * @param reference the destination's own id for the record (the ADA)
     * @param answeredAt when the destination published or accepted it
     */
    record Answer(JsonNode record, String reference, OffsetDateTime answeredAt) {
    }
}
