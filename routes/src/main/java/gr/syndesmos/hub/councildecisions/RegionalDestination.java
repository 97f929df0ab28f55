package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.connectors.http.JsonHttpClient;
import gr.syndesmos.hub.deadletters.DeliveryFailedException;
import gr.syndesmos.mappings.destinations.RegionalEnvelopeMapper;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The regional platform: {@code POST /api/v1/records} with the record in its envelope; idempotent on (id, version). */
final class RegionalDestination implements DecisionDestination {

    static final String NAME = "regional";

    private final JsonHttpClient client;
    private final URI recordsUrl;

    RegionalDestination(JsonHttpClient client, URI baseUrl) {
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
        byte[] envelope = RegionalEnvelopeMapper.toEnvelope(decision).toString().getBytes(StandardCharsets.UTF_8);
        HttpDestinationSupport.post(client, NAME, recordsUrl, envelope, idempotencyKey);
        return new Accepted(null, null);
    }
}
