package gr.syndesmos.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.filter.Filter;
import org.apache.activemq.artemis.core.filter.impl.FilterImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker topology for the two built-in municipalities (9305 Heraklion, 9318 Rethymno): names as documented in
 * {@link BrokerTopology}, one filtered delivery queue per municipality and destination, a dead-letter queue for each
 * delivery queue, and catch-alls so no message of a hub address matches no queue. Filters are evaluated with
 * Artemis's own selector implementation.
 */
class BrokerTopologyTest {

    private static final List<String> CODES = List.of("9305", "9318");
    private static final List<String> DESTINATIONS = List.of("diavgeia", "regional");

    static List<Municipality> municipalities;
    static List<BrokerTopology.FilteredQueue> queues;
    static Map<String, BrokerTopology.FilteredQueue> byName;

    @BeforeAll
    static void topology() throws Exception {
        MunicipalityRegistry registry = MunicipalityRegistry.withShippedCatalogues(
                new HubProperties(null, null, null, null, null, Map.of(), null, null));
        municipalities = List.copyOf(registry.all());
        queues = BrokerTopology.queues(municipalities, BrokerConfiguration.flowRoutes(registry.flows()));
        byName = queues.stream().collect(Collectors.toMap(BrokerTopology.FilteredQueue::name, Function.identity()));
    }

    @Test
    void usesTheTwoBuiltInMunicipalities() {
        assertThat(municipalities).extracting(Municipality::code).containsExactlyInAnyOrderElementsOf(CODES);
    }

    @Test
    void queueNamesAreUniqueLowerCaseAndDotSeparated() {
        assertThat(byName).hasSameSizeAs(queues);
        assertThat(queues).allSatisfy(q -> {
            assertThat(q.name()).matches("[a-z0-9-]+(\\.[a-z0-9-]+)+");
            assertThat(q.address()).matches("[a-z0-9-]+");
        });
    }

    @Test
    void documentedNames() {
        assertThat(byName.keySet()).containsExactlyInAnyOrder(
                "council-decision.9305.diavgeia", "council-decision.9305.regional",
                "council-decision.9318.diavgeia", "council-decision.9318.regional",
                "dead-letter.9305.diavgeia", "dead-letter.9305.regional",
                "dead-letter.9318.diavgeia", "dead-letter.9318.regional",
                "council-decision.unrouted", "sensor-reading.unrouted",
                "quarantine.9305", "quarantine.9318", "quarantine.unassigned",
                "expired.9305", "expired.9318", "expired.unassigned",
                "discarded.9305", "discarded.9318", "discarded.unassigned",
                "dead-letter.unassigned");
        assertThat(BrokerTopology.deliveryQueue("council-decision", "9318", "diavgeia"))
                .isEqualTo("council-decision.9318.diavgeia");
        assertThat(BrokerTopology.deadLetterQueue("9318", "diavgeia")).isEqualTo("dead-letter.9318.diavgeia");
        assertThat(BrokerTopology.quarantineQueue("9318")).isEqualTo("quarantine.9318");
        assertThat(BrokerTopology.expiryQueue("9318")).isEqualTo("expired.9318");
        assertThat(BrokerTopology.discardedQueue("9318")).isEqualTo("discarded.9318");
        assertThat(byName.get("discarded.9318").filter()).isEqualTo("municipality = '9318'");
        assertThat(BrokerTopology.fqqn("council-decision", "council-decision.9318.regional"))
                .isEqualTo("council-decision::council-decision.9318.regional");
        // Catch-alls come last, after every specific queue.
        assertThat(queues.get(queues.size() - 1).name()).isEqualTo("dead-letter.unassigned");
    }

    @Test
    void everyDeliveryQueueIsOnTheRecordAddressWithAMunicipalityFilter() {
        for (String code : CODES) {
            for (String destination : DESTINATIONS) {
                BrokerTopology.FilteredQueue q = byName.get("council-decision." + code + "." + destination);
                assertThat(q).as(code + "/" + destination).isNotNull();
                assertThat(q.address()).isEqualTo(BrokerTopology.recordAddress("council-decision"));
                assertThat(q.filter()).isEqualTo("municipality = '" + code + "'");
                assertThat(matches(q, Map.of("municipality", code))).isTrue();
                String other = code.equals("9318") ? "9305" : "9318";
                assertThat(matches(q, Map.of("municipality", other))).as("other municipality kept out").isFalse();
                assertThat(matches(q, Map.of())).as("no municipality kept out").isFalse();
            }
        }
    }

