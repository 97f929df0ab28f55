package gr.syndesmos.hub.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.broker.RecordVersions;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.records.RecordTrail;
import gr.syndesmos.hub.evidence.EvidenceLog;
import gr.syndesmos.hub.security.Operator;
import gr.syndesmos.mappings.text.PersonalData;
import gr.syndesmos.schemas.CanonicalJson;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Failed messages as an operator thinks of them: per municipality and destination, with their record, subject,
 * reason, first failure and attempts; retry one, retry every message matching a filter (not a page: all of them),
 * preview what a bulk retry would move, and discard one with a reason (moved to the municipality's
 * {@code discarded} queue, never deleted). Every action is checked against the person's role and municipalities,
 * written to the replay journal and to the trail of each record it touched. The API and the Hawtio MBeans both come
 * here.
 */
@Component
public class FailedMessages {

    public static final String DISCARD_REASON = "discardReason";
    public static final String DISCARDED_BY = "discardedBy";
    public static final String DISCARDED_AT = "discardedAt";
    public static final String DISCARDED_FROM = "discardedFrom";

    private static final Logger LOG = LoggerFactory.getLogger(FailedMessages.class);
    private static final int PREVIEW_LIMIT = 100;

    private final MunicipalityRegistry municipalities;
    private final BrokerQueues queues;
    private final ConnectionFactory connectionFactory;
    private final ReplayJournal journal;
    private final RecordTrail trail;
    private final EvidenceLog evidence;

    public FailedMessages(MunicipalityRegistry municipalities, BrokerQueues queues,
            ConnectionFactory connectionFactory, ReplayJournal journal, RecordTrail trail, EvidenceLog evidence) {
        this.evidence = evidence;
        this.municipalities = municipalities;
        this.queues = queues;
        this.connectionFactory = connectionFactory;
        this.journal = journal;
        this.trail = trail;
    }

    /** A failed message, ready to show. {@code body} is the canonical record, masked unless the viewer may see it. */
    public record FailedMessage(long messageId, String recordId, String recordVersion, String subject,
            String legacyId, String reason, String firstFailedAt, String failedAt, Integer attempts, String body) {
    }

    /** What a retry or discard did. */
    public record Outcome(String municipality, String destination, String action, String filter, boolean dryRun,
            long matched, int moved, List<String> records, String outcome) {
    }

    /** The dead-letter queue of a municipality and destination: 404 when there is none, 403 when not yours. */
    public String queue(Operator who, String municipality, String destination) {
        String queue = existingQueue(municipality, destination);
        who.requireSees(municipality);
        return queue;
    }

    private String existingQueue(String municipality, String destination) {
        return queueOf(municipality, destination)
                .orElseThrow(() -> new NoSuchQueueException(municipality, destination));
    }

    /**
     * Where a flow sends a municipality's messages: its destinations, or for a conversation the municipality's own
     * registry ({@value #TRANSFERS}), whose messages the hub could not write wait there too.
     */
    private List<String> destinations(String flow, Municipality.FlowUse use) {
        return municipalities.flows().find(flow).filter(f -> f.pattern() == gr.syndesmos.hub.flows.Flow.Pattern
                .CONVERSATION).isPresent() ? List.of(TRANSFERS) : use.destinations();
    }

    /** The dead letters of a conversation: messages the hub could not write to the municipality's registry. */
    public static final String TRANSFERS = "transfers";

    /** Every (municipality, destination) that has a dead-letter queue, for the MBeans and gauges. */
    public List<String[]> allQueues() {
        List<String[]> all = new ArrayList<>();
        for (Municipality m : municipalities.all()) {
            if (m.flows() == null) {
                continue;
            }
            m.flows().forEach((flow, f) -> destinations(flow, f).forEach(d -> {
                if (all.stream().noneMatch(q -> q[0].equals(m.code()) && q[1].equals(d))) {
                    all.add(new String[] {m.code(), d, flow});
                }
            }));
        }
        return all;
    }

    public long count(Operator who, String municipality, String destination, String filter) throws Exception {
        return control(queue(who, municipality, destination)).countMessages(BrokerQueues.checkedFilter(filter));
    }

