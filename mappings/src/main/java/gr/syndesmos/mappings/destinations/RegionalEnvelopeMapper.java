package gr.syndesmos.mappings.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.schemas.CanonicalJson;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The regional platform's envelope (an assumption: no public API, see world/README.md):
 * {@code {recordType, schemaVersion, id, version, municipality, record}}; the platform is idempotent on
 * {@code (id, version)}. It takes every kind of canonical record: the envelope carries the fields every canonical
 * record has, and {@code record} the rest of the record's fields, as the canonical JSON writes them.
 */
public final class RegionalEnvelopeMapper {

    /** The fields every canonical record has; they head the envelope rather than repeat inside it. */
    static final Set<String> ENVELOPE_FIELDS = Set.of("recordType", "schemaVersion", "id", "version", "municipality");

    private RegionalEnvelopeMapper() {
    }

    /** The envelope of any canonical record (a {@code gr.syndesmos.schemas} record, or its canonical JSON). */
    public static ObjectNode toEnvelope(Object canonicalRecord) {
        JsonNode canonical = canonicalRecord instanceof JsonNode node ? node
                : CanonicalJson.mapper().valueToTree(canonicalRecord);
        for (String field : ENVELOPE_FIELDS) {
            if (!canonical.hasNonNull(field)) {
                throw new IllegalArgumentException("Not a canonical record: it has no " + field);
            }
        }
        ObjectNode envelope = CanonicalJson.mapper().createObjectNode();
        envelope.set("recordType", canonical.get("recordType"));
        envelope.set("schemaVersion", canonical.get("schemaVersion"));
        envelope.set("id", canonical.get("id"));
        envelope.set("version", canonical.get("version"));
        envelope.set("municipality", canonical.get("municipality"));
        ObjectNode record = envelope.putObject("record");
        for (Iterator<Map.Entry<String, JsonNode>> fields = canonical.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!ENVELOPE_FIELDS.contains(field.getKey())) {
                record.set(field.getKey(), field.getValue());
            }
        }
        return envelope;
    }
}
