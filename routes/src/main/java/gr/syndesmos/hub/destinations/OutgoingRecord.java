package gr.syndesmos.hub.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/**
 * One version of a canonical record on its way to a destination: what the delivery read from the message's
 * properties, and its body as JSON.
 *
 * @param municipality the Kallikratis code of the municipality whose record it is
 */
public record OutgoingRecord(String municipality, String recordType, String recordId, OffsetDateTime version,
        JsonNode body) {
}
