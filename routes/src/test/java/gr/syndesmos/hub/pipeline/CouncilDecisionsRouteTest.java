package gr.syndesmos.hub.pipeline;

import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.broker.BrokerTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Rethymno sample export, end to end inside one hub: inbox → ingest → broker → delivery to the regional
 * stand-in. The regional delivery route is advised to report every message it delivered to a mock.
 */
@CamelSpringBootTest
@UseAdviceWith
class CouncilDecisionsRouteTest extends HubRouteTestSupport {

    @Test
    void rethymnoExportReachesTheRegionalPlatform() throws Exception {
        AdviceWith.adviceWith(camelContext, "council-decisions.deliver.9318.regional",
                r -> r.weaveAddLast().to("mock:regional-delivered"));
        camelContext.start();

        MockEndpoint delivered = camelContext.getEndpoint("mock:regional-delivered", MockEndpoint.class);
        Set<String> expectedIds = HubTestSupport.expectedDeliveredIds("rethymno");
        assertThat(expectedIds).hasSize(22);
        delivered.expectedMessageCount(expectedIds.size());
        // After the 22nd, nothing more may arrive for a while (no duplicate deliveries).
        delivered.setAssertPeriod(1000);

        // The exchange is created by the inbox route and passes through council-decisions.ingest.9318 (kamelet:sink),
        // so it is matched by the route it came from: NotifyBuilder.fromRoute(ingest) would never match.
        NotifyBuilder ingested = new NotifyBuilder(camelContext).fromRoute("council-decisions.source.9318")
                .whenDone(1).create();
        Path inbox = data.resolve("inbox").resolve("9318").resolve("council-decisions");
        HubTestSupport.dropSample("rethymno/" + HubTestSupport.RETHYMNO_SAMPLE, inbox);

        assertThat(ingested.matches(60, SECONDS)).as("the inbox file was ingested").isTrue();
        assertThat(inbox.resolve("done").resolve(HubTestSupport.RETHYMNO_SAMPLE)).exists();
        assertThat(inbox.resolve(HubTestSupport.RETHYMNO_SAMPLE)).doesNotExist();
        assertThat(inbox.resolve("error")).doesNotExist();

        MockEndpoint.assertIsSatisfied(30, SECONDS, delivered);

        Set<String> deliveredIds = new TreeSet<>();
        List<String> municipalities = new ArrayList<>();
        for (Exchange exchange : delivered.getReceivedExchanges()) {
            String recordId = exchange.getIn().getHeader(BrokerTopology.RECORD_ID, String.class);
            deliveredIds.add(recordId);
            municipalities.add(exchange.getIn().getHeader(BrokerTopology.MUNICIPALITY, String.class));
            // Each record is its own message group: its versions stay with one consumer at a time, in order.
            assertThat(exchange.getIn().getHeader(BrokerTopology.GROUP, String.class))
                    .isEqualTo("council-decision:" + recordId);
        }
        assertThat(deliveredIds).isEqualTo(expectedIds);
        assertThat(municipalities).containsOnly("9318");
        assertThat(((org.apache.camel.component.jms.JmsEndpoint) camelContext
                .getRoute("council-decisions.deliver.9318.regional").getEndpoint()).getConcurrentConsumers())
                .as("several deliveries at once per destination by default").isEqualTo(16);

        Set<String> receivedIds = new TreeSet<>();
        int received = 0;
        for (JsonNode envelope : HubTestSupport.getJson(HTTP_PORT, "/sandbox/regional/received")) {
            received++;
            receivedIds.add(envelope.path("id").asText());
            assertThat(envelope.path("municipality").path("code").asText()).isEqualTo("9318");
            assertThat(envelope.path("receivedRepeat").asBoolean()).as("sent once").isFalse();
            assertThat(envelope.path("idempotencyKey").asText()).startsWith("9318:" + envelope.path("id").asText());
        }
        assertThat(received).as("one call per decision").isEqualTo(expectedIds.size());
        assertThat(receivedIds).isEqualTo(expectedIds);

        // The invalid record (bad AFM) was quarantined, not delivered.
        JsonNode quarantine = HubTestSupport.getJson(HTTP_PORT, "/api/quarantine/9318");
        assertThat(quarantine.path("count").asInt()).isEqualTo(1);
        assertThat(quarantine.path("messages").get(0).path("recordId").asText())
                .isEqualTo("9318-council-decision-2026-101");
        assertThat(Files.exists(inbox.resolve("done"))).isTrue();
    }
}
