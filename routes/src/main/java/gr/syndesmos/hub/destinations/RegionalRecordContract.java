package gr.syndesmos.hub.destinations;

import java.util.Set;

/**
 * {@code regional-record}: any canonical record, in the regional platform's envelope
 * ({@code {recordType, schemaVersion, id, version, municipality, record}}), idempotent on id and version.
 */
public final class RegionalRecordContract implements DestinationContract {

    @Override
    public String name() {
        return "regional-record";
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of();
    }

    @Override
    public Destination connect(String name, DestinationContext context) {
        return new RegionalDestination(name, context.clients().client(name),
                context.properties().destination(name).url());
    }
}
