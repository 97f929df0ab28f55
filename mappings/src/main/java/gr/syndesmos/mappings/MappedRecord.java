package gr.syndesmos.mappings;

import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One record of a legacy export after translation.
 *
 * @param outcome VALID (decision set), DRAFT (not to be published; decision may be null) or INVALID (problems set)
 * @param recordId the canonical id ({@code 9318-council-decision-2026-245}, the code being the context's
 *     municipality) when number and year could be read, else null
 * @param version the record's version when it could be read, else null
 * @param decision the canonical record, only when VALID
 * @param legacyId the legacy system's own id of the record, if it has one
 * @param line the line in the file where the record starts (1-based, a header line is line 1), or for rows the
 *     record's 1-based position in its batch
 * @param problems why the record is invalid; empty unless INVALID
 */
public record MappedRecord(Outcome outcome, String recordId, OffsetDateTime version, CouncilDecision decision,
        String legacyId, int line, List<Problem> problems) {

    public enum Outcome { VALID, DRAFT, INVALID }

    /**
     * A reason a record was refused.
     *
     * @param code stable, lower-case reason code, e.g. {@code bad-afm}, {@code unknown-code}, {@code missing-subject}
     * @param field the canonical field concerned
     * @param message plain-language explanation; never carries an AFM, AMKA or personal name in full
     */
    public record Problem(String code, String field, String message) {
    }
}
