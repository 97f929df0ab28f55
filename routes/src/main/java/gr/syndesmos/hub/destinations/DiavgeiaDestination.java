package gr.syndesmos.hub.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.connectors.http.HttpOutClient;
import gr.syndesmos.connectors.http.HttpOutFailure;
import gr.syndesmos.connectors.http.HttpOutResponse;
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
import java.util.Optional;

/**
 * The transparency portal: {@code POST /decisions} with the decision's metadata, answered with the decision and its
 * new ADA; a later version of a published decision is a correction, {@code POST /decisions/{ADA}}. The portal does not
 * honour an idempotency key: a repeated call publishes the decision again under a new ADA. So when an earlier
 * attempt's outcome is unknown the hub first looks the decision up, by organisation and protocol number, with the
 * portal's own search ({@code GET /search?org=&protocol=}).
 */
final class DiavgeiaDestination implements Destination {

    private final String name;
    private final HttpOutClient client;
    private final URI baseUrl;
    private final DiavgeiaMappers mappers;

    DiavgeiaDestination(String name, HttpOutClient client, URI baseUrl, DiavgeiaMappers mappers) {
        this.name = name;
        this.mappers = mappers;
        this.client = client;
        this.baseUrl = baseUrl;
    }

    @Override
    public String name() {
        return name;
    }

    /** Each municipality needs its Diavgeia ids ({@code diavgeia.yml}): missing or broken, the hub does not start. */
    @Override
    public void prepare(String municipalityCode) {
        try {
            mappers.forMunicipality(municipalityCode);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Municipality " + municipalityCode + " delivers to " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /** The council decision the portal's metadata is made from; the contract's mapper reads the Java model. */
    private static CouncilDecision decision(OutgoingRecord record) throws DeliveryFailedException {
        try {
            return CanonicalJson.mapper().treeToValue(record.body(), CouncilDecision.class);
        } catch (IOException e) {
            throw new DeliveryFailedException(true, "not a council decision v" + CouncilDecision.SCHEMA_VERSION
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean repeatsMakeDuplicates() {
        return true;
    }

    @Override
    public Optional<Accepted> alreadyHolds(OutgoingRecord record) throws DeliveryFailedException,
            InterruptedException {
        CouncilDecision decision = decision(record);
        ObjectNode metadata;
        try {
            metadata = mappers.forMunicipality(decision.municipality().code()).toMetadata(decision);
        } catch (UnmappableRecordException e) {
            return Optional.empty();
        }
        String organization = metadata.path("organizationId").asText();
        String protocol = metadata.path("protocolNumber").asText();
        URI search = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/search?org="
                + URLEncoder.encode(organization, StandardCharsets.UTF_8) + "&protocol="
                + URLEncoder.encode(protocol, StandardCharsets.UTF_8) + "&size=100");
        HttpOutResponse answer;
        try {
            answer = client.get(search);
        } catch (HttpOutFailure e) {
            throw new DeliveryFailedException(false, name + " could not be asked whether it already holds the "
                    + "decision (" + e.getMessage() + ")", e);
        }
        if (!answer.isSuccess()) {
            throw new DeliveryFailedException(false, name + " answered the look-up with HTTP " + answer.status());
        }
        try {
            for (JsonNode found : CanonicalJson.mapper().readTree(answer.body()).path("decisions")) {
                // The search matches words; only this organisation's decision with exactly this number counts.
                if (organization.equals(found.path("organizationId").asText())
                        && protocol.equals(found.path("protocolNumber").asText())
                        && !"REVOKED".equals(found.path("status").asText())
                        && !found.path("ada").asText("").isBlank()) {
                    return Optional.of(new Accepted(found.path("ada").asText(), publishedAt(found)));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new DeliveryFailedException(false, name + " answered the look-up with a body that is not JSON", e);
        }
    }

    private static OffsetDateTime publishedAt(JsonNode decision) {
        JsonNode published = decision.path("publishTimestamp");
        if (published.isNumber()) {
            return OffsetDateTime.ofInstant(Instant.ofEpochMilli(published.asLong()), ZoneOffset.UTC);
        }
        try {
            return OffsetDateTime.parse(published.asText());
        } catch (RuntimeException notADate) {
            return OffsetDateTime.now(ZoneOffset.UTC);
        }
    }

    @Override
    public Accepted deliver(OutgoingRecord record, String idempotencyKey, String previousAda)
            throws DeliveryFailedException, InterruptedException {
        CouncilDecision decision = decision(record);
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
        HttpOutResponse response = HttpDestinationSupport.post(client, name,
                URI.create(baseUrl.toString().replaceAll("/+$", "") + path), metadata.toString().getBytes(
                        StandardCharsets.UTF_8), idempotencyKey);
        try {
            JsonNode decisionJson = CanonicalJson.mapper().readTree(response.body());
            String ada = decisionJson.path("ada").asText(null);
            if (ada == null || ada.isBlank()) {
                throw new DeliveryFailedException(false, "Diavgeia answered HTTP " + response.status()
                        + " without an ADA");
            }
            return new Accepted(ada, publishedAt(decisionJson));
        } catch (IOException e) {
            throw new DeliveryFailedException(false, "Diavgeia answered HTTP " + response.status()
                    + " with a body that is not JSON", e);
        }
    }
}
