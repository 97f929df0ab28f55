package gr.syndesmos.hub.records;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns stored trail rows into the steps an operator reads. */
final class RecordTrailSteps {

    private RecordTrailSteps() {
    }

    /**
     * A {@code published} row stands for three steps that happened together in one transaction: the record was
     * received (file, line), validated against its schema, and published to the broker.
     */
    static List<Map<String, Object>> expand(Map<String, Object> row) {
        Map<String, Object> step = Rows.readable(row);
        if (!"published".equals(step.get("event"))) {
            return List.of(step);
        }
        Map<String, Object> received = new LinkedHashMap<>(step);
        received.put("event", "received");
        received.remove("detail");
        Map<String, Object> validated = new LinkedHashMap<>(step);
        validated.put("event", "validated");
        validated.remove("sourceFile");
        validated.remove("sourceLine");
        Map<String, Object> published = new LinkedHashMap<>(validated);
        published.put("event", "published");
        published.put("detail", "on the broker for its destinations");
        return List.of(received, validated, published);
    }
}