    public List<FailedMessage> list(Operator who, String municipality, String destination, String filter, int limit)
            throws Exception {
        String queue = queue(who, municipality, destination);
        return queues.browse(BrokerTopology.DEAD_LETTER_ADDRESS, queue, filter, limit).stream()
                .map(message -> view(message, who.seesPersonalData())).toList();
    }

    public Outcome retryOne(Operator who, String channel, String municipality, String destination, long messageId)
            throws Exception {
        String queue = existingQueue(municipality, destination);
        requireReplay(who, channel, "retry-one", municipality, destination, String.valueOf(messageId), null);
        Optional<Map<String, Object>> message = find(queue, messageId);
        boolean moved = message.isPresent() && control(queue).retryMessage(messageId);
        String recordId = message.map(m -> (String) m.get(BrokerTopology.RECORD_ID)).orElse(null);
        if (moved) {
            retried(who, municipality, destination, message.get());
        }
        Outcome outcome = new Outcome(municipality, destination, "retry-one", null, false, message.isPresent() ? 1 : 0,
                moved ? 1 : 0, recordId == null ? List.of() : List.of(recordId), moved ? "done" : "not-found");
        journal(who, channel, outcome, String.valueOf(messageId), null);
        return outcome;
    }

    /**
     * Returns every message matching the filter (the broker's selector syntax, e.g.
     * {@code failureReason LIKE '%503%'}; empty for all) to the queue it failed from. With {@code dryRun}, moves
     * nothing and tells what would move.
     */
    public Outcome retry(Operator who, String channel, String municipality, String destination, String filter,
            boolean dryRun) throws Exception {
        String queue = existingQueue(municipality, destination);
        if (dryRun) {
            who.requireSees(municipality);
        } else {
            requireReplay(who, channel, "retry", municipality, destination, null, filter);
        }
        String selector = filter == null || filter.isBlank() ? null : filter.strip();
        QueueControl control = control(queue);
        long matched;
        try {
            matched = control.countMessages(selector == null ? "" : selector);
        } catch (Exception invalid) {
            throw new IllegalArgumentException("The filter is not valid: " + selector + " (" + invalid.getMessage()
                    + "). Example: recordId = '9318-council-decision-2026-245'");
        }
        List<String> records = new ArrayList<>();
        int moved = 0;
        if (dryRun) {
            for (Map<String, Object> message : queues.browse(BrokerTopology.DEAD_LETTER_ADDRESS, queue, selector,
                    PREVIEW_LIMIT)) {
                records.add((String) message.get(BrokerTopology.RECORD_ID));
            }
        } else {
            // The broker lists at most a page of messages at a time: keep going until all that matched when the
            // operator asked have moved. Those that fail again come back as new dead letters, and are not retried
            // twice by one request.
            while (moved < matched) {
                Map<String, Object>[] page = control.listMessages(selector == null ? "" : selector);
                if (page.length == 0) {
                    break;
                }
                int before = moved;
                for (Map<String, Object> message : page) {
                    if (moved >= matched) {
                        break;
                    }
                    if (control.retryMessage(((Number) message.get("messageID")).longValue())) {
                        moved++;
                        retried(who, municipality, destination, message);
                        if (records.size() < PREVIEW_LIMIT) {
                            records.add((String) message.get(BrokerTopology.RECORD_ID));
                        }
                    }
                }
                if (moved == before) {
                    break;
                }
            }
            LOG.info("{} retried {} of {} failed message(s) of {} for {} (filter: {})", who.name(), moved, matched,
                    municipality, destination, selector == null ? "all" : selector);
        }
        Outcome outcome = new Outcome(municipality, destination, dryRun ? "dry-run" : "retry", selector, dryRun,
                matched, moved, records, dryRun || moved == matched ? "done" : "partial");
        journal(who, channel, outcome, null, null);
        return outcome;
    }

