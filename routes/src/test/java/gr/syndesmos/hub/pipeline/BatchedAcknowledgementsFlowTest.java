package gr.syndesmos.hub.pipeline;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.BrokerQueues;
import gr.syndesmos.hub.destinations.DeliveryFailedException;
import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Acknowledgements in batches, on the real broker: the regional platform's queue has one consumer here, so its
 * deliveries wait in one batch, and the fifth decision's first delivery fails (a passing failure, before any call).
 * The rollback brings back the deliveries that waited with it, redelivered: they were recorded before, so they are
 * acknowledged without a second call, and the platform receives every decision once.
 */
@CamelSpringBootTest
@UseAdviceWith
class BatchedAcknowledgementsFlowTest extends HubRouteTestSupport {

    @Autowired
    BrokerQueues brokerQueues;

    /** The shipped flow file with one regional consumer, as a region's own copy of it. */
    @BeforeAll
    static void oneRegionalConsumer() throws Exception {
        String shipped;
        try (var in = BatchedAcknowledgementsFlowTest.class.getResourceAsStream("/flows/council-decisions.flow.yml")) {
            shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String ownCopy = shipped.replace("    contract: regional-record       # the regional platform's envelope",
                "    contract: regional-record\n    consumers: 1\n    acknowledgeEvery: 64");
        assertThat(ownCopy).contains("consumers: 1");
        Path flows = Files.createDirectories(data.resolve("config").resolve("flows"));
        Files.writeString(flows.resolve("council-decisions.flow.yml"), ownCopy);
    }

    @Test
    void aFailureNextToGoodDeliveriesBringsThemBackWithoutASecondCall() throws Exception {
        Set<String> ids = HubTestSupport.expectedDeliveredIds("rethymno");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<String> redelivered = Collections.synchronizedList(new ArrayList<>());
        AdviceWith.adviceWith(camelContext, "council-decisions.deliver.9318.regional", r -> r.weaveAddFirst()
                .process(exchange -> {
                    String id = exchange.getIn().getHeader(BrokerTopology.RECORD_ID, String.class);
                    boolean again = Boolean.TRUE.equals(exchange.getIn().getHeader("JMSRedelivered", Boolean.class));
                    seen.add(id);
                    if (again) {
                        redelivered.add(id);
                    } else if (seen.size() == 5) {
                        // The four before it wait in this consumer's batch (the file was published at once).
                        throw new DeliveryFailedException(false, "passing failure (test)");
                    }
                }));
        camelContext.start();

        NotifyBuilder ingested = new NotifyBuilder(camelContext).fromRoute("council-decisions.source.9318")
                .whenDone(1).create();
        HubTestSupport.dropSample("rethymno/" + HubTestSupport.RETHYMNO_SAMPLE,
                data.resolve("inbox").resolve("9318").resolve("council-decisions"));
        assertThat(ingested.matches(60, SECONDS)).as("the inbox file was ingested").isTrue();

        await("every decision delivered to the regional platform and its queue empty")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> regionalIds().equals(ids) && brokerQueues.queue(BrokerTopology
                        .deliveryQueue(CouncilDecision.RECORD_TYPE, "9318", "regional")).getMessageCount() == 0);

        // The failure rolled back the batch it was in: the others came back...
        assertThat(new TreeSet<>(redelivered)).as("deliveries brought back by the rollback")
                .hasSizeGreaterThanOrEqualTo(5).isSubsetOf(ids);
        // ...and went no further than the state database's "already delivered": one call per decision version.
        assertThat(regionalCalls()).as("calls per decision version at the regional platform")
                .allSatisfy((version, calls) -> assertThat(calls).as(version).isEqualTo(1));
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/api/dead-letters/9318/regional").path("count").asInt())
                .isZero();
    }

    /** The record ids the regional stand-in received. */
    private static Set<String> regionalIds() throws Exception {
        return new TreeSet<>(regionalCalls().keySet().stream().map(v -> v.substring(0, v.indexOf('@'))).toList());
    }

    /** Calls the regional stand-in received, by record id and version. */
    private static Map<String, Integer> regionalCalls() throws Exception {
        Map<String, Integer> calls = new TreeMap<>();
        for (JsonNode entry : HubTestSupport.getJson(HTTP_PORT, "/sandbox/regional/received", "region-admin")) {
            calls.merge(entry.path("id").asText() + "@" + entry.path("version").asText(), 1, Integer::sum);
        }
        return calls;
    }
}
