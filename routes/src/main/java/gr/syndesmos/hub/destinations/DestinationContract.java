package gr.syndesmos.hub.destinations;

import java.util.Set;

/**
 * How the hub speaks to one kind of outside system, named in flow files ({@code contract: diavgeia-decision}): the
 * record types it can express, what it needs of a municipality, whether it answers with a reference worth writing
 * back, and the {@link Destination} that does the talking. Contracts are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/gr.syndesmos.hub.destinations.DestinationContract}); a new one is a class and a line.
 */
public interface DestinationContract {

    /** Its name in flow files, e.g. {@code regional-record}. */
    String name();

    /** The record types it can express; empty for every record type. */
    Set<String> recordTypes();

    /** Keys a municipality file must give to deliver through it, e.g. {@code diavgeiaOrganizationId}. */
    default Set<String> municipalityNeeds() {
        return Set.of();
    }

    /** Whether its destination answers with a reference of its own (an ADA) that a flow may write back. */
    default boolean answersWithReference() {
        return false;
    }

    default boolean serves(String recordType) {
        return recordTypes().isEmpty() || recordTypes().contains(recordType);
    }

    /**
     * The destination of this contract named {@code name} (its URL and HTTP settings are
     * {@code syndesmos.destinations.<name>}).
     *
     * @throws IllegalStateException naming the setting when the destination's settings do not fit
     */
    Destination connect(String name, DestinationContext context);
}
