package gr.syndesmos.mappings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.schemas.CanonicalJson;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One record of a legacy export after translation.
 *
 * @param outcome VALID (record set), DRAFT (not to be published; record null) or INVALID (problems set)
 * @param recordId the canonical id ({@code 9318-council-decision-2026-245}, the code being the context's
 *     municipality) when the members its schema's id template needs could be read, else null
 * @param version the record's version when it could be read, else null
 * @param record the canonical record as JSON, only when VALID
 * @param legacyId the legacy system's own id of the record, if it has one
 * @param line the line in the file where the record starts (1-based, a header line is line 1), or for rows the
 *     record's 1-based position in its batch
 * @param problems why the record is invalid; empty unless INVALID
 * @param origin where in its source the record came from when that is more than the source's name (the MQTT topic
 *     of a reading), else null
 * @param raw the values as they arrived, for the quarantine report of formats whose values carry no personal data
 *     (sensor readings); null otherwise
 */
public record MappedRecord(Outcome outcome, String recordId, OffsetDateTime version, ObjectNode record,
        String legacyId, int line, List<Problem> problems, String origin, Map<String, Object> raw) {

    public MappedRecord(Outcome outcome, String recordId, OffsetDateTime version, ObjectNode record, String legacyId,
            int line, List<Problem> problems) {
        this(outcome, recordId, version, record, legacyId, line, problems, null, null);
    }

    /** The canonical record read as one of the schemas' Java models (for code that knows its record type). */
    public <T> T as(Class<T> model) {
        if (record == null) {
            return null;
        }
        try {
            return CanonicalJson.mapper().treeToValue(record, model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the record does not fit " + model.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

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
