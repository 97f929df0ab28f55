package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.DeadLetters;
import gr.syndesmos.hub.deadletters.DeliveryFailedException;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.records.RecordTrail;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one council-decision message to one destination, at most once per record version as far as the hub
 * knows: a version already delivered is acknowledged without a call; a version older than one already delivered is
 * stale and skipped; a later version of a delivered decision goes as a correction. The delivery is recorded before
 * the message is acknowledged, so a crash can only repeat the call whose answer was not yet recorded (with the same
 * idempotency key).
 */
final class CouncilDecisionDelivery implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CouncilDecisionDelivery.class);

    private final DecisionDestination destination;
    private final StateStore state;
    private final RecordTrail trail;
    private final HubMetrics metrics;
    /** How many destinations the municipality sends this flow to: all of them delivered means "delivered". */
    private final int destinations;

    CouncilDecisionDelivery(DecisionDestination destination, StateStore state, RecordTrail trail, HubMetrics metrics,
            int destinations) {
        this.destination = destination;
        this.state = state;
        this.trail = trail;
        this.metrics = metrics;
        this.destinations = destinations;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        var in = exchange.getIn();
        CouncilDecision decision = CanonicalJson.mapper().readValue(in.getBody(String.class), CouncilDecision.class);
        String municipality = decision.municipality().code();
        OffsetDateTime version = decision.version();
        StateStore.DeliveryKey key = new StateStore.DeliveryKey(CouncilDecision.RECORD_TYPE, decision.id(), version,
                destination.name(), municipality);

        String earlier = state.deliveryStatus(key.recordType(), key.recordId(), version, key.destination())
                .orElse(null);
        if ("delivered".equals(earlier)) {
            LOG.info("{} v{} already delivered to {}: acknowledged without a call", decision.id(), version,
                    destination.name());
            return;
        }
        if (state.newerVersionDelivered(key.recordType(), key.recordId(), version, key.destination())) {
            state.deliverySkipped(key, "stale: a newer version was already delivered");
            LOG.info("{} v{} is older than the version {} has: skipped", decision.id(), version, destination.name());
            return;
        }
        String previous = state.latestReference(key.recordType(), key.recordId(), key.destination()).orElse(null);
        String idempotencyKey = in.getHeader(BrokerTopology.IDEMPOTENCY_KEY, String.class);
        if (idempotencyKey == null) {
            idempotencyKey = CouncilDecisionIngest.idempotencyKey(municipality, decision.id(), version);
        }
        try {
            DecisionDestination.Accepted accepted = null;
            boolean reconciled = false;
            if (destination.repeatsMakeDuplicates() && previous == null) {
                if (earlier != null) {
                    // An earlier attempt's outcome is unknown (the hub stopped, or no answer came): ask first.
                    accepted = destination.alreadyHolds(decision).orElse(null);
                    reconciled = accepted != null;
                }
                if (accepted == null) {
                    state.deliverySending(key);
                }
            }
            if (accepted == null) {
                accepted = destination.deliver(decision, idempotencyKey, previous);
            } else {
                LOG.warn("{} v{}: {} already held it ({}) from an attempt whose answer the hub never recorded; not "
                        + "sent again", decision.id(), version, destination.name(), accepted.reference());
            }
            StateStore.WriteBack writeBack = accepted.reference() != null && previous == null
                    ? new StateStore.WriteBack(CouncilDecisionIngest.FLOW, decision.source().recordId(),
                            decision.year(), decision.decisionNumber(), accepted.reference(), accepted.publishedAt())
                    : null;
            state.delivered(key, accepted.reference(), writeBack);
            int delivered = state.deliveredCount(key.recordType(), key.recordId(), version);
            trail.step(new RecordTrail.Step(municipality, key.recordType(), key.recordId(), version,
                    previous == null ? "delivered" : "delivered-correction", destination.name(), null,
                    (reconciled ? "found already published: " : "")
                            + (accepted.reference() == null ? "accepted" : "reference " + accepted.reference()),
                    delivered >= destinations ? "delivered" : "delivering"));
            Long pickedUpAt = in.getHeader(BrokerTopology.PICKED_UP_AT, Long.class);
            metrics.delivered(municipality, CouncilDecisionIngest.FLOW, destination.name(), pickedUpAt == null ? null
                    : Duration.ofMillis(System.currentTimeMillis() - pickedUpAt));
            LOG.info("{} v{} delivered to {}{}", decision.id(), version, destination.name(),
                    accepted.reference() == null ? "" : " (" + accepted.reference() + ")");
        } catch (DeliveryFailedException failure) {
            OffsetDateTime first = state.deliveryFailed(key, "failed", failure.getMessage());
            in.setHeader(DeadLetters.FIRST_FAILED_AT_HEADER, first == null ? null : first.toString());
            throw failure;
        }
    }
}
