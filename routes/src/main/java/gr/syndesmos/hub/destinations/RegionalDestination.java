package gr.syndesmos.hub.destinations;

import gr.syndesmos.connectors.http.HttpOutClient;
import gr.syndesmos.mappings.destinations.RegionalEnvelopeMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The regional platform: {@code POST /api/v1/records} with the record in its envelope; idempotent on (id, version).
 * It takes every kind of canonical record.
 */
final class RegionalDestination implements Destination {

    private final String name;
    private final HttpOutClient client;
    private final URI recordsUrl;

    RegionalDestination(String name, HttpOutClient client, URI baseUrl) {
        this.name = name;
        this.client = client;
        this.recordsUrl = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/api/v1/records");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Accepted deliver(OutgoingRecord record, String idempotencyKey, String previousReference)
            throws DeliveryFailedException, InterruptedException {
        byte[] envelope;
        try {
            envelope = RegionalEnvelopeMapper.toEnvelope(record.body()).toString().getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notCanonical) {
            throw new DeliveryFailedException(true, "cannot be put in the regional envelope: "
                    + notCanonical.getMessage());
        }
        HttpDestinationSupport.post(client, name, recordsUrl, envelope, idempotencyKey);
        return new Accepted(null, null);
    }
}
