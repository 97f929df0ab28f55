package gr.syndesmos.hub.deadletters;

import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.schemas.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead letters and quarantine of one municipality, through the broker's own queue operations: list them, and
 * return dead letters to the queue they came from (all, or those matching a filter in the broker's selector
 * syntax, e.g. {@code recordId = '9318-council-decision-2026-245'}).
 */
@RestController
@RequestMapping("/api")
public class DeadLetterController {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterController.class);
    private static final int LIST_LIMIT = 500;

    private final MunicipalityRegistry municipalities;
    private final BrokerQueues queues;

    public DeadLetterController(MunicipalityRegistry municipalities, BrokerQueues queues) {
        this.municipalities = municipalities;
        this.queues = queues;
    }

    @GetMapping("/dead-letters/{municipality}/{destination}")
    public ResponseEntity<?> deadLetters(@PathVariable String municipality, @PathVariable String destination,
            @RequestParam(required = false) String filter) throws Exception {
        String queue = deadLetterQueue(municipality, destination);
        if (queue == null) {
            return unknown(municipality, destination);
        }
        List<Map<String, Object>> messages = queues.browse(BrokerTopology.DEAD_LETTER_ADDRESS, queue, filter,
                LIST_LIMIT);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queue", queue);
        body.put("count", queues.queue(queue).countMessages(filter == null ? "" : filter));
        body.put("messages", messages.stream().map(DeadLetterController::summary).toList());
        return ResponseEntity.ok(body);
    }

    @PostMapping("/dead-letters/{municipality}/{destination}/retry")
    public ResponseEntity<?> retry(@PathVariable String municipality, @PathVariable String destination,
            @RequestParam(required = false) String filter, @RequestBody(required = false) String body)
            throws Exception {
        String queue = deadLetterQueue(municipality, destination);
        if (queue == null) {
            return unknown(municipality, destination);
        }
        String selector = filter != null ? filter : filterFrom(body);
        QueueControl control = queues.queue(queue);
        int retried;
        if (selector == null || selector.isBlank()) {
            retried = control.retryMessages();
        } else {
            long before = control.countMessages(selector);
            retried = 0;
            for (Map<String, Object> message : control.listMessages(selector)) {
                if (control.retryMessage(((Number) message.get("messageID")).longValue())) {
                    retried++;
                }
            }
            LOG.info("Retry with filter [{}] on {}: {} of {} matching message(s) returned", selector, queue, retried,
                    before);
        }
        LOG.info("Retried {} dead letter(s) of {} for {} back to their queue", retried, municipality, destination);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("queue", queue);
        answer.put("filter", selector);
        answer.put("retried", retried);
        return ResponseEntity.ok(answer);
    }

    @GetMapping("/quarantine/{municipality}")
    public ResponseEntity<?> quarantine(@PathVariable String municipality,
            @RequestParam(required = false) String filter) throws Exception {
        if (municipalities.find(municipality).isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown municipality " + municipality));
        }
        String queue = BrokerTopology.quarantineQueue(municipality);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queue", queue);
        body.put("count", queues.queue(queue).countMessages(filter == null ? "" : filter));
        body.put("messages", queues.browse(BrokerTopology.QUARANTINE_ADDRESS, queue, filter, LIST_LIMIT).stream().map(DeadLetterController::summary)
                .toList());
        return ResponseEntity.ok(body);
    }

    /** The filter of a request body: {@code {"filter": "..."}}, or nothing (retry all). */
    private static String filterFrom(String body) throws java.io.IOException {
        if (body == null || body.isBlank()) {
            return null;
        }
        return CanonicalJson.mapper().readTree(body).path("filter").asText(null);
    }

    private String deadLetterQueue(String code, String destination) {
        Municipality m = municipalities.find(code).orElse(null);
        if (m == null || m.flows() == null || m.flows().values().stream()
                .noneMatch(f -> f.destinations().contains(destination))) {
            return null;
        }
        return BrokerTopology.deadLetterQueue(code, destination);
    }

    private static ResponseEntity<?> unknown(String municipality, String destination) {
        return ResponseEntity.status(404).body(Map.of("error", "no dead-letter queue for municipality "
                + municipality + " and destination " + destination));
    }

    /** The properties an operator needs, and the body (the canonical record or the quarantine report). */
    private static Map<String, Object> summary(Map<String, Object> message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", message.get("messageID"));
        for (String key : List.of(BrokerTopology.RECORD_ID, BrokerTopology.RECORD_VERSION, BrokerTopology.DESTINATION,
                BrokerTopology.FAILURE_REASON, BrokerTopology.FIRST_FAILED_AT, BrokerTopology.FAILED_AT,
                BrokerTopology.ATTEMPTS, BrokerTopology.QUARANTINE_REASONS, BrokerTopology.SOURCE_FILE,
                BrokerTopology.SOURCE_LINE, BrokerTopology.IDEMPOTENCY_KEY)) {
            if (message.containsKey(key)) {
                out.put(key, message.get(key));
            }
        }
        out.put("body", message.get("text"));
        return out;
    }
}
