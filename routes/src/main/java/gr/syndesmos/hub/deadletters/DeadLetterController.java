package gr.syndesmos.hub.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.security.Operator;
import gr.syndesmos.schemas.CanonicalJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' API for failed messages, quarantine and the replay journal. Scoped by role everywhere: a
 * municipality's people get 403 for another municipality's queues, viewers cannot retry or discard.
 * <ul>
 *   <li>{@code GET /api/dead-letters/{municipality}/{destination}[?filter=&limit=]}</li>
 *   <li>{@code POST /api/dead-letters/{municipality}/{destination}/retry} with {@code {"filter": "...", "dryRun": true}}
 *       (both optional; also as query parameters)</li>
 *   <li>{@code POST /api/dead-letters/{municipality}/{destination}/{messageId}/retry}</li>
 *   <li>{@code POST /api/dead-letters/{municipality}/{destination}/{messageId}/discard} with {@code {"reason": "..."}}</li>
 *   <li>{@code GET /api/discarded/{municipality}}, {@code GET /api/quarantine/{municipality}}</li>
 *   <li>{@code GET /api/replay-journal[?municipality=&actor=&limit=]} (admins)</li>
 * </ul>
 */
@RestController
@RequestMapping("/api")
public class DeadLetterController {

    private static final String CHANNEL = "api";
    private static final int DEFAULT_LIMIT = 500;

    private final FailedMessages failed;
    private final MunicipalityRegistry municipalities;
    private final BrokerQueues queues;
    private final ReplayJournal journal;

    public DeadLetterController(FailedMessages failed, MunicipalityRegistry municipalities, BrokerQueues queues,
            ReplayJournal journal) {
        this.failed = failed;
        this.municipalities = municipalities;
        this.queues = queues;
        this.journal = journal;
    }

    @GetMapping("/dead-letters/{municipality}/{destination}")
    public Map<String, Object> deadLetters(@PathVariable String municipality, @PathVariable String destination,
            @RequestParam(required = false) String filter,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) throws Exception {
        Operator who = Operator.required();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("municipality", municipality);
        body.put("destination", destination);
        body.put("queue", failed.queue(who, municipality, destination));
        body.put("count", failed.count(who, municipality, destination, filter));
        body.put("messages", failed.list(who, municipality, destination, filter, Math.max(1, limit)));
        return body;
    }

    @PostMapping("/dead-letters/{municipality}/{destination}/retry")
    public FailedMessages.Outcome retry(@PathVariable String municipality, @PathVariable String destination,
            @RequestParam(required = false) String filter, @RequestParam(required = false) Boolean dryRun,
            @RequestBody(required = false) String body) throws Exception {
        JsonNode request = json(body);
        String selector = filter != null ? filter : request.path("filter").asText(null);
        boolean preview = dryRun != null ? dryRun : request.path("dryRun").asBoolean(false);
        return failed.retry(Operator.required(), CHANNEL, municipality, destination, selector, preview);
    }

    @PostMapping("/dead-letters/{municipality}/{destination}/{messageId}/retry")
    public ResponseEntity<FailedMessages.Outcome> retryOne(@PathVariable String municipality,
            @PathVariable String destination, @PathVariable long messageId) throws Exception {
        FailedMessages.Outcome outcome = failed.retryOne(Operator.required(), CHANNEL, municipality, destination,
                messageId);
        return ResponseEntity.status(outcome.moved() == 1 ? 200 : 404).body(outcome);
    }

    @PostMapping("/dead-letters/{municipality}/{destination}/{messageId}/discard")
    public ResponseEntity<FailedMessages.Outcome> discard(@PathVariable String municipality,
            @PathVariable String destination, @PathVariable long messageId,
            @RequestParam(required = false) String reason, @RequestBody(required = false) String body)
            throws Exception {
        String why = reason != null ? reason : json(body).path("reason").asText(null);
        FailedMessages.Outcome outcome = failed.discard(Operator.required(), CHANNEL, municipality, destination,
                messageId, why);
        return ResponseEntity.status(outcome.moved() == 1 ? 200 : 404).body(outcome);
    }

    @GetMapping("/discarded/{municipality}")
    public Map<String, Object> discarded(@PathVariable String municipality,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queue", BrokerTopology.discardedQueue(municipality));
        body.put("messages", failed.discarded(Operator.required(), municipality, Math.max(1, limit)).stream()
                .map(DeadLetterController::discardedSummary).toList());
        return body;
    }

    @GetMapping("/quarantine/{municipality}")
    public Map<String, Object> quarantine(@PathVariable String municipality,
            @RequestParam(required = false) String filter,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) throws Exception {
        if (municipalities.find(municipality).isEmpty()) {
            throw new FailedMessages.NoSuchQueueException(municipality, BrokerTopology.QUARANTINE_ADDRESS);
        }
        Operator.required().requireSees(municipality);
        String queue = BrokerTopology.quarantineQueue(municipality);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queue", queue);
        body.put("count", queues.queue(queue).countMessages(BrokerQueues.checkedFilter(filter)));
        body.put("messages", queues.browse(BrokerTopology.QUARANTINE_ADDRESS, queue, filter, Math.max(1, limit))
                .stream().map(DeadLetterController::quarantineSummary).toList());
        return body;
    }

    /**
     * Admins only (see the security configuration); an admin of some municipalities reads only their entries, a
     * whole-region admin every entry.
     */
    @GetMapping("/replay-journal")
    public List<Map<String, Object>> replayJournal(@RequestParam(required = false) String municipality,
            @RequestParam(required = false) String actor, @RequestParam(defaultValue = "200") int limit) {
        Operator who = Operator.required();
        if (municipality != null) {
            who.requireSees(municipality);
        }
        java.util.Set<String> scope = municipality != null ? java.util.Set.of(municipality)
                : who.wholeRegion() ? null : who.municipalities();
        return journal.entries(scope, actor, Math.max(1, Math.min(limit, 10_000))).stream()
                .map(gr.syndesmos.hub.records.Rows::readable).toList();
    }

    private static JsonNode json(String body) throws IOException {
        if (body == null || body.isBlank()) {
            return CanonicalJson.mapper().createObjectNode();
        }
        try {
            return CanonicalJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The request body is not JSON: " + e.getMessage());
        }
    }

    private static Map<String, Object> quarantineSummary(Map<String, Object> message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", message.get("messageID"));
        for (String key : List.of(BrokerTopology.RECORD_ID, BrokerTopology.QUARANTINE_REASONS,
                BrokerTopology.SOURCE_FILE, BrokerTopology.SOURCE_LINE)) {
            out.put(key, message.get(key));
        }
        // A legacy system's answer kept as it came (an invalid certificate answer) is shown whole to pii-view only.
        Operator who = Operator.current();
        out.put("body", FailedMessages.view(message, who != null && who.seesPersonalData()).body());
        return out;
    }

    private static Map<String, Object> discardedSummary(Map<String, Object> message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", message.get("messageID"));
        for (String key : List.of(BrokerTopology.RECORD_ID, BrokerTopology.RECORD_VERSION, BrokerTopology.DESTINATION,
                BrokerTopology.FAILURE_REASON, FailedMessages.DISCARD_REASON, FailedMessages.DISCARDED_BY,
                FailedMessages.DISCARDED_AT, FailedMessages.DISCARDED_FROM)) {
            out.put(key, message.get(key));
        }
        return out;
    }
}
