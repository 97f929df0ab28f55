package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.hub.deadletters.DeliveryFailedException;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.time.OffsetDateTime;

/** An outside system that takes council decisions. */
interface DecisionDestination {

    String name();

    /**
     * Sends one version of a decision.
     *
     * @param previousReference the destination's reference for an earlier version already delivered (e.g. its ADA):
     *     the call is then a correction; null for a first delivery
     * @return what the destination answered when it accepted the record
     * @throws DeliveryFailedException when it did not
     */
    Accepted deliver(CouncilDecision decision, String idempotencyKey, String previousReference)
            throws DeliveryFailedException, InterruptedException;

    /**
     * @param reference the destination's own id for the record (Diavgeia's ADA), or null
     * @param publishedAt when the destination published it, or null
     */
    record Accepted(String reference, OffsetDateTime publishedAt) {
    }
}
