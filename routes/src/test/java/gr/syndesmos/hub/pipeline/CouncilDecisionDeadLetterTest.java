package gr.syndesmos.hub.pipeline;

import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.BrokerQueues;
import gr.syndesmos.hub.destinations.DeliveryFailedException;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A destination that keeps failing: the Diavgeia delivery route is advised to throw a transient
 * {@link DeliveryFailedException} before it calls anything. With two attempts configured, every Rethymno decision
 * must end in {@code dead-letter.9318.diavgeia}, labelled with the reason and the attempts, and nothing may count
 * as delivered to Diavgeia; the regional destination is not held up.
 */
@CamelSpringBootTest
@UseAdviceWith
class CouncilDecisionDeadLetterTest extends HubRouteTestSupport {

    @Autowired
    StateStore state;

    @Autowired
    BrokerQueues brokerQueues;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void failingDeliveriesAreDeadLetteredAfterTheConfiguredAttempts() throws Exception {
        AdviceWith.adviceWith(camelContext, "council-decisions.deliver.9318.diavgeia",
                r -> {
                    r.weaveAddFirst().to("mock:diavgeia-attempt")
                            .throwException(new DeliveryFailedException(false, "test failure"));
                    r.weaveAddLast().to("mock:diavgeia-past-delivery");
                });
        AdviceWith.adviceWith(camelContext, "council-decisions.deliver.9318.regional",
                r -> r.weaveAddLast().to("mock:regional-delivered"));
        camelContext.start();

        Set<String> expectedIds = HubTestSupport.expectedDeliveredIds("rethymno");
        int decisions = expectedIds.size();
        MockEndpoint attempts = camelContext.getEndpoint("mock:diavgeia-attempt", MockEndpoint.class);
        attempts.expectedMessageCount(2 * decisions);
        attempts.setAssertPeriod(1000);
        MockEndpoint pastDelivery = camelContext.getEndpoint("mock:diavgeia-past-delivery", MockEndpoint.class);
        pastDelivery.expectedMessageCount(0);
        MockEndpoint regional = camelContext.getEndpoint("mock:regional-delivered", MockEndpoint.class);
        regional.expectedMessageCount(decisions);

        // The exchange is created by the inbox route and passes through council-decisions.ingest.9318 (kamelet:sink),
        // so it is matched by the route it came from: NotifyBuilder.fromRoute(ingest) would never match.
        NotifyBuilder ingested = new NotifyBuilder(camelContext).fromRoute("council-decisions.source.9318")
                .whenDone(1).create();
        Path inbox = data.resolve("inbox").resolve("9318").resolve("council-decisions");
        HubTestSupport.dropSample("rethymno/" + HubTestSupport.RETHYMNO_SAMPLE, inbox);
        assertThat(ingested.matches(60, SECONDS)).as("the inbox file was ingested").isTrue();
        assertThat(inbox.resolve("done").resolve(HubTestSupport.RETHYMNO_SAMPLE)).exists();

        // A failing destination does not hold up the other one.
        MockEndpoint.assertIsSatisfied(30, SECONDS, regional);

        await("every decision dead-lettered for diavgeia").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> HubTestSupport.getJson(HTTP_PORT, "/api/dead-letters/9318/diavgeia")
                        .path("count").asInt() == decisions);

        // Exactly two attempts each, and the delivery step never completed.
        MockEndpoint.assertIsSatisfied(30, SECONDS, attempts, pastDelivery);

        JsonNode deadLetters = HubTestSupport.getJson(HTTP_PORT, "/api/dead-letters/9318/diavgeia");
        assertThat(deadLetters.path("queue").asText()).isEqualTo("dead-letter.9318.diavgeia");
        assertThat(deadLetters.path("count").asInt()).isEqualTo(decisions);
        Set<String> deadIds = new TreeSet<>();
        for (JsonNode message : deadLetters.path("messages")) {
            deadIds.add(message.path("recordId").asText());
            assertThat(message.path("reason").asText()).isEqualTo("test failure");
            assertThat(message.path("attempts").asInt()).isEqualTo(2);
            assertThat(message.path("failedAt").asText()).isNotBlank();
            assertThat(message.path("firstFailedAt").asText()).isNotBlank();
            assertThat(message.path("subject").asText()).isNotBlank();
            assertThat(message.path("body").asText()).contains(message.path("recordId").asText());
        }
        assertThat(deadIds).isEqualTo(expectedIds);

        // Dead letters of one destination stay out of the other's queue, and nothing is left behind or lost.
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/api/dead-letters/9318/regional").path("count").asInt())
                .isZero();
        await("delivery queue drained").atMost(Duration.ofSeconds(10)).until(() -> brokerQueues
                .queue(BrokerTopology.deliveryQueue(CouncilDecision.RECORD_TYPE, "9318", "diavgeia"))
                .getMessageCount() == 0);
        assertThat(brokerQueues.queue("dead-letter.unassigned").getMessageCount()).isZero();
        assertThat(brokerQueues.queue("council-decision.unrouted").getMessageCount()).isZero();

        // Nothing was acknowledged as delivered without an answer from the destination.
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/received")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from delivery where destination = 'diavgeia' "
                + "and status = 'delivered'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from write_back", Integer.class)).isZero();
        for (String id : expectedIds) {
            assertThat(state.latestReference(CouncilDecision.RECORD_TYPE, id, "diavgeia")).as(id).isEmpty();
        }
        // ...while the regional platform answered and its deliveries were recorded.
        assertThat(jdbc.queryForObject("select count(*) from delivery where destination = 'regional' "
                + "and status = 'delivered'", Integer.class)).isEqualTo(decisions);
    }
}
