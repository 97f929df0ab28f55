package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.connectors.http.JsonHttpClient;
import gr.syndesmos.hub.deadletters.DeliveryFailedException;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Turns an HTTP exchange with a destination into an answer or a classified failure. */
final class HttpDestinationSupport {

    private HttpDestinationSupport() {
    }

    static JsonHttpClient.Response post(JsonHttpClient client, String destination, URI uri, byte[] body,
            String idempotencyKey) throws DeliveryFailedException, InterruptedException {
        JsonHttpClient.Response response;
        try {
            response = client.postJson(uri, body, idempotencyKey, Map.of());
        } catch (IOException e) {
            throw new DeliveryFailedException(false, destination + " did not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
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
