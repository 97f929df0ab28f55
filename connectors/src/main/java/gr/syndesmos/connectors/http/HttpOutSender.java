package gr.syndesmos.connectors.http;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The bean of the {@value #ID} Kamelet (sink): posts each exchange's JSON body to a destination with one
 * {@link HttpOutClient}, made when the Kamelet's route is made ({@link #open()}) from its properties. Java because
 * OAuth2 tokens, a rate limit and the 2xx-or-failure contract with its retry classification are the client's, not an
 * endpoint option's.
 *
 * <p>In: body {@code byte[]} or {@code String} (JSON, sent as UTF-8); header {@value #PATH_HEADER} (optional, appended
 * to {@code baseUrl}, must start with {@code /}); header {@value #IDEMPOTENCY_KEY_HEADER} (the key; when absent the
 * exchange id is used, which holds across Camel redeliveries of that exchange only).
 *
 * <p>Out: header {@value #STATUS_HEADER} = the answer's status, body = the answer's body (String). An answer other than
 * 2xx, or none, raises {@link HttpOutFailure} (status, permanent or not, body excerpt), so the caller's error handling
 * decides whether to retry.
 */
public final class HttpOutSender implements Processor {

    public static final String ID = "http-out";
    public static final String PATH_HEADER = "SyndesmosHttpPath";
    public static final String IDEMPOTENCY_KEY_HEADER = "SyndesmosIdempotencyKey";
    public static final String STATUS_HEADER = "SyndesmosHttpStatus";

    /** The Kamelet's properties by name, as {@link HttpOutSettings#fromParameters} reads them; empty ones left out. */
    private final Map<String, String> parameters = new HashMap<>();
    private HttpOutClient client;

    public void setBaseUrl(String value) {
        put("baseUrl", value);
    }

    public void setAuth(String value) {
        put("auth", value);
    }

    public void setApiKeyHeader(String value) {
        put("apiKeyHeader", value);
    }

    public void setApiKey(String value) {
        put("apiKey", value);
    }

    public void setUsername(String value) {
        put("username", value);
    }

    public void setPassword(String value) {
        put("password", value);
    }

    public void setTokenUrl(String value) {
        put("tokenUrl", value);
    }

    public void setClientId(String value) {
        put("clientId", value);
    }

    public void setClientSecret(String value) {
        put("clientSecret", value);
    }

    public void setScope(String value) {
        put("scope", value);
    }

    public void setConnectTimeoutMillis(String value) {
        put("connectTimeoutMillis", value);
    }

    public void setResponseTimeoutMillis(String value) {
        put("responseTimeoutMillis", value);
    }

    public void setRateLimitPerSecond(String value) {
        put("rateLimitPerSecond", value);
    }

    /** Empty means "send none", so it is kept even when empty. */
    public void setIdempotencyHeader(String value) {
        parameters.put("idempotencyHeader", value == null ? "" : value);
    }

    private void put(String name, String value) {
        if (value == null || value.isEmpty()) {
            parameters.remove(name);
        } else {
            parameters.put(name, value);
        }
    }

    /** Makes the client; refuses settings that do not fit together, naming the property. */
    public void open() {
        client = new HttpOutClient(HttpOutSettings.fromParameters(parameters));
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (client == null) {
            open();
        }
        Message message = exchange.getMessage();
        Object body = message.getBody();
        byte[] json;
        if (body instanceof byte[] bytes) {
            json = bytes;
        } else if (body instanceof String text) {
            json = text.getBytes(StandardCharsets.UTF_8);
        } else {
            throw new IllegalArgumentException(ID + " posts JSON given as byte[] or String, got "
                    + (body == null ? "no body" : body.getClass().getName()));
        }
        String key = message.getHeader(IDEMPOTENCY_KEY_HEADER, String.class);
        if (key == null || key.isBlank()) {
            key = exchange.getExchangeId();
        }
        HttpOutResponse response = client.deliver(message.getHeader(PATH_HEADER, "", String.class), json, key);
        message.setHeader(STATUS_HEADER, response.status());
        message.setBody(response.body());
    }
}
