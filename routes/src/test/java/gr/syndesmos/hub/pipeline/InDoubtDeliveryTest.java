package gr.syndesmos.hub.pipeline;

import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The transparency portal takes a decision but its answer never reaches the hub (the stand-in's {@code lost} mode
 * answers 504, as a gateway that gave up waiting): the hub cannot know whether the decision was published, and the
 * portal would publish a repeat under a new ADA. The hub asks the portal first, by organisation and protocol number,
 * finds the decision, records its ADA and sends nothing again: each decision is on the portal once.
 */
class InDoubtDeliveryTest extends HubRouteTestSupport {

    @Test
    void aDecisionWhoseAnswerWasLostIsLookedUpNotPublishedTwice() throws Exception {
        assertThat(HubTestSupport.call(HTTP_PORT, "PUT", "/sandbox/diavgeia/mode", "region-admin", "lost")
                .statusCode()).isEqualTo(200);
        Set<String> expected = HubTestSupport.expectedDeliveredIds("rethymno");
        HubTestSupport.dropSample("rethymno/" + HubTestSupport.RETHYMNO_SAMPLE,
                data.resolve("inbox").resolve("9318").resolve("council-decisions"));

        await("every decision recorded as delivered to Diavgeia").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300)).until(() -> expected.stream().allMatch(this::deliveredToDiavgeia));

        Map<String, Integer> publications = new HashMap<>();
        for (JsonNode received : HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/received")) {
            publications.merge(received.path("metadata").path("protocolNumber").asText(), 1, Integer::sum);
        }
        assertThat(publications).hasSize(expected.size());
        assertThat(publications.values()).as("each decision published once").containsOnly(1);

        String one = expected.iterator().next();
        JsonNode record = HubTestSupport.getJson(HTTP_PORT, "/api/records/" + one);
        assertThat(record.path("trail").toString()).contains("found already published");
        JsonNode delivery = null;
        for (JsonNode d : record.path("deliveries")) {
            if ("diavgeia".equals(d.path("destination").asText())) {
                delivery = d;
            }
        }
        assertThat(delivery).isNotNull();
        assertThat(delivery.path("reference").asText()).as("the ADA the portal gave").matches("[Α-Ω0-9]{7}-[Α-Ω0-9]{3}");
    }

    private boolean deliveredToDiavgeia(String recordId) {
        try {
            for (JsonNode d : HubTestSupport.getJson(HTTP_PORT, "/api/records/" + recordId).path("deliveries")) {
                if ("diavgeia".equals(d.path("destination").asText()) && "delivered".equals(d.path("status").asText())) {
                    return true;
                }
            }
            return false;
        } catch (Exception | AssertionError notYet) {
            return false;
        }
    }
}
