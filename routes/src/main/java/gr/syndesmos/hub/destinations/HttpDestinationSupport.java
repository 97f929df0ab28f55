package gr.syndesmos.hub.destinations;

import gr.syndesmos.connectors.http.HttpOutClient;
import gr.syndesmos.connectors.http.HttpOutFailure;
import gr.syndesmos.connectors.http.HttpOutResponse;
import java.net.URI;
import java.util.Map;

/** Turns an HTTP exchange with a destination into an answer or a classified failure. */
final class HttpDestinationSupport {

    private HttpDestinationSupport() {
    }

    static HttpOutResponse post(HttpOutClient client, String destination, URI uri, byte[] body,
            String idempotencyKey) throws DeliveryFailedException, InterruptedException {
        HttpOutResponse response;
        try {
            response = client.send(uri, body, idempotencyKey, Map.of());
        } catch (HttpOutFailure e) {
            // No answer (refused, reset, timed out, no access token): the outcome is unknown, so it is retried.
            throw new DeliveryFailedException(false, destination + " did not answer (" + e.getMessage() + ")", e);
        }
        if (response.isSuccess()) {
            return response;
        }
        throw new DeliveryFailedException(response.isPermanentFailure(),
                destination + " answered HTTP " + response.status() + summary(response.body()));
    }

    /** A short, single-line excerpt of an error body: enough to act on, without copying records into logs. */
    private static String summary(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.replaceAll("\\s+", " ").trim();
        return ": " + (line.length() > 300 ? line.substring(0, 300) + "..." : line);
    }
}
