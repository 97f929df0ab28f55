package gr.syndesmos.hub.broker;

import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.settings.HubProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * What a broker must hold for this region's hub: the addresses and queues of {@link BrokerTopology}, the settings
 * that give every message somewhere to go (dead letters, expiry, redelivery, paging) and who may do what
 * ({@link BrokerSecurity}). Built once from the flow and municipality files and used three ways: the embedded broker
 * is configured with it, {@link BrokerXml} writes it into an external broker's {@code broker.xml}, and
 * {@link ExternalBrokerCheck} compares an external broker with it at start.
 */
public record RegionBrokerSettings(List<CoreAddressConfiguration> addresses,
        Map<String, AddressSettings> addressSettings, Map<String, Set<Role>> security) {

    /** Pages of a record address's backlog on disk. */
    static final int PAGE_BYTES = 1024 * 1024;

    /** Buckets of record groups per delivery queue: far more than the consumers a queue may have. */
    static final int RECORD_GROUP_BUCKETS = 1024;

    public static RegionBrokerSettings of(HubProperties.Redelivery redelivery, FlowRegistry flows,
            List<Municipality> municipalities, List<BrokerAccounts.Account> municipalityAccounts) {
        List<Flow> all = List.copyOf(flows.all());
        return new RegionBrokerSettings(
                addresses(municipalities, BrokerConfiguration.flowRoutes(flows),
                        all.stream().filter(f -> f.pattern() == Flow.Pattern.CONVERSATION).map(Flow::name).toList()),
                addressSettings(redelivery, all), BrokerSecurity.settings(municipalityAccounts));
    }

    static Map<String, AddressSettings> addressSettings(HubProperties.Redelivery hub, List<Flow> all) {
        SimpleString deadLetters = SimpleString.of(BrokerTopology.DEAD_LETTER_ADDRESS);
        SimpleString expired = SimpleString.of(BrokerTopology.EXPIRY_ADDRESS);
        Map<String, AddressSettings> settings = new LinkedHashMap<>();
        // Everything, including what external clients send, has somewhere to go: never a silent drop. Nothing is
        // created on demand: an address or queue the hub did not declare does not exist.
        settings.put("#", new AddressSettings()
                .setDeadLetterAddress(deadLetters)
                .setExpiryAddress(expired)
                .setAutoCreateAddresses(false)
                .setAutoCreateQueues(false));
        for (Flow flow : all.stream().filter(Flow::publishes).toList()) {
            HubProperties.Redelivery redelivery = redelivery(hub, flow);
            // The hub dead-letters by itself after the configured attempts, with the reason; the broker's own
            // limit is a back-stop for a message that crashes the hub before it can do so.
            settings.put(BrokerTopology.recordAddress(flow.recordType()), new AddressSettings()
                    .setDeadLetterAddress(deadLetters)
                    .setExpiryAddress(expired)
                    .setRedeliveryDelay(redelivery.delayMs())
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(Math.max(redelivery.delayMs(), redelivery.maxDelayMs()))
                    .setMaxDeliveryAttempts(redelivery.attempts() + 2)
                    // Records are grouped by their id (BrokerTopology.GROUP): the groups hash into a bounded number
                    // of buckets, or the broker would remember every record id it ever saw. A consumer that joins
                    // (a hub starting its deliveries one by one) gets its share of the buckets; dispatch pauses
                    // meanwhile until what is in flight is acknowledged, so no version overtakes an earlier one.
                    .setDefaultGroupBuckets(RECORD_GROUP_BUCKETS)
                    // A backlog beyond the broker's memory is paged in small pages and read back a few MB at a
                    // time: Artemis's defaults (10 MB pages, 20 MB read back per queue) cost a small hub's heap
                    // more than the backlog's own budget.
                    .setPageSizeBytes(PAGE_BYTES)
                    .setMaxReadPageBytes(4 * PAGE_BYTES)
                    .setPrefetchPageBytes(2 * PAGE_BYTES)
                    .setDefaultGroupRebalance(true)
                    .setDefaultGroupRebalancePauseDispatch(true)
                    .setAutoCreateAddresses(false)
                    .setAutoCreateQueues(false));
        }
        // What a municipality sends over the broker fails to be taken only while the hub cannot store it (database
        // or broker trouble): keep offering it, ever more slowly, as an HTTP pusher would be told to.
        settings.put(BrokerTopology.INBOUND_PREFIX + ".#", offeredUntilTaken(hub, deadLetters, expired));
        // What the hub sends a municipality's system (a transfer to its registry, a certificate question) fails only
        // while that system cannot take it (its database restarting, its share away); a message the system can never
        // take is dead-lettered by the route itself.
        settings.put("tenant.#", offeredUntilTaken(hub, deadLetters, expired));
        for (String parking : List.of(BrokerTopology.DEAD_LETTER_ADDRESS, BrokerTopology.QUARANTINE_ADDRESS,
                BrokerTopology.EXPIRY_ADDRESS, BrokerTopology.DISCARDED_ADDRESS)) {
            settings.put(parking, new AddressSettings()
                    .setMaxDeliveryAttempts(-1)
                    .setAutoCreateAddresses(false)
                    .setAutoCreateQueues(false));
        }
        return settings;
    }

    /** Redelivered ever more slowly, up to the hub's longest delay, and never given up on. */
    private static AddressSettings offeredUntilTaken(HubProperties.Redelivery redelivery, SimpleString deadLetters,
            SimpleString expired) {
        return new AddressSettings()
                .setDeadLetterAddress(deadLetters)
                .setExpiryAddress(expired)
                .setRedeliveryDelay(redelivery.delayMs())
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(Math.max(redelivery.delayMs(), redelivery.maxDelayMs()))
                .setMaxDeliveryAttempts(-1)
                .setAutoCreateAddresses(false)
                .setAutoCreateQueues(false);
    }

    /**
     * The broker's redelivery of one flow's records: the hub's, with what the flow file overrides. Its attempts are
     * the most any of its destinations allows (the hub dead-letters each at its own count).
     */
    private static HubProperties.Redelivery redelivery(HubProperties.Redelivery hub, Flow flow) {
        Flow.Retry retry = flow.retry();
        int attempts = retry.attempts() != null ? retry.attempts() : hub.attempts();
        for (Flow.FlowDestination destination : flow.destinations()) {
            if (destination.attempts() != null) {
                attempts = Math.max(attempts, destination.attempts());
            }
        }
        return new HubProperties.Redelivery(attempts, retry.delayMs() != null ? retry.delayMs() : hub.delayMs(),
                retry.maxDelayMs() != null ? retry.maxDelayMs() : hub.maxDelayMs());
    }

    static List<CoreAddressConfiguration> addresses(List<Municipality> all,
            List<BrokerTopology.FlowRoute> flows, List<String> conversations) {
        Map<String, CoreAddressConfiguration> addresses = new LinkedHashMap<>();
        for (BrokerTopology.FilteredQueue queue : BrokerTopology.queues(all, flows, conversations)) {
            addresses.computeIfAbsent(queue.address(), name -> new CoreAddressConfiguration()
                            .setName(name).addRoutingType(RoutingType.MULTICAST))
                    .addQueueConfiguration(QueueConfiguration.of(queue.name())
                            .setAddress(queue.address())
                            .setRoutingType(RoutingType.MULTICAST)
                            .setFilterString(queue.filter())
                            .setDurable(true));
        }
        List<String> anycast = new java.util.ArrayList<>(BrokerTopology.municipalityQueues(all));
        anycast.addAll(BrokerTopology.transferQueues(all, conversations));
        for (String queue : anycast) {
            addresses.put(queue, new CoreAddressConfiguration().setName(queue).addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue)
                            .setRoutingType(RoutingType.ANYCAST).setDurable(true)));
        }
        return List.copyOf(addresses.values());
    }
}
