package gr.syndesmos.hub.destinations;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * An outside system a flow delivers to (the transparency portal, the regional platform), as its
 * {@link DestinationContract} speaks to it. It is given the canonical record as JSON and never a record type's Java
 * class: whatever is specific to a record type is the contract's own mapper.
 */
public interface Destination {

    /** The destination's name in flow and municipality files and in {@code syndesmos.destinations.<name>}. */
    String name();

    /**
     * Checks, before the hub starts delivering, what the destination needs of one municipality (its Diavgeia ids
     * file, say).
     *
     * @throws IllegalStateException naming the file and the fix
     */
    default void prepare(String municipalityCode) {
    }

    /**
     * Sends one version of a record.
     *
     * @param previousReference the destination's reference for an earlier version already delivered (an ADA): the
     *     call is then a correction; null for a first delivery
     * @return what the destination answered when it accepted the record
     * @throws DeliveryFailedException when it did not (permanent or not)
     */
    Accepted deliver(OutgoingRecord record, String idempotencyKey, String previousReference)
            throws DeliveryFailedException, InterruptedException;

    /**
     * Whether the destination, which takes a repeated call as a new record, already holds this version: asked before a
     * call whose earlier attempt's outcome is unknown (the hub stopped, or no answer came, between the call and its
     * recorded answer), so that a repeat never publishes a record twice.
     *
     * @throws DeliveryFailedException when it cannot be asked now (the delivery is retried later)
     */
    default Optional<Accepted> alreadyHolds(OutgoingRecord record) throws DeliveryFailedException,
            InterruptedException {
        return Optional.empty();
    }

    /** Whether {@link #alreadyHolds} asks: the destination would take a repeated call as a new record. */
    default boolean repeatsMakeDuplicates() {
        return false;
    }

    /**
     * @param reference the destination's own id for the record (Diavgeia's ADA), or null
     * @param answeredAt when the destination published or accepted it, or null
     */
    record Accepted(String reference, OffsetDateTime answeredAt) {
    }
}
