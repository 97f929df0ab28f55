package gr.syndesmos.connectors.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Posts JSON to an outside system and returns what it answered. Uses the JDK's HTTP client (pooled keep-alive
 * connections, HTTP/1.1); redirects are never followed, because a POST that is redirected to another host is a
 * failure, not a delivery. Every call carries an idempotency key so that a destination that deduplicates can do so
 * when the hub repeats a call whose answer it did not get.
 */
public final class JsonHttpClient {

    private final HttpClient client;
    private final Duration responseTimeout;

    public JsonHttpClient(Duration connectTimeout, Duration responseTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.responseTimeout = responseTimeout;
    }

    /**
     * @throws IOException when no answer arrived (refused, reset, timed out): the outcome is unknown, so the caller
     *     retries with the same idempotency key
     */
    public Response postJson(URI uri, byte[] json, String idempotencyKey, Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(responseTimeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        extraHeaders.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /** An answer from the destination. */
    public record Response(int status, String body) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** 4xx other than 408 and 429: the destination refused the content; repeating the call will not help. */
        public boolean isPermanentFailure() {
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
    }
}
