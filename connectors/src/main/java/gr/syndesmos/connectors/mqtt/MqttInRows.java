package gr.syndesmos.connectors.mqtt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gr.syndesmos.connectors.catalog.Utf8Payloads;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The bean of the {@value #ID} Kamelet, which subscribes to an MQTT topic filter and hands each message to the hub as one
 * row: body {@code List.of(Map)} parsed from the message's JSON object, plus key {@value #TOPIC_KEY} (the actual
 * topic); header {@value #SOURCE_HEADER} = {@code mqtt:<topic>}. The message is acknowledged to the broker only when
 * the handler returned without exception; otherwise it is delivered again (see {@link SyndesmosMqttConsumer}).
 *
 * <p>A payload that is not a JSON object (not UTF-8, not JSON, a JSON array or number, duplicate keys) is not retried
 * for ever: it is handed on as a row {@code {_topic, _unparseable: <text>, _error: <why>}} (the bytes in
 * {@code _unparseableBase64} instead when they are not UTF-8), so the hub can quarantine it and nothing is dropped
 * silently. Keys starting with {@code _} are the connector's. Parameters: see {@code kamelets/mqtt-in.kamelet.yaml}.
 * Java because such strict JSON, with a size limit and the bytes kept when they are not text, is no data format's.
 */
public class MqttInRows implements Processor {

    public static final String ID = "mqtt-in";
    public static final String SOURCE_HEADER = "SyndesmosSource";
    public static final String TOPIC_KEY = "_topic";
    public static final String UNPARSEABLE_KEY = "_unparseable";
    public static final String UNPARSEABLE_BASE64_KEY = "_unparseableBase64";
    public static final String ERROR_KEY = "_error";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Numbers as written (a reading of 21.50 stays 21.50), not rounded through double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private long maxPayloadBytes = 1_048_576;

    public void setMaxPayloadBytes(long maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void process(Exchange exchange) {
        toRow(exchange, maxPayloadBytes);
    }

    static void toRow(Exchange exchange, long max) {
        String topic = exchange.getMessage().getHeader(SyndesmosMqttConsumer.TOPIC_HEADER, String.class);
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        Map<String, Object> row;
        if (payload != null && payload.length > max) {
            // Not parsed, not kept: one message must not cost the hub more than the limit.
            row = new LinkedHashMap<>();
            row.put(TOPIC_KEY, topic);
            row.put(ERROR_KEY, "the message is " + payload.length + " bytes, more than maxPayloadBytes (" + max + ")");
        } else {
            row = row(topic, payload == null ? new byte[0] : payload);
        }
        exchange.getMessage().setBody(List.of(row));
        exchange.getMessage().setHeader(SOURCE_HEADER, "mqtt:" + topic);
    }

    static Map<String, Object> row(String topic, byte[] payload) {
        String text = Utf8Payloads.decode(payload).orElse(null);
        if (text == null) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(TOPIC_KEY, topic);
            row.put(UNPARSEABLE_BASE64_KEY, Base64.getEncoder().encodeToString(payload));
            row.put(ERROR_KEY, "the payload is not UTF-8 text");
            return row;
        }
        try {
            if (!text.stripLeading().startsWith("{")) {
                throw new IllegalArgumentException("the payload is not a JSON object");
            }
            Map<String, Object> row = JSON.readValue(text, OBJECT);
            row.put(TOPIC_KEY, topic);
            return row;
        } catch (Exception e) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(TOPIC_KEY, topic);
            row.put(UNPARSEABLE_KEY, text);
            row.put(ERROR_KEY, e instanceof IllegalArgumentException ? e.getMessage()
                    : "the payload is not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
            return row;
        }
    }
}
