package gr.syndesmos.connectors.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of one {@code http-in} path: admits a request only with the path's own key, as JSON records within the
 * limits, and answers every refusal itself. On admission the message holds the records and nothing of the caller's
 * headers, and exchange property {@value #ADMITTED_PROPERTY} is {@code true}.
 */
public final class HttpInGate implements Processor {

    public static final String SOURCE_HEADER = "SyndesmosSource";
    public static final String ADMITTED_PROPERTY = "SyndesmosHttpInAdmitted";
    static final String DEFAULT_API_KEY_HEADER = "Authorization";
    static final int DEFAULT_MAX_RECORDS = 1000;
    static final long DEFAULT_MAX_BODY_BYTES = 5L * 1024 * 1024;
    /** Seconds a pusher is asked to wait after a failure on our side before it sends again. */
    static final String RETRY_AFTER_SECONDS = "30";

    private static final Logger LOG = LoggerFactory.getLogger(HttpInGate.class);
    private static final String RECORD_COUNT_PROPERTY = "SyndesmosHttpInRecords";
    private static final String SOURCE_PROPERTY = "SyndesmosHttpInSource";
    /** Decimals as BigDecimal (amounts stay exact); a key twice in one object or text after the JSON is an error. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private String path;
    private byte[] expectedKeyDigest;
    private String apiKeyHeader = DEFAULT_API_KEY_HEADER;
    private int maxRecords = DEFAULT_MAX_RECORDS;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    /** The Kamelet's bean: its properties are set, then {@link #check()} runs. */
    public HttpInGate() {
    }

    HttpInGate(String path, String apiKey, String apiKeyHeader, int maxRecords, long maxBodyBytes) {
        setPath(path);
        setApiKey(apiKey);
        setApiKeyHeader(apiKeyHeader);
        setMaxRecords(maxRecords);
        setMaxBodyBytes(maxBodyBytes);
        check();
    }

    public void setPath(String path) {
        this.path = path;
    }

    /** Only the key's digest is kept. */
    public void setApiKey(String apiKey) {
        this.expectedKeyDigest = apiKey == null || apiKey.isBlank() ? null : sha256(apiKey);
    }

    public void setApiKeyHeader(String apiKeyHeader) {
        this.apiKeyHeader = apiKeyHeader == null || apiKeyHeader.isBlank() ? DEFAULT_API_KEY_HEADER
                : apiKeyHeader.trim();
    }

    public void setMaxRecords(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Refuses a gate that would let anyone in or nothing through, before the path is opened. */
    public void check() {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got '" + path + "'");
        }
        if (expectedKeyDigest == null) {
            throw new IllegalArgumentException("apiKey is required for " + path);
        }
        if (!apiKeyHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("apiKeyHeader must be an HTTP header name, got '" + apiKeyHeader + "'");
        }
        if (maxRecords < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxRecords and maxBodyBytes must be more than 0");
        }
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        exchange.setProperty(ADMITTED_PROPERTY, false);
        if (!keyMatches(message.getHeader(apiKeyHeader, String.class))) {
            LOG.warn("http-in {}: refused a push with a missing or wrong key", path);
            answer(message, 401, "unauthorized", "missing or wrong API key" + (isAuthorization()
                    ? " (send 'Authorization: Bearer <key>')" : " (send header " + apiKeyHeader + ")"));
            message.setHeader("WWW-Authenticate", isAuthorization()
                    ? "Bearer realm=\"syndesmos\""
                    : "ApiKey realm=\"syndesmos\", header=\"" + apiKeyHeader + "\"");
            return;
        }
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        String refusedType = unsupportedContentType(contentType);
        if (refusedType != null) {
            answer(message, 415, "unsupported media type", refusedType);
            return;
        }
        Long declaredLength = message.getHeader("Content-Length", Long.class);
        if (declaredLength != null && declaredLength > maxBodyBytes) {
            answer(message, 413, "too large", "the body has " + declaredLength + " bytes; at most " + maxBodyBytes);
            return;
        }
        byte[] body = message.getBody(byte[].class);
        if (body == null || body.length == 0) {
            answer(message, 400, "bad request", "the body is empty; send a JSON object or an array of objects");
            return;
        }
        if (body.length > maxBodyBytes) {
            answer(message, 413, "too large", "the body has " + body.length + " bytes; at most " + maxBodyBytes);
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            answer(message, 400, "bad request", "the body is not valid UTF-8 JSON: " + e.getOriginalMessage()
                    + locationOf(e));
            return;
        } catch (java.io.IOException e) {
            answer(message, 400, "bad request", "the body could not be read as JSON");
            return;
        }
        List<Map<String, Object>> records = new ArrayList<>();
        if (json.isObject()) {
            records.add(JSON.convertValue(json, MAP));
        } else if (json.isArray()) {
            if (json.size() > maxRecords) {
                answer(message, 413, "too large", "the body holds " + json.size() + " records; at most "
                        + maxRecords + " per request");
                return;
            }
            for (int i = 0; i < json.size(); i++) {
                if (!json.get(i).isObject()) {
                    answer(message, 400, "bad request", "element " + i + " of the array is "
                            + json.get(i).getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object");
                    return;
                }
                records.add(JSON.convertValue(json.get(i), MAP));
            }
        } else {
            answer(message, 400, "bad request", "the body is a JSON " + json.getNodeType().name()
                    .toLowerCase(Locale.ROOT) + "; send an object or an array of objects");
            return;
        }
        if (records.isEmpty()) {
            accepted(message, 0);
            return;
        }
        // Nothing of the caller's request (its key above all) travels on with the records.
        message.removeHeaders("*");
        message.setHeader(SOURCE_HEADER, ID_PREFIX + path);
        message.setBody(records);
        exchange.setProperty(RECORD_COUNT_PROPERTY, records.size());
        exchange.setProperty(SOURCE_PROPERTY, ID_PREFIX + path);
        exchange.setProperty(ADMITTED_PROPERTY, true);
    }

    /** The hub took the records: 202 with their count. */
    public void answerTaken(Exchange exchange) {
        accepted(exchange.getMessage(), exchange.getProperty(RECORD_COUNT_PROPERTY, 0, Integer.class));
    }

    /** The handler failed: nothing was taken, so the pusher must send the same records again. */
    public void answerNotTaken(Exchange exchange) {
        Exception failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.setException(null);
        LOG.warn("{}: the handler could not take {} records, answered 503 ({})",
                exchange.getProperty(SOURCE_PROPERTY), exchange.getProperty(RECORD_COUNT_PROPERTY),
                failure == null ? "unknown failure" : failure.getClass().getSimpleName());
        Message message = exchange.getMessage();
        answer(message, 503, "unavailable", "the records were not taken; send them again later");
        message.setHeader("Retry-After", RETRY_AFTER_SECONDS);
    }

    private static void accepted(Message message, int count) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody("{\"accepted\":" + count + "}");
    }

    /** Replaces the whole message with an answer, so no request header (the key above all) is echoed back. */
    private static void answer(Message message, int status, String error, String detail) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(JSON.createObjectNode().put("error", error).put("message", detail).toString());
    }

    /** Compares digests in constant time, so neither the key's content nor its length leaks through timing. */
    private boolean keyMatches(String headerValue) {
        if (headerValue == null) {
            return false;
        }
        String presented = headerValue.trim();
        if (isAuthorization()) {
            if (presented.length() < 7 || !presented.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return false;
            }
            presented = presented.substring(7).trim();
        }
        return !presented.isEmpty() && MessageDigest.isEqual(expectedKeyDigest, sha256(presented));
    }

    private boolean isAuthorization() {
        return apiKeyHeader.equalsIgnoreCase("Authorization");
    }

    /** @return why the content type is refused, or null when it is JSON in UTF-8 */
    private static String unsupportedContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "no Content-Type; send application/json";
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.matches("application/[a-z0-9.+-]+\\+json")) {
            return "Content-Type " + mediaType + " is not JSON; send application/json";
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].trim().split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return "charset " + charset + " is not accepted; JSON is sent in UTF-8 (RFC 8259)";
                }
            }
        }
        return null;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }


    private static final String ID_PREFIX = "http-in:";
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };
}