    @Test
    void everyDeliveryQueueHasItsOwnDeadLetterQueue() {
        List<BrokerTopology.FilteredQueue> delivery = queues.stream()
                .filter(q -> q.address().equals("council-decision") && !q.name().endsWith(".unrouted")).toList();
        assertThat(delivery).hasSize(4);
        for (BrokerTopology.FilteredQueue q : delivery) {
            String[] parts = q.name().split("\\.");
            BrokerTopology.FilteredQueue dlq = byName.get("dead-letter." + parts[1] + "." + parts[2]);
            assertThat(dlq).as("dead-letter queue of " + q.name()).isNotNull();
            assertThat(dlq.address()).isEqualTo(BrokerTopology.DEAD_LETTER_ADDRESS);
            assertThat(dlq.filter()).startsWith("_AMQ_ORIG_QUEUE LIKE ");
            // Its filter takes dead letters of this queue, and of no other delivery queue.
            for (BrokerTopology.FilteredQueue other : delivery) {
                assertThat(matches(dlq, Map.of("_AMQ_ORIG_QUEUE", other.name())))
                        .as(dlq.name() + " takes dead letters of " + other.name())
                        .isEqualTo(other == q);
            }
            // The dead letter a broker produces from this queue lands in exactly this dead-letter queue.
            assertThat(matching("dead-letter", Map.of("_AMQ_ORIG_QUEUE", q.name(),
                    "_AMQ_ORIG_ADDRESS", q.address(), "municipality", parts[1])))
                    .containsExactly(dlq.name());
        }
    }

    @Test
    void recordsOfEachMunicipalityGoToItsDeliveryQueuesOnly() {
        assertThat(matching("council-decision", Map.of("municipality", "9318")))
                .containsExactlyInAnyOrder("council-decision.9318.diavgeia", "council-decision.9318.regional");
        assertThat(matching("council-decision", Map.of("municipality", "9305")))
                .containsExactlyInAnyOrder("council-decision.9305.diavgeia", "council-decision.9305.regional");
    }

    @Test
    void recordsOfNoKnownMunicipalityAreKeptInTheCatchAll() {
        assertThat(matching("council-decision", Map.of("municipality", "9999")))
                .containsExactly("council-decision.unrouted");
        assertThat(matching("council-decision", Map.of("recordId", "x")))
                .as("no municipality property at all").containsExactly("council-decision.unrouted");
    }

    @Test
    void quarantineAndExpiryKeepEveryMessage() {
        for (String address : List.of("quarantine", "expired")) {
            for (String code : CODES) {
                assertThat(matching(address, Map.of("municipality", code))).containsExactly(address + "." + code);
            }
            assertThat(matching(address, Map.of("municipality", "9999")))
                    .containsExactly(address + ".unassigned");
            assertThat(matching(address, Map.of())).containsExactly(address + ".unassigned");
        }
    }

    @Test
    void deadLettersFromAnyOtherQueueAreKept() {
        assertThat(matching("dead-letter", Map.of("_AMQ_ORIG_QUEUE", "some-client.queue")))
                .containsExactly("dead-letter.unassigned");
        assertThat(matching("dead-letter", Map.of("_AMQ_ORIG_QUEUE", "council-decision.9999.diavgeia")))
                .containsExactly("dead-letter.unassigned");
        assertThat(matching("dead-letter", Map.of())).as("a message sent straight to the address")
                .containsExactly("dead-letter.unassigned");
    }

    private static boolean matches(BrokerTopology.FilteredQueue queue, Map<String, String> properties) {
        try {
            Filter filter = FilterImpl.createFilter(queue.filter());
            return filter == null || filter.match(new HashMap<>(properties));
        } catch (Exception e) {
            throw new AssertionError("Filter of " + queue.name() + " does not parse: " + queue.filter(), e);
        }
    }

    /** The queues of an address whose filter takes a message with these properties. */
    private static List<String> matching(String address, Map<String, String> properties) {
        return queues.stream().filter(q -> q.address().equals(address)).filter(q -> matches(q, properties))
                .map(BrokerTopology.FilteredQueue::name).toList();
    }
}
