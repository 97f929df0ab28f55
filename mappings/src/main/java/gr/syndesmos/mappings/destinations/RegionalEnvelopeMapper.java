package gr.syndesmos.mappings.destinations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.councildecision.CouncilDecision;

/**
 * The regional platform's envelope (an assumption: no public API, see world/README.md):
 * {@code {recordType, schemaVersion, id, version, municipality, record}}; the platform is idempotent on
 * {@code (id, version)}. The record carries the canonical fields the region's dashboards use.
 */
public final class RegionalEnvelopeMapper {

    private RegionalEnvelopeMapper() {
    }

    public static ObjectNode toEnvelope(CouncilDecision d) {
        ObjectMapper json = CanonicalJson.mapper();
        ObjectNode canonical = json.valueToTree(d);
        ObjectNode envelope = json.createObjectNode();
        envelope.put("recordType", d.recordType());
        envelope.put("schemaVersion", d.schemaVersion());
        envelope.put("id", d.id());
        envelope.set("version", canonical.get("version"));
        envelope.set("municipality", canonical.get("municipality"));
        ObjectNode record = envelope.putObject("record");
        for (String field : new String[] {"decisionNumber", "year", "subject", "decisionTypeId", "amount",
                "issueDate", "meeting", "issuingUnit", "signers", "beneficiaryAfm", "beneficiaryName", "source"}) {
            record.set(field, canonical.get(field));
        }
        return envelope;
    }
}
