package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.hub.deadletters.DeliveryFailedException;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.time.OffsetDateTime;
import java.util.Optional;

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
     * Whether the destination, which does not recognise a repeated call as the same, already holds this version: asked
     * before a call whose earlier attempt's outcome is unknown (the hub stopped, or no answer came, between the call
     * and its recorded answer), so that a repeat never publishes a decision twice. Idempotent destinations answer
     * empty without asking.
     *
     * @return what the destination holds, when it holds it
     * @throws DeliveryFailedException when it cannot be asked now (the delivery is retried later)
     */
    default Optional<Accepted> alreadyHolds(CouncilDecision decision) throws DeliveryFailedException,
            InterruptedException {
        return Optional.empty();
    }

    /** Whether {@link #alreadyHolds} asks: the destination would take a repeated call as a new record. */
    default boolean repeatsMakeDuplicates() {
        return false;
    }

    /**
     * @param reference the destination's own id for the record (Diavgeia's ADA), or null
     * @param publishedAt when the destination published it, or null
     */
    record Accepted(String reference, OffsetDateTime publishedAt) {
    }
}