    /** Moves one failed message to the municipality's {@code discarded} queue, with the reason and who gave it. */
    public Outcome discard(Operator who, String channel, String municipality, String destination, long messageId,
            String reason) throws Exception {
        String queue = existingQueue(municipality, destination);
        requireReplay(who, channel, "discard", municipality, destination, String.valueOf(messageId), null);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required to discard a failed message");
        }
        Optional<Map<String, Object>> found = find(queue, messageId);
        boolean moved = false;
        if (found.isPresent()) {
            moved = moveToDiscarded(queue, (String) found.get().get("JMSMessageID"), who, reason.strip());
        }
        String recordId = found.map(m -> (String) m.get(BrokerTopology.RECORD_ID)).orElse(null);
        if (moved) {
            trail.step(new RecordTrail.Step(municipality, (String) found.get().get(BrokerTopology.RECORD_TYPE), recordId,
                    version(found.get()), "discarded", destination, who.name(), reason.strip(), "discarded"));
            LOG.info("{} discarded failed message {} ({}) of {} for {}", who.name(), messageId, recordId, municipality,
                    destination);
        }
        Outcome outcome = new Outcome(municipality, destination, "discard", null, false, found.isPresent() ? 1 : 0,
                moved ? 1 : 0, recordId == null ? List.of() : List.of(recordId), moved ? "done" : "not-found");
        journal(who, channel, outcome, String.valueOf(messageId), reason);
        return outcome;
    }

    /** The discarded messages of a municipality (kept for audit; an admin can move them back with Hawtio). */
    public List<Map<String, Object>> discarded(Operator who, String municipality, int limit) throws Exception {
        if (municipalities.find(municipality).isEmpty()) {
            throw new NoSuchQueueException(municipality, BrokerTopology.DISCARDED_ADDRESS);
        }
        who.requireSees(municipality);
        return queues.browse(BrokerTopology.DISCARDED_ADDRESS, BrokerTopology.discardedQueue(municipality), null, limit);
    }

    // ---- the broker side

    private boolean moveToDiscarded(String queue, String jmsMessageId, Operator who, String reason) throws Exception {
        if (jmsMessageId == null) {
            return false;
        }
        // Consume the one message and send its copy in one transaction: it is in exactly one of the two queues.
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue(
                    BrokerTopology.fqqn(BrokerTopology.DEAD_LETTER_ADDRESS, queue)),
                    "JMSMessageID = '" + jmsMessageId.replace("'", "''") + "'");
            Message message = consumer.receive(5_000);
            if (message == null) {
                session.rollback();
                return false;
            }
            TextMessage copy = session.createTextMessage(message instanceof TextMessage text ? text.getText() : null);
            for (Object name : Collections.list(message.getPropertyNames())) {
                String property = name.toString();
                if (!property.startsWith("JMSX") && !property.startsWith("_AMQ_")) {
                    copy.setObjectProperty(property, message.getObjectProperty(property));
                }
            }
            copy.setStringProperty(DISCARD_REASON, reason);
            copy.setStringProperty(DISCARDED_BY, who.name());
            copy.setStringProperty(DISCARDED_AT, OffsetDateTime.now(ZoneOffset.UTC).toString());
            copy.setStringProperty(DISCARDED_FROM, queue);
            MessageProducer producer = session.createProducer(session.createTopic(BrokerTopology.DISCARDED_ADDRESS));
            producer.send(copy);
            session.commit();
            return true;
        }
    }

    private Optional<Map<String, Object>> find(String queue, long messageId) throws Exception {
        return queues.find(BrokerTopology.DEAD_LETTER_ADDRESS, queue, messageId);
    }

    private QueueControl control(String queue) {
        return queues.queue(queue);
    }

    private Optional<String> queueOf(String code, String destination) {
        Municipality m = municipalities.find(code).orElse(null);
        if (m == null || m.flows() == null || m.flows().entrySet().stream()
                .noneMatch(f -> destinations(f.getKey(), f.getValue()).contains(destination))) {
            return Optional.empty();
        }
        return Optional.of(BrokerTopology.deadLetterQueue(code, destination));
    }

    /** Refusals are journaled too: an attempt to move another's messages is worth knowing about. */
    private void requireReplay(Operator who, String channel, String action, String municipality, String destination,
            String messageId, String filter) {
        try {
            who.requireReplay(municipality);
        } catch (RuntimeException refused) {
            journal.record(new ReplayJournal.Entry(who.name(), channel, action, municipality, destination, messageId,
                    filter, null, null, 0, "refused", refused.getMessage()));
            throw refused;
        }
    }

    private void retried(Operator who, String municipality, String destination, Map<String, Object> message) {
        trail.step(new RecordTrail.Step(municipality, (String) message.get(BrokerTopology.RECORD_TYPE),
                (String) message.get(BrokerTopology.RECORD_ID), version(message), "retried", destination, who.name(),
                "returned to the delivery queue by " + who.name(), "retried"));
    }

    private void journal(Operator who, String channel, Outcome outcome, String messageId, String reason) {
        journal.record(new ReplayJournal.Entry(who.name(), channel, outcome.action(), outcome.municipality(),
                outcome.destination(), messageId, outcome.filter(), reason, (int) outcome.matched(), outcome.moved(),
                outcome.outcome(), outcome.records().isEmpty() ? null : String.join(", ", outcome.records())));
        if (!outcome.dryRun()) {
            evidence.record(outcome.municipality(), "operator-" + outcome.action(), who.name() + " → "
                    + outcome.municipality() + "/" + outcome.destination(), EvidenceLog.digest(String.join("\n",
                    outcome.records()) + "\n" + (reason == null ? "" : reason)), outcome.outcome() + ": "
                    + outcome.moved() + " of " + outcome.matched() + " moved" + (reason == null ? ""
                    : "; reason given"), messageId != null ? messageId : outcome.filter());
        }
    }

    private static OffsetDateTime version(Map<String, Object> message) {
        Object version = message.get(BrokerTopology.RECORD_VERSION);
        return version == null ? null : RecordVersions.parse(version.toString());
    }

    static FailedMessage view(Map<String, Object> message, boolean personalData) {
        String text = (String) message.get("text");
        String subject = null;
        String legacyId = null;
        String body = text;
        try {
            JsonNode json = text == null ? null : CanonicalJson.mapper().readTree(text);
            if (json != null && json.isObject()) {
                subject = json.path("subject").asText(null);
                legacyId = json.path("source").path("recordId").asText(null);
                body = personalData ? text : masked((ObjectNode) json).toString();
            }
        } catch (Exception notJson) {
            body = personalData ? text : null;
        }
        return new FailedMessage(((Number) message.get("messageID")).longValue(),
                (String) message.get(BrokerTopology.RECORD_ID), (String) message.get(BrokerTopology.RECORD_VERSION),
                subject, legacyId, (String) message.get(BrokerTopology.FAILURE_REASON),
                (String) message.get(BrokerTopology.FIRST_FAILED_AT), (String) message.get(BrokerTopology.FAILED_AT),
                message.get(BrokerTopology.ATTEMPTS) instanceof Number n ? n.intValue() : null, body);
    }

    /** The canonical record with its AFM and personal names masked. */
    static ObjectNode masked(ObjectNode record) {
        ObjectNode copy = record.deepCopy();
        if (copy.hasNonNull("beneficiaryAfm")) {
            copy.put("beneficiaryAfm", PersonalData.maskAfm(copy.get("beneficiaryAfm").asText()));
        }
        if (copy.hasNonNull("beneficiaryName")) {
            copy.put("beneficiaryName", PersonalData.maskName(copy.get("beneficiaryName").asText()));
        }
        if (copy.get("person") instanceof ObjectNode person) {
            // A residence transfer's person (a message the registry's system could not take).
            for (String name : List.of("surname", "givenName", "fatherName", "motherName")) {
                if (person.hasNonNull(name)) {
                    person.put(name, PersonalData.maskName(person.get(name).asText()));
                }
            }
            if (person.hasNonNull("amka")) {
                person.put("amka", PersonalData.maskAmka(person.get("amka").asText()));
            }
            if (person.hasNonNull("afm")) {
                person.put("afm", PersonalData.maskAfm(person.get("afm").asText()));
            }
            person.remove("birthDate");
        }
        if (copy.hasNonNull("original")) {
            // A legacy system's answer as it came (an invalid certificate answer): names, addresses.
            copy.put("original", "(hidden: personal data, shown with the pii-view role)");
        }
        if (copy.get("signers") instanceof ArrayNode signers) {
            ArrayNode maskedSigners = copy.putArray("signers");
            signers.forEach(s -> maskedSigners.add(PersonalData.maskName(s.asText())));
        }
        return copy;
    }

    /** No dead-letter queue for that municipality and destination (404). */
    public static final class NoSuchQueueException extends RuntimeException {
        public NoSuchQueueException(String municipality, String destination) {
            super("No failed-message queue for municipality " + municipality + " and destination " + destination);
        }
    }
}
