package gr.syndesmos.connectors.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Posts JSON to one outside system and tells what it answered. Uses the JDK's HTTP client (pooled keep-alive
 * connections, HTTP/1.1); redirects are never followed, because a POST that is redirected to another host is a
 * failure, not a delivery. Each call carries the credentials of {@link HttpOutSettings#auth()}, an idempotency key
 * (so a destination that deduplicates can do so when the hub repeats a call whose answer it did not get), and waits
 * for its turn under {@link HttpOutSettings#rateLimitPerSecond()}.
 *
 * <p>With OAuth 2.0 client credentials, a token is fetched once and kept until shortly before it expires; when the
 * destination answers 401 the token is renewed once and the call repeated once.
 *
 * <p>Thread-safe: one instance per destination, shared by every caller.
 */
public final class HttpOutClient {

    private final HttpOutSettings settings;
    private final HttpClient client;
    private final CallSpacing spacing;
    private final ClientCredentialsTokens tokens;
    private final String staticAuthorization;

    public HttpOutClient(HttpOutSettings settings) {
        this(settings, Clock.systemUTC());
    }

    HttpOutClient(HttpOutSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.spacing = settings.rateLimitPerSecond() > 0
                ? new CallSpacing(settings.rateLimitPerSecond(), settings.responseTimeout()) : null;
        this.tokens = settings.auth() == HttpOutSettings.Auth.OAUTH2_CLIENT_CREDENTIALS
                ? new ClientCredentialsTokens(settings, clock) : null;
        this.staticAuthorization = settings.auth() == HttpOutSettings.Auth.BASIC
                ? "Basic " + Base64.getEncoder().encodeToString(
                        (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8))
                : null;
    }

    public HttpOutSettings settings() {
        return settings;
    }

    /**
     * Posts to {@code path} under the settings' base URL and returns a successful answer.
     *
     * @param path appended to the base URL; empty or starting with {@code /}
     * @throws HttpOutFailure when no answer came (transient) or the answer was not 2xx (permanent or transient,
     *     as {@link HttpOutResponse#isPermanentFailure()} says)
     */
    public HttpOutResponse deliver(String path, byte[] json, String idempotencyKey)
            throws HttpOutFailure, InterruptedException {
        return deliver(resolve(path), json, idempotencyKey, Map.of());
    }

    /** As {@link #deliver(String, byte[], String)}, to an absolute URI. */
    public HttpOutResponse deliver(URI uri, byte[] json, String idempotencyKey, Map<String, String> extraHeaders)
            throws HttpOutFailure, InterruptedException {
        HttpOutResponse response = send(uri, json, idempotencyKey, extraHeaders);
        if (response.isSuccess()) {
            return response;
        }
        int status = response.status();
        String hint = switch (status) {
            case 401, 403 -> settings.auth() == HttpOutSettings.Auth.NONE
                    ? " (the destination wants credentials; auth is none)"
                    : " (the destination refused the credentials of auth " + settings.auth().parameterValue() + ")";
            case 408, 429 -> " (the destination asks to try again later)";
            default -> status >= 500 ? " (the destination failed; try again later)" : "";
        };
        throw new HttpOutFailure(describe(uri) + " answered HTTP " + status + hint, status,
                response.isPermanentFailure(), response.body(), null);
    }

    /**
     * Posts and returns whatever the destination answered, successful or not.
     *
     * @param idempotencyKey sent in {@link HttpOutSettings#idempotencyHeader()}; required unless that is empty
     * @throws HttpOutFailure (transient, {@link HttpOutFailure#answered()} false) when no answer arrived (refused,
     *     reset, timed out, no rate-limit turn): the outcome is unknown, so the caller repeats with the same key;
     *     or when no access token could be had
     */
    public HttpOutResponse send(URI uri, byte[] json, String idempotencyKey, Map<String, String> extraHeaders)
            throws HttpOutFailure, InterruptedException {
        Objects.requireNonNull(json, "json");
        if (!settings.idempotencyHeader().isEmpty() && (idempotencyKey == null || idempotencyKey.isBlank())) {
            throw new IllegalArgumentException("an idempotency key is required (header "
                    + settings.idempotencyHeader() + ")");
        }
        String authorization = authorization();
        HttpOutResponse response = exchange(uri, json, idempotencyKey, extraHeaders, authorization);
        if (response.status() == 401 && tokens != null) {
            // The token may have been revoked or expired early: renew it once and repeat the call once.
            tokens.renewAfterRefusal(authorization);
            response = exchange(uri, json, idempotencyKey, extraHeaders, authorization());
        }
        return response;
    }

    /**
     * A read-only {@code GET} with the same credentials, timeouts and rate limit: a look-up, such as whether the
     * destination already holds a record the hub may have sent before a crash. Returns whatever it answered.
     *
     * @throws HttpOutFailure when no answer came
     */
    public HttpOutResponse get(URI uri) throws HttpOutFailure, InterruptedException {
        String authorization = authorization();
        HttpOutResponse response = exchange(uri, null, null, Map.of(), authorization);
        if (response.status() == 401 && tokens != null) {
            tokens.renewAfterRefusal(authorization);
            response = exchange(uri, null, null, Map.of(), authorization());
        }
        return response;
    }

    /** One call: a POST of {@code json}, or a GET when it is null. */
    private HttpOutResponse exchange(URI uri, byte[] json, String idempotencyKey, Map<String, String> extraHeaders,
            String authorization) throws HttpOutFailure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.responseTimeout())
                .header("Accept", "application/json");
        if (json == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        }
        if (json != null && !settings.idempotencyHeader().isEmpty()) {
            request.header(settings.idempotencyHeader(), idempotencyKey);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (settings.auth() == HttpOutSettings.Auth.API_KEY) {
            request.header(settings.apiKeyHeader(), settings.apiKey());
        }
        extraHeaders.forEach(request::header);
        if (spacing != null) {
            spacing.awaitTurn();
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpOutResponse(response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw HttpOutFailure.noAnswer(describe(uri) + " did not answer: no connection within "
                    + settings.connectTimeout().toMillis() + " ms (connectTimeoutMillis)", e);
        } catch (HttpTimeoutException e) {
            throw HttpOutFailure.noAnswer(describe(uri) + " did not answer within "
                    + settings.responseTimeout().toMillis() + " ms (responseTimeoutMillis)", e);
        } catch (ConnectException e) {
            throw HttpOutFailure.noAnswer(describe(uri) + " did not answer: connection refused"
                    + " (nothing listening, or a firewall)", e);
        } catch (IOException e) {
            throw HttpOutFailure.noAnswer(describe(uri) + " did not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    private String authorization() throws HttpOutFailure {
        return tokens != null ? tokens.authorizationHeader() : staticAuthorization;
    }

    private URI resolve(String path) {
        if (settings.baseUrl() == null) {
            throw new IllegalStateException("this client has no baseUrl; give an absolute URI");
        }
        String suffix = path == null ? "" : path;
        if (!suffix.isEmpty() && (!suffix.startsWith("/") || suffix.startsWith("//") || suffix.contains("\\"))) {
            throw new IllegalArgumentException("the path must be empty or start with a single '/', got '" + suffix
                    + "'");
        }
        return URI.create(settings.baseUrl().toString().replaceAll("/+$", "") + suffix);
    }

    /** Method and address without query or user info, which may hold secrets. */
    private static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
