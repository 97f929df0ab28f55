package gr.syndesmos.hub.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.f4b6a3.ulid.UlidCreator;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.evidence.EvidenceLog;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.settings.HubClock;
import gr.syndesmos.hub.settings.HubIdentity;
import gr.syndesmos.mappings.text.PersonalData;
import gr.syndesmos.schemas.CanonicalSchemas;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.core.SessionCallback;
import org.springframework.stereotype.Component;

/**
 * The hub's side of a certificate request: the journal (idempotency on caller and {@code auditTransactionId}), the
 * question sent through the broker to the municipality's queue with the request id as correlation id, and the wait
 * for the answer on the hub's reply queue within the deadline. An answer that comes after the deadline is still
 * stored, and a repeat of the request gets it.
 */
@Component
public class CertificateExchange {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateExchange.class);
    private static final ZoneId ATHENS = ZoneId.of("Europe/Athens");

    /** Header of a question: until when (epoch ms) a late answer is still looked for. */
    public static final String LATE_UNTIL = "SyndesmosLateUntil";
    /**
     * Header of a question and its answers when several hubs share the broker: the hub whose caller waits, so the
     * answer comes back to it whichever hub's connector asked the municipality.
     */
    public static final String ASKED_BY = "SyndesmosAskedBy";

    /** What the endpoint answers: an HTTP status, the body, whether it is a replay, and Retry-After. */
    public record Response(int status, String body, boolean replayed, Integer retryAfter) {
    }

    private record Outcome(CertificateJournal.State state, Response response) {
    }

    private final CertificateJournal journal;
    private final JmsTemplate jms;
    private final HubClock clock;
    private final EvidenceLog evidence;
    private final MeterRegistry metrics;
    private final CertificateQuarantine quarantine;
    private final Flow.Reply reply;
    private final HubIdentity hub;
    private final Map<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

    public CertificateExchange(CertificateJournal journal, ConnectionFactory connectionFactory, HubClock clock,
            EvidenceLog evidence, MeterRegistry metrics, CertificateQuarantine quarantine, FlowRegistry flows,
            HubIdentity hub) {
        this.hub = hub;
        this.journal = journal;
        this.jms = new JmsTemplate(connectionFactory);
        this.clock = clock;
        this.evidence = evidence;
        this.metrics = metrics;
        this.quarantine = quarantine;
        this.reply = flows.all().stream().filter(f -> f.pattern() == Flow.Pattern.REQUEST_REPLY)
                .map(Flow::reply).findFirst()
                .orElse(new Flow.Reply(List.of(), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofDays(30)));
    }

    /** Answers a checked call; {@code arrivedNanos} is when it arrived, on the monotonic clock. */
    public Response handle(CertificateCall call, long arrivedNanos) throws InterruptedException {
        long deadlineNanos = arrivedNanos + reply.deadline().toNanos();
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<CertificateJournal.Entry> existing = journal.find(call.caller(), call.transactionId());
            if (existing.isEmpty()) {
                String requestId = UlidCreator.getMonotonicUlid().toString();
                Instant now = clock.now();
                CertificateJournal.Entry entry = new CertificateJournal.Entry(call.caller(), call.transactionId(),
                        requestId, call.municipality(), call.operation().word(), call.fingerprint(),
                        call.auditRecord().toString(), CertificateJournal.State.ASKED, journal.nextCallSequenceId(),
                        null, null, now, null, null);
                if (journal.insert(entry, now.plus(reply.answersKeptFor()))) {
                    return ask(call, entry, deadlineNanos);
                }
                continue;
            }
            CertificateJournal.Entry entry = existing.get();
            if (!entry.fingerprint().equals(call.fingerprint())) {
                return refuse(call, KedBodies.Error.TRANSACTION_ID_REUSED);
            }
            switch (entry.state()) {
                case ANSWERED, INVALID -> {
                    record(call, entry.requestId(), "replayed " + entry.httpStatus());
                    count(call, "replayed");
                    return new Response(entry.httpStatus(), entry.answerBody(), true, null);
                }
                case ASKED -> {
                    CompletableFuture<Outcome> first = waiting.get(entry.requestId());
                    if (first != null) {
                        // The first call is still waiting: this repeat waits for the same answer, within its own
                        // deadline, and never asks again.
                        Outcome outcome = await(first, deadlineNanos);
                        if (outcome != null && outcome.response().status() != 503) {
                            return new Response(outcome.response().status(), outcome.response().body(), true,
                                    null);
                        }
                        return refuse(call, KedBodies.Error.ANSWER_PENDING);
                    }
                    Instant over = entry.receivedAt().plus(reply.deadline()).plus(reply.lateAnswersFor());
                    if (clock.now().isBefore(over)) {
                        return refuse(call, KedBodies.Error.ANSWER_PENDING);
                    }
                    // Asked by a hub that stopped before it heard anything: nothing is open any more.
                    if (reask(call, entry)) {
                        return askAgain(call, entry, deadlineNanos);
                    }
                }
                case TAKEN -> {
                    if (entry.lateUntil() != null && clock.now().isBefore(entry.lateUntil())) {
                        return refuse(call, KedBodies.Error.ANSWER_PENDING);
                    }
                    if (reask(call, entry)) {
                        return askAgain(call, entry, deadlineNanos);
                    }
                }
                case UNAVAILABLE -> {
                    if (reask(call, entry)) {
                        return askAgain(call, entry, deadlineNanos);
                    }
                }
                default -> throw new IllegalStateException("state " + entry.state());
            }
        }
        // Other calls with the same key kept changing the row: the caller may try again shortly.
        return refuse(call, KedBodies.Error.ANSWER_PENDING);
    }

    /** Opens a new question for a request whose earlier one is closed; false when another call did it first. */
    private boolean reask(CertificateCall call, CertificateJournal.Entry entry) {
        Instant now = clock.now();
        return journal.reask(entry, UlidCreator.getMonotonicUlid().toString(), journal.nextCallSequenceId(), now,
                now.plus(reply.answersKeptFor()));
    }

    private Response askAgain(CertificateCall call, CertificateJournal.Entry old, long deadlineNanos)
            throws InterruptedException {
        CertificateJournal.Entry entry = journal.find(call.caller(), call.transactionId()).orElseThrow();
        return ask(call, entry, deadlineNanos);
    }

    private Response ask(CertificateCall call, CertificateJournal.Entry entry, long deadlineNanos)
            throws InterruptedException {
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        waiting.put(entry.requestId(), answer);
        try {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            Instant deadline = Instant.now().plusMillis(leftMillis);
            String question = question(call, entry, deadline);
            try {
                send(call.municipality(), entry.requestId(), question, leftMillis,
                        deadline.plus(reply.lateAnswersFor()));
            } catch (RuntimeException e) {
                LOG.warn("Certificate request {} for {}: the question could not be sent to the broker: {}",
                        entry.requestId(), call.municipality(), e.toString());
                journal.unavailable(entry.requestId());
                return unavailable(call, entry, "not sent: " + e.getClass().getSimpleName());
            }
            LOG.info("Certificate request {} ({}, {} for {}) asked of {}", entry.requestId(), call.caller(),
                    call.operation().word(), masked(call), call.municipality());
            record(call, entry.requestId(), "asked");
            Outcome outcome = await(answer, deadlineNanos);
            if (outcome == null) {
                // No answer and no word from the connector: the question expires unread on the broker at the
                // deadline (its time to live), so none is left open.
                journal.unavailable(entry.requestId());
                return unavailable(call, entry, "no word from the municipality's connector by the deadline");
            }
            return outcome.response();
        } finally {
            waiting.remove(entry.requestId());
        }
    }

    private Response unavailable(CertificateCall call, CertificateJournal.Entry entry, String why) {
        record(call, entry.requestId(), "unavailable: " + why);
        count(call, KedBodies.Error.MUNICIPALITY_UNAVAILABLE.name());
        return error(KedBodies.Error.MUNICIPALITY_UNAVAILABLE, entry.callSequenceId());
    }

    private static Outcome await(CompletableFuture<Outcome> answer, long deadlineNanos)
            throws InterruptedException {
        try {
            return answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The question: only the identifiers the certificate needs (schema certificate-question v1). */
    private String question(CertificateCall call, CertificateJournal.Entry entry, Instant deadline) {
        ObjectNode q = KedBodies.JSON.createObjectNode();
        q.put("recordType", "certificate-question");
        q.put("schemaVersion", 1);
        q.put("requestId", entry.requestId());
        q.put("municipality", call.municipality());
        q.put("kind", call.operation().kind());
        if (call.operation() == CertificateCall.Operation.TAP) {
            q.put("afm", call.afm());
            q.put("supplyNumber", call.supplyNumber());
        } else {
            q.put("amka", call.amka());
            var years = q.putArray("years");
            call.years().forEach(years::add);
        }
        q.put("receivedAt", LocalDateTime.ofInstant(entry.receivedAt(), ATHENS).truncatedTo(ChronoUnit.SECONDS)
                .toString());
        q.put("deadline", deadline.truncatedTo(ChronoUnit.MILLIS).toString());
        return q.toString();
    }

    private void send(String municipality, String requestId, String question, long timeToLive, Instant lateUntil) {
        jms.execute((SessionCallback<Void>) session -> {
            TextMessage message = session.createTextMessage(question);
            message.setJMSCorrelationID(requestId);
            message.setJMSReplyTo(session.createQueue(BrokerTopology.REPLY_QUEUE));
            message.setStringProperty(BrokerTopology.MUNICIPALITY, municipality);
            message.setLongProperty(LATE_UNTIL, lateUntil.toEpochMilli());
            if (hub.clustered()) {
                message.setStringProperty(ASKED_BY, hub.id());
            }
            try (MessageProducer producer = session.createProducer(
                    session.createQueue(BrokerTopology.requestQueue(municipality)))) {
                // Unread at the deadline, the question expires: the municipality never sees it.
                producer.send(message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Math.max(1, timeToLive));
            }
            return null;
        }, true);
    }

    /**
     * An answer from a municipality's connector (schema certificate-answer v1), on time or late. One that matches
     * no request is recorded and dropped.
     */
    public void onAnswer(String correlationId, String body) {
        JsonNode answer;
        try {
            answer = KedBodies.JSON.readTree(body);
        } catch (IOException e) {
            answer = null;
        }
        String requestId = correlationId != null ? correlationId
                : answer == null ? null : answer.path("requestId").asText(null);
        Optional<CertificateJournal.Entry> found = requestId == null ? Optional.empty()
                : journal.byRequestId(requestId);
        if (found.isEmpty()) {
            LOG.warn("An answer for request {} matches no certificate request: dropped", requestId);
            evidence.record(null, "certificate-answer", "unknown", EvidenceLog.digest(body), "dropped: no such "
                    + "request", requestId);
            return;
        }
        CertificateJournal.Entry entry = found.get();
        CertificateCall.Operation operation = CertificateCall.Operation.of(entry.operation()).orElseThrow();
        List<String> problems = answer == null ? List.of("not JSON")
                : CanonicalSchemas.validate("certificate-answer", 1, answer);
        String status = problems.isEmpty() ? answer.path("status").asText() : "INVALID";
        if (problems.isEmpty() && !requestId.equals(answer.path("requestId").asText())) {
            problems = List.of("requestId is not the correlation id");
            status = "INVALID";
        }
        Instant now = clock.now();
        Outcome outcome;
        switch (status) {
            case "ANSWERED" -> {
                String ok;
                try {
                    ok = KedBodies.answer(operation, entry.municipality(), answer, entry.callSequenceId(), now);
                } catch (RuntimeException e) {
                    outcome = invalid(entry, e.getMessage(), body, now);
                    break;
                }
                journal.answered(requestId, CertificateJournal.State.ANSWERED, 200, ok, now);
                outcome = new Outcome(CertificateJournal.State.ANSWERED, new Response(200, ok, false, null));
                String result = answer.path("outcome").asText() + (answer.has("refusalReason")
                        ? " " + answer.path("refusalReason").asText() : "");
                LOG.info("Certificate request {} answered by {}: {}{}", requestId, entry.municipality(), result,
                        entry.state() == CertificateJournal.State.ASKED ? "" : " (late; kept for a repeat)");
                evidence.record(entry.municipality(), "certificate-answer", entry.municipality() + " → "
                        + entry.caller(), EvidenceLog.digest(body), "200 " + result, requestId);
                count(entry, result.split(" ")[0]);
            }
            case "INVALID" -> outcome = invalid(entry, problems.isEmpty() ? answer.path("problem").asText()
                    : "the answer does not match certificate-answer v1: " + problems.get(0),
                    problems.isEmpty() && answer.has("original") ? answer.path("original").asText() : body, now);
            case "TAKEN" -> {
                journal.taken(requestId, entry.receivedAt().plus(reply.deadline()).plus(reply.lateAnswersFor()));
                LOG.info("Certificate request {}: {}'s system took the question but has not answered yet",
                        requestId, entry.municipality());
                evidence.record(entry.municipality(), "certificate-answer", entry.municipality() + " → "
                        + entry.caller(), EvidenceLog.digest(body), "503 " + KedBodies.Error.MUNICIPALITY_TIMEOUT,
                        requestId);
                count(entry, KedBodies.Error.MUNICIPALITY_TIMEOUT.name());
                outcome = new Outcome(CertificateJournal.State.TAKEN,
                        error(KedBodies.Error.MUNICIPALITY_TIMEOUT, entry.callSequenceId()));
            }
            default -> {
                journal.unavailable(requestId);
                LOG.info("Certificate request {}: {} is unavailable: {}", requestId, entry.municipality(),
                        answer.path("problem").asText());
                evidence.record(entry.municipality(), "certificate-answer", entry.municipality() + " → "
                        + entry.caller(), EvidenceLog.digest(body), "503 "
                        + KedBodies.Error.MUNICIPALITY_UNAVAILABLE + ": " + answer.path("problem").asText(),
                        requestId);
                count(entry, KedBodies.Error.MUNICIPALITY_UNAVAILABLE.name());
                outcome = new Outcome(CertificateJournal.State.UNAVAILABLE,
                        error(KedBodies.Error.MUNICIPALITY_UNAVAILABLE, entry.callSequenceId()));
            }
        }
        CompletableFuture<Outcome> waiter = waiting.get(requestId);
        if (waiter != null) {
            waiter.complete(outcome);
        }
    }

    private Outcome invalid(CertificateJournal.Entry entry, String problem, String original, Instant now) {
        String body = KedBodies.error(KedBodies.Error.MUNICIPALITY_ANSWER_INVALID, entry.callSequenceId(), now,
                null);
        journal.answered(entry.requestId(), CertificateJournal.State.INVALID, 502, body, now);
        quarantine.answer(entry, problem, original);
        LOG.warn("Certificate request {}: {}'s answer is not valid ({}); quarantined for its operators",
                entry.requestId(), entry.municipality(), problem);
        evidence.record(entry.municipality(), "certificate-answer", entry.municipality() + " → " + entry.caller(),
                EvidenceLog.digest(original == null ? "" : original), "502 invalid answer: " + problem,
                entry.requestId());
        count(entry, KedBodies.Error.MUNICIPALITY_ANSWER_INVALID.name());
        return new Outcome(CertificateJournal.State.INVALID, new Response(502, body, false, null));
    }

    /** An error before any question, with a fresh call number. */
    Response refuse(CertificateCall call, KedBodies.Error error) {
        if (call != null) {
            record(call, null, error.status + " " + error.name());
            count(call, error.name());
        }
        return error(error, journal.nextCallSequenceId());
    }

    Response error(KedBodies.Error error, long callSequenceId) {
        return new Response(error.status, KedBodies.error(error, callSequenceId, clock.now(), null), false,
                error.retryAfter());
    }

    Response validationFailed(List<CertificateRequestCheck.FieldError> fieldErrors) {
        return new Response(400, KedBodies.error(KedBodies.Error.VALIDATION_FAILED, journal.nextCallSequenceId(),
                clock.now(), fieldErrors), false, null);
    }

    private void record(CertificateCall call, String requestId, String outcome) {
        evidence.record(call.municipality(), "certificate-request", call.caller() + " → " + call.municipality(),
                EvidenceLog.digest(call.auditRecord().toString() + "\n" + call.fingerprint()), call.operation().word()
                        + " " + call.auditRecord().path("auditTransactionId").asText() + ": " + outcome, requestId);
    }

    private void count(CertificateCall call, String outcome) {
        metrics.counter("syndesmos.certificate.requests", "municipality", call.municipality(), "operation",
                call.operation().word(), "outcome", outcome).increment();
    }

    private void count(CertificateJournal.Entry entry, String outcome) {
        metrics.counter("syndesmos.certificate.requests", "municipality", entry.municipality(), "operation",
                entry.operation(), "outcome", outcome).increment();
    }

    /** The identifiers of a call as logs may show them. */
    static String masked(CertificateCall call) {
        return call.operation() == CertificateCall.Operation.TAP
                ? "AFM " + PersonalData.maskAfm(call.afm()) + ", supply " + PersonalData.maskSupplyNumber(
                        call.supplyNumber())
                : "AMKA " + PersonalData.maskAmka(call.amka()) + ", years " + call.years();
    }
}
