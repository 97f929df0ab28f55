package gr.syndesmos.mappings;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;

/** Writes ADAs back in the file format a municipality's own system imports. */
public interface AdaWriteBackFormat {

    /** The file name for a batch written at this local (Europe/Athens) time, e.g. {@code ada_20261120_180500.csv}. */
    String fileName(LocalDateTime writtenAt);

    void write(List<AdaAssignment> assignments, OutputStream out) throws IOException;

    /**
     * One ADA the transparency portal assigned.
     *
     * @param legacyId the decision's id in the municipality's system (may be null for systems without one)
     */
    record AdaAssignment(String legacyId, int year, int decisionNumber, String ada, OffsetDateTime publishedAt) {
    }
}
