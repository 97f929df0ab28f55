package gr.syndesmos.connectors.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How {@link HttpOutClient} reaches one destination: where, with which credentials, how long it waits and how fast
 * it may call. Built from the {@code http-out} descriptor's parameters with {@link #fromParameters(Map)}; every
 * combination is checked when the settings are made, so a wrong configuration stops the hub at start-up rather than
 * at the first delivery.
 *
 * @param baseUrl where calls go; {@code null} only for a client whose callers always give absolute URIs
 * @param rateLimitPerSecond at most this many calls start in any one-second window; 0 = unlimited
 * @param idempotencyHeader the header that carries each call's idempotency key; empty = none is sent
 */
public record HttpOutSettings(
        URI baseUrl,
        Auth auth,
        String apiKeyHeader,
        String apiKey,
        String username,
        String password,
        URI tokenUrl,
        String clientId,
        String clientSecret,
        String scope,
        Duration connectTimeout,
        Duration responseTimeout,
        int rateLimitPerSecond,
        String idempotencyHeader) {

    public static final String DEFAULT_API_KEY_HEADER = "X-Api-Key";
    public static final String DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(5000);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMillis(30000);

    /** How the client proves who it is; {@link #parameterValue()} is the descriptor's spelling. */
    public enum Auth {
        NONE("none"),
        API_KEY("api-key"),
        BASIC("basic"),
        OAUTH2_CLIENT_CREDENTIALS("oauth2-client-credentials");

        private final String parameterValue;

        Auth(String parameterValue) {
            this.parameterValue = parameterValue;
        }

        public String parameterValue() {
            return parameterValue;
        }

        public static Auth fromParameter(String value) {
            for (Auth auth : values()) {
                if (auth.parameterValue.equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return auth;
                }
            }
            throw new IllegalArgumentException("auth must be one of none, api-key, basic, oauth2-client-credentials;"
                    + " got '" + value + "'");
        }
    }

    public HttpOutSettings {
        auth = auth == null ? Auth.NONE : auth;
        apiKeyHeader = blankToNull(apiKeyHeader) == null ? DEFAULT_API_KEY_HEADER : apiKeyHeader.trim();
        apiKey = blankToNull(apiKey);
        username = blankToNull(username);
        password = blankToNull(password);
        clientId = blankToNull(clientId);
        clientSecret = blankToNull(clientSecret);
        scope = blankToNull(scope);
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        responseTimeout = responseTimeout == null ? DEFAULT_RESPONSE_TIMEOUT : responseTimeout;
        idempotencyHeader = idempotencyHeader == null ? "" : idempotencyHeader.trim();

        if (baseUrl != null) {
            requireHttpUrl("baseUrl", baseUrl);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeoutMillis must be more than 0");
        }
        if (responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("responseTimeoutMillis must be more than 0");
        }
        if (rateLimitPerSecond < 0) {
            throw new IllegalArgumentException("rateLimitPerSecond must be 0 (unlimited) or more, got "
                    + rateLimitPerSecond);
        }
        requireHeaderName("apiKeyHeader", apiKeyHeader);
        if (!idempotencyHeader.isEmpty()) {
            requireHeaderName("idempotencyHeader", idempotencyHeader);
        }
        switch (auth) {
            case NONE -> refuseStray(auth, "apiKey", apiKey, "username", username, "password", password,
                    "tokenUrl", tokenUrl, "clientId", clientId, "clientSecret", clientSecret, "scope", scope);
            case API_KEY -> {
                require(auth, "apiKey", apiKey);
                refuseStray(auth, "username", username, "password", password, "tokenUrl", tokenUrl,
                        "clientId", clientId, "clientSecret", clientSecret, "scope", scope);
            }
            case BASIC -> {
                require(auth, "username", username);
                require(auth, "password", password);
                if (username.contains(":")) {
                    throw new IllegalArgumentException("auth basic: username must not contain ':'"
                            + " (HTTP basic authentication cannot carry it)");
                }
                refuseStray(auth, "apiKey", apiKey, "tokenUrl", tokenUrl, "clientId", clientId,
                        "clientSecret", clientSecret, "scope", scope);
            }
            case OAUTH2_CLIENT_CREDENTIALS -> {
                require(auth, "tokenUrl", tokenUrl);
                requireHttpUrl("tokenUrl", tokenUrl);
                require(auth, "clientId", clientId);
                require(auth, "clientSecret", clientSecret);
                refuseStray(auth, "apiKey", apiKey, "username", username, "password", password);
            }
        }
    }

    /**
     * Settings from the descriptor's parameters (names as in {@code http-out.connector.yaml}); missing or empty
     * values take their defaults, and names this class does not know (the hub's reserved ones) are ignored.
     *
     * @throws IllegalArgumentException naming the parameter that is missing, malformed or does not fit the others
     */
    public static HttpOutSettings fromParameters(Map<String, String> parameters) {
        String baseUrl = blankToNull(parameters.get("baseUrl"));
        if (baseUrl == null) {
            throw new IllegalArgumentException("baseUrl is required (the destination's address, e.g."
                    + " https://portal.example.gr/api)");
        }
        String auth = blankToNull(parameters.get("auth"));
        String tokenUrl = blankToNull(parameters.get("tokenUrl"));
        String idempotencyHeader = parameters.get("idempotencyHeader");
        return new HttpOutSettings(
                uri("baseUrl", baseUrl),
                auth == null ? Auth.NONE : Auth.fromParameter(auth),
                parameters.get("apiKeyHeader"),
                parameters.get("apiKey"),
                parameters.get("username"),
                parameters.get("password"),
                tokenUrl == null ? null : uri("tokenUrl", tokenUrl),
                parameters.get("clientId"),
                parameters.get("clientSecret"),
                parameters.get("scope"),
                millis(parameters, "connectTimeoutMillis", DEFAULT_CONNECT_TIMEOUT),
                millis(parameters, "responseTimeoutMillis", DEFAULT_RESPONSE_TIMEOUT),
                (int) number(parameters, "rateLimitPerSecond", 0),
                // Absent means the default header; present but empty means "send none".
                idempotencyHeader == null ? DEFAULT_IDEMPOTENCY_HEADER : idempotencyHeader);
    }

    /** Settings without authentication or rate limit, for callers that give absolute URIs. */
    public static HttpOutSettings withoutAuth(Duration connectTimeout, Duration responseTimeout) {
        return new HttpOutSettings(null, Auth.NONE, null, null, null, null, null, null, null, null,
                connectTimeout, responseTimeout, 0, DEFAULT_IDEMPOTENCY_HEADER);
    }

    /** Never shows a secret: records print every component by default, and settings end up in logs. */
    @Override
    public String toString() {
        return "HttpOutSettings[baseUrl=" + baseUrl + ", auth=" + auth.parameterValue()
                + (auth == Auth.API_KEY ? ", apiKeyHeader=" + apiKeyHeader + ", apiKey=****" : "")
                + (auth == Auth.BASIC ? ", username=" + username + ", password=****" : "")
                + (auth == Auth.OAUTH2_CLIENT_CREDENTIALS ? ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                        + ", clientSecret=****" + (scope == null ? "" : ", scope=" + scope) : "")
                + ", connectTimeout=" + connectTimeout.toMillis() + "ms, responseTimeout="
                + responseTimeout.toMillis() + "ms, rateLimitPerSecond=" + rateLimitPerSecond
                + ", idempotencyHeader=" + (idempotencyHeader.isEmpty() ? "(none)" : idempotencyHeader) + "]";
    }

    private static void require(Auth auth, String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("auth " + auth.parameterValue() + " needs " + name);
        }
    }

    /** A credential given for another mode is almost always a configuration mistake; say so instead of ignoring it. */
    private static void refuseStray(Auth auth, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                throw new IllegalArgumentException(namesAndValues[i] + " is set but auth is " + auth.parameterValue()
                        + ", which does not use it");
            }
        }
    }

    private static void requireHttpUrl(String name, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an absolute http or https URL, got '" + uri + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(name + " must not carry credentials; use the auth parameters");
        }
    }

    private static void requireHeaderName(String name, String header) {
        if (!header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException(name + " must be an HTTP header name, got '" + header + "'");
        }
    }

    private static URI uri(String name, String value) {
        try {
            return new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a valid URL: " + e.getMessage());
        }
    }

    private static Duration millis(Map<String, String> parameters, String name, Duration fallback) {
        return Duration.ofMillis(number(parameters, name, fallback.toMillis()));
    }

    private static long number(Map<String, String> parameters, String name, long fallback) {
        String value = blankToNull(parameters.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
