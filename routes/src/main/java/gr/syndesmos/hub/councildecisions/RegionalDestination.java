package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.connectors.http.HttpOutClient;
import gr.syndesmos.hub.deadletters.DeliveryFailedException;
import gr.syndesmos.mappings.destinations.RegionalEnvelopeMapper;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The regional platform: {@code POST /api/v1/records} with the record in its envelope; idempotent on (id, version).
 * It takes every kind of canonical record, so other flows (sensor readings) deliver through it too.
 */
public final class RegionalDestination implements DecisionDestination {

    public static final String NAME = "regional";

    private final HttpOutClient client;
    private final URI recordsUrl;

    public RegionalDestination(HttpOutClient client, URI baseUrl) {
        this.client = client;
        this.recordsUrl = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/api/v1/records");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Accepted deliver(CouncilDecision decision, String idempotencyKey, String previousReference)
            throws DeliveryFailedException, InterruptedException {
        deliverRecord(decision, idempotencyKey);
        return new Accepted(null, null);
    }

    /** Sends any canonical record (a {@code gr.syndesmos.schemas} record) in the platform's envelope. */
    public void deliverRecord(Object canonicalRecord, String idempotencyKey)
            throws DeliveryFailedException, InterruptedException {
        byte[] envelope = RegionalEnvelopeMapper.toEnvelope(canonicalRecord).toString()
                .getBytes(StandardCharsets.UTF_8);
        HttpDestinationSupport.post(client, NAME, recordsUrl, envelope, idempotencyKey);
    }
}
