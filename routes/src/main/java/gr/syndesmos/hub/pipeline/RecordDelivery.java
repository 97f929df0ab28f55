package gr.syndesmos.hub.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.broker.RecordVersions;
import gr.syndesmos.hub.deadletters.DeadLetters;
import gr.syndesmos.hub.destinations.DeliveryFailedException;
import gr.syndesmos.hub.destinations.Destination;
import gr.syndesmos.hub.destinations.OutgoingRecord;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.records.RecordTrail;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.mappings.WriteBackFormat;
import gr.syndesmos.schemas.CanonicalJson;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import gr.syndesmos.hub.evidence.EvidenceLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The pipeline's delivery, for every flow and destination: delivers one message, at most once per record version as
 * far as the hub knows. It reads the record's municipality, type, id and version from the message's properties and
 * the body as JSON, and the flow and destination from the route's exchange properties. A version already delivered
 * is acknowledged without a call; one older than a version already delivered is stale and skipped; a later version of
 * a delivered record goes as a correction, with the destination's reference for it. The delivery is recorded before
 * the message is acknowledged, so a crash can only repeat the call whose answer was not yet recorded, with the same
 * idempotency key; to a destination that takes a repeat as a new record, a delivery whose outcome is unknown is
 * looked up first. An answer to write back is recorded in the same transaction, and the municipality's write-back is
 * told at once.
 */
