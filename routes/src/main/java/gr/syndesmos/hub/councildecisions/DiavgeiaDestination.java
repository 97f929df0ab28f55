package gr.syndesmos.hub.councildecisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.connectors.http.HttpOutClient;
import gr.syndesmos.connectors.http.HttpOutResponse;
import gr.syndesmos.hub.deadletters.DeliveryFailedException;
import gr.syndesmos.mappings.UnmappableRecordException;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The transparency portal: {@code POST /decisions} with the decision's metadata, answered with the decision and its
 * new ADA; a later version of a published decision is a correction, {@code POST /decisions/{ADA}}.
 */
final class DiavgeiaDestination implements DecisionDestination {

    static final String NAME = "diavgeia";

    private final HttpOutClient client;
    private final URI baseUrl;
    private final DiavgeiaMappers mappers;

    DiavgeiaDestination(HttpOutClient client, URI baseUrl, DiavgeiaMappers mappers) {
        this.mappers = mappers;
        this.client = client;
        this.baseUrl = baseUrl;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Accepted deliver(CouncilDecision decision, String idempotencyKey, String previousAda)
            throws DeliveryFailedException, InterruptedException {
        ObjectNode metadata;
        try {
            metadata = mappers.forMunicipality(decision.municipality().code())
                    .toMetadata(decision);
        } catch (UnmappableRecordException e) {
            throw new DeliveryFailedException(true, "cannot be expressed for Diavgeia: " + e.getMessage());
        }
        String path = "/decisions";
        if (previousAda != null) {
            metadata.put("correctedCopy", true);
            path += "/" + URLEncoder.encode(previousAda, StandardCharsets.UTF_8).replace("+", "%20");
        }
        HttpOutResponse response = HttpDestinationSupport.post(client, NAME,
                URI.create(baseUrl.toString().replaceAll("/+$", "") + path), metadata.toString().getBytes(
                        StandardCharsets.UTF_8), idempotencyKey);
        try {
            JsonNode decisionJson = CanonicalJson.mapper().readTree(response.body());
            String ada = decisionJson.path("ada").asText(null);
            if (ada == null || ada.isBlank()) {
                throw new DeliveryFailedException(false, "Diavgeia answered HTTP " + response.status()
                        + " without an ADA");
            }
            JsonNode published = decisionJson.path("publishTimestamp");
            OffsetDateTime publishedAt = published.isNumber()
                    ? OffsetDateTime.ofInstant(Instant.ofEpochMilli(published.asLong()), ZoneOffset.UTC)
                    : OffsetDateTime.now(ZoneOffset.UTC);
            return new Accepted(ada, publishedAt);
        } catch (IOException e) {
            throw new DeliveryFailedException(false, "Diavgeia answered HTTP " + response.status()
                    + " with a body that is not JSON", e);
        }
    }
}
