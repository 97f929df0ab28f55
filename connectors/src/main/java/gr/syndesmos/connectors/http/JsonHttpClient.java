package gr.syndesmos.connectors.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Posts JSON to an outside system and returns what it answered, without authentication or rate limit: a thin
 * wrapper kept for callers that give absolute URIs and classify answers themselves. New code uses
 * {@link HttpOutClient}, which does the same and adds credentials, rate limiting and failure classification.
 */
public final class JsonHttpClient {

    private final HttpOutClient client;

    public JsonHttpClient(Duration connectTimeout, Duration responseTimeout) {
        this.client = new HttpOutClient(HttpOutSettings.withoutAuth(connectTimeout, responseTimeout));
    }

    /**
     * @throws IOException when no answer arrived (refused, reset, timed out): the outcome is unknown, so the caller
     *     retries with the same idempotency key
     */
    public Response postJson(URI uri, byte[] json, String idempotencyKey, Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        try {
            HttpOutResponse response = client.send(uri, json, idempotencyKey, extraHeaders);
            return new Response(response.status(), response.body());
        } catch (HttpOutFailure e) {
            // Callers name the cause's class in their messages, as they did when this class threw it directly.
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** An answer from the destination. */
    public record Response(int status, String body) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** 4xx other than 408 and 429: the destination refused the content; repeating the call will not help. */
        public boolean isPermanentFailure() {
            return HttpOutResponse.isPermanentFailure(status);
        }
    }
}