@Component
public class RecordDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDelivery.class);

    private final PipelinePlan plan;
    private final StateStore state;
    private final RecordTrail trail;
    private final HubMetrics metrics;
    private final ProducerTemplate producer;
    private final EvidenceLog evidence;

    public RecordDelivery(PipelinePlan plan, StateStore state, RecordTrail trail, HubMetrics metrics,
            ProducerTemplate producer, EvidenceLog evidence) {
        this.evidence = evidence;
        this.plan = plan;
        this.state = state;
        this.trail = trail;
        this.metrics = metrics;
        this.producer = producer;
    }

    public void deliver(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String flowName = DeadLetters.routeProperty(exchange, DeadLetters.FLOW);
        Destination destination = plan.destination(DeadLetters.routeProperty(exchange, DeadLetters.DESTINATION));
        OutgoingRecord record = record(in);
        PipelinePlan.Lane lane = plan.lane(flowName, record.municipality());
        Flow flow = lane.flow();
        OffsetDateTime version = record.version();
        StateStore.DeliveryKey key = new StateStore.DeliveryKey(record.recordType(), record.recordId(), version,
                destination.name(), record.municipality());

        StateStore.DeliveryHistory history = state.deliveryHistory(key.recordType(), key.recordId(),
                key.destination());
        String earlier = history.status(version).orElse(null);
        if ("delivered".equals(earlier)) {
            LOG.info("{} v{} already delivered to {}: acknowledged without a call", record.recordId(), version,
                    destination.name());
            return;
        }
        if (flow.versions() == Flow.Versions.CORRECTIONS && history.newerDelivered(version)) {
            state.deliverySkipped(key, "stale: a newer version was already delivered");
            LOG.info("{} v{} is older than the version {} has: skipped", record.recordId(), version,
                    destination.name());
            return;
        }
        String previous = flow.versions() == Flow.Versions.CORRECTIONS
                ? history.latestReference().orElse(null) : null;
        String idempotencyKey = in.getHeader(BrokerTopology.IDEMPOTENCY_KEY, String.class);
        if (idempotencyKey == null) {
            idempotencyKey = RecordIngest.idempotencyKey(record.municipality(), record.recordId(), version);
        }
        try {
            Destination.Accepted accepted = null;
            boolean reconciled = false;
            if (destination.repeatsMakeDuplicates() && previous == null) {
                if (earlier != null) {
                    // An earlier attempt's outcome is unknown (the hub stopped, or no answer came): ask first.
                    accepted = destination.alreadyHolds(record).orElse(null);
                    reconciled = accepted != null;
                }
                if (accepted == null) {
                    state.deliverySending(key);
                }
            }
            if (accepted == null) {
                accepted = destination.deliver(record, idempotencyKey, previous);
            } else {
                LOG.warn("{} v{}: {} already held it ({}) from an attempt whose answer the hub never recorded; not "
                        + "sent again", record.recordId(), version, destination.name(), accepted.reference());
            }
            StateStore.WriteBack writeBack = writeBack(lane, destination, record, accepted, previous);
            state.delivered(key, accepted.reference(), writeBack, new RecordTrail.Step(record.municipality(),
                    key.recordType(), key.recordId(), version,
                    previous == null ? "delivered" : "delivered-correction", destination.name(), null,
                    (reconciled ? "found already published: " : "")
                            + (accepted.reference() == null ? "accepted" : "reference " + accepted.reference()),
                    null), lane.destinations().size());
            Long pickedUpAt = in.getHeader(BrokerTopology.PICKED_UP_AT, Long.class);
            metrics.delivered(record.municipality(), flow.name(), destination.name(), pickedUpAt == null ? null
                    : Duration.ofMillis(System.currentTimeMillis() - pickedUpAt));
            LOG.info("{} v{} delivered to {}{}", record.recordId(), version, destination.name(),
                    accepted.reference() == null ? "" : " (" + accepted.reference() + ")");
            evidence.record(record.municipality(), previous == null ? "delivery" : "delivery-correction",
                    record.municipality() + " → " + destination.name(), EvidenceLog.digest(in.getBody(String.class)),
                    accepted.reference() == null ? "accepted" : "accepted: " + accepted.reference(),
                    record.recordId() + "@" + version);
            if (writeBack != null) {
                producer.sendBody(WriteBackWriter.trigger(flow.name(), record.municipality()), null);
            }
        } catch (DeliveryFailedException failure) {
            StateStore.DeliveryFailure failed = state.deliveryFailed(key, "failed", failure.getMessage());
            evidence.record(record.municipality(), "delivery-attempt", record.municipality() + " → "
                    + destination.name(), EvidenceLog.digest(in.getBody(String.class)), "failed (attempt "
                    + failed.attempts() + "): " + failure.getMessage(), record.recordId() + "@" + version);
            in.setHeader(DeadLetters.FIRST_FAILED_AT_HEADER, failed.firstFailedAt() == null ? null
                    : failed.firstFailedAt().toString());
            in.setHeader(DeadLetters.ATTEMPT_HEADER, failed.attempts());
            throw failure;
        }
    }

    /** The record as the message carries it: who, what and which version in its properties, the body as JSON. */
    private static OutgoingRecord record(Message in) throws DeliveryFailedException {
        String municipality = in.getHeader(BrokerTopology.MUNICIPALITY, String.class);
        String recordType = in.getHeader(BrokerTopology.RECORD_TYPE, String.class);
        String recordId = in.getHeader(BrokerTopology.RECORD_ID, String.class);
        String version = in.getHeader(BrokerTopology.RECORD_VERSION, String.class);
        if (municipality == null || recordType == null || recordId == null || version == null) {
            throw new DeliveryFailedException(true, "the message lacks the record's municipality, type, id or "
                    + "version properties: it was not published by the hub's ingest");
        }
        JsonNode body;
        try {
            body = CanonicalJson.mapper().readTree(in.getBody(String.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new DeliveryFailedException(true, "the message body is not JSON: " + e.getMessage(), e);
        }
        return new OutgoingRecord(municipality, recordType, recordId, RecordVersions.parse(version), body);
    }

    /**
     * The answer to write back, when the flow writes back this destination's answers and this was a first delivery
     * answered with a reference: only the record's members the municipality's import file names are kept.
     */
    private static StateStore.WriteBack writeBack(PipelinePlan.Lane lane, Destination destination,
            OutgoingRecord record, Destination.Accepted accepted, String previous) {
        WriteBackFormat format = lane.writeBack();
        if (format == null || !destination.name().equals(lane.flow().writeBackFrom()) || accepted.reference() == null
                || previous != null) {
            return null;
        }
        ObjectNode members = CanonicalJson.mapper().createObjectNode();
        for (String pointer : format.recordMembers()) {
            JsonNode value = record.body().at(pointer);
            if (!value.isMissingNode()) {
                put(members, pointer, value);
            }
        }
        return new StateStore.WriteBack(lane.flow().name(), accepted.reference(), accepted.answeredAt() == null
                ? OffsetDateTime.now(java.time.ZoneOffset.UTC) : accepted.answeredAt(), members.toString());
    }

    /** Sets {@code /a/b} in a tree of objects, making the objects on the way. */
    private static void put(ObjectNode root, String pointer, JsonNode value) {
        String[] steps = pointer.substring(1).split("/");
        ObjectNode at = root;
        for (int i = 0; i < steps.length - 1; i++) {
            String step = steps[i].replace("~1", "/").replace("~0", "~");
            at = at.has(step) && at.get(step).isObject() ? (ObjectNode) at.get(step) : at.putObject(step);
        }
        at.set(steps[steps.length - 1].replace("~1", "/").replace("~0", "~"), value);
    }
}
