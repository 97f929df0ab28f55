package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.DeadLetters;
import gr.syndesmos.hub.deadletters.DeliveryFailedException;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
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

    CouncilDecisionDelivery(DecisionDestination destination, StateStore state) {
        this.destination = destination;
        this.state = state;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        var in = exchange.getIn();
        CouncilDecision decision = CanonicalJson.mapper().readValue(in.getBody(String.class), CouncilDecision.class);
        String municipality = decision.municipality().code();
        OffsetDateTime version = decision.version();
        StateStore.DeliveryKey key = new StateStore.DeliveryKey(CouncilDecision.RECORD_TYPE, decision.id(), version,
                destination.name(), municipality);

        if (state.deliveryStatus(key.recordType(), key.recordId(), version, key.destination())
                .filter("delivered"::equals).isPresent()) {
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
            DecisionDestination.Accepted accepted = destination.deliver(decision, idempotencyKey, previous);
            StateStore.WriteBack writeBack = accepted.reference() != null && previous == null
                    ? new StateStore.WriteBack(CouncilDecisionIngest.FLOW, decision.source().recordId(),
                            decision.year(), decision.decisionNumber(), accepted.reference(), accepted.publishedAt())
                    : null;
            state.delivered(key, accepted.reference(), writeBack);
            LOG.info("{} v{} delivered to {}{}", decision.id(), version, destination.name(),
                    accepted.reference() == null ? "" : " (" + accepted.reference() + ")");
        } catch (DeliveryFailedException failure) {
            OffsetDateTime first = state.deliveryFailed(key, "failed", failure.getMessage());
            in.setHeader(DeadLetters.FIRST_FAILED_AT_HEADER, first == null ? null : first.toString());
            throw failure;
        }
    }
}
