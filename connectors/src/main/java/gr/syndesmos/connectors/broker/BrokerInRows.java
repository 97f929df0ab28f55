package gr.syndesmos.connectors.broker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import gr.syndesmos.connectors.catalog.Utf8Payloads;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The bean of the {@value #ID} Kamelet (source, produces rows): a municipality's legacy system sends records over the
 * hub's broker itself, to its own queue {@code inbound.<code>.<flow>} (the hub assigns {@code queue}; the broker lets
 * only that municipality's account and the hub send there). Each message is one JSON object or an array of objects
 * in UTF-8 (a text or a bytes message); the handler gets them as rows, with header {@code SyndesmosSource} =
 * {@code broker-in:<queue>}. None of the sender's headers or properties reach the handler.
 *
 * <p>The message is taken in the hub's JMS transaction: when the handler fails (database or broker trouble) it is
 * rolled back and the broker offers it again later. A message that is not such JSON, or is larger than
 * {@code maxBodyBytes} or holds more than {@code maxRecords} records, is not retried for ever: it becomes one row
 * {@code {_unparseable, _error}} for the hub to quarantine, so nothing is dropped silently. Java because JSON with
 * limits on size, count and nesting, strictly decoded, is more than a Camel data format offers.
 */
public class BrokerInRows implements Processor {

    public static final String ID = "broker-in";
    public static final String UNPARSEABLE_KEY = "_unparseable";
    public static final String ERROR_KEY = "_error";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private String queue;
    private int maxRecords = 1000;
    private long maxBodyBytes = 5_242_880;

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public void setMaxRecords(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** One message's body as the hub's rows. */
    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        byte[] bytes = body instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
                : exchange.getMessage().getBody(byte[].class);
        // What the sender set (JMS properties, Camel* headers) never reaches the hub: only the records do.
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(ConnectorHeaders.SOURCE, ID + ":" + queue);
        exchange.getMessage().setBody(rows(bytes == null ? new byte[0] : bytes, maxRecords, maxBodyBytes));
    }

    static List<Map<String, Object>> rows(byte[] payload, int maxRecords, long maxBodyBytes) {
        if (payload.length > maxBodyBytes) {
            return List.of(problem("(" + payload.length + " bytes, not kept)", "the message is larger than "
                    + maxBodyBytes + " bytes (maxBodyBytes)"));
        }
        String text = Utf8Payloads.decode(payload).orElse(null);
        if (text == null) {
            return List.of(problem(java.util.Base64.getEncoder().encodeToString(payload),
                    "the message is not UTF-8 text (kept in base64)"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            return List.of(problem(text, "the message is not JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
        List<JsonNode> records = new ArrayList<>();
        if (root != null && root.isObject()) {
            records.add(root);
        } else if (root != null && root.isArray()) {
            root.forEach(records::add);
        }
        if (records.isEmpty() || records.stream().anyMatch(r -> !r.isObject())) {
            return List.of(problem(text, "the message must be a JSON object or an array of objects"));
        }
        if (records.size() > maxRecords) {
            return List.of(problem("(" + records.size() + " records, not kept)", "the message holds "
                    + records.size() + " records, more than " + maxRecords + " (maxRecords)"));
        }
        List<Map<String, Object>> rows = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = JSON.convertValue(record, LinkedHashMap.class);
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> problem(String unparseable, String error) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(UNPARSEABLE_KEY, unparseable);
        row.put(ERROR_KEY, error);
        return row;
    }
}
