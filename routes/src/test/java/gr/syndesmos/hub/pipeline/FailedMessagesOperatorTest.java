package gr.syndesmos.hub.pipeline;

import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.destinations.DeliveryFailedException;
import gr.syndesmos.schemas.CanonicalJson;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import gr.syndesmos.hub.deadletters.FailedMessagesHealthIndicator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.TestPropertySource;

/**
 * The operators' side of failed messages, through the API and Jolokia as a script or Hawtio calls them: each
 * municipality's people see and move only their own messages, viewers cannot move any, bulk retry takes every
 * matching message, a discard needs a reason and keeps the message, every action is journaled, every record has its
 * trail, and health and metrics tell the story. Diavgeia fails for Rethymno until the test "repairs" it.
 */
@CamelSpringBootTest
@UseAdviceWith
@TestPropertySource(properties = "syndesmos.operators.dead-letter-warning-age=PT0S")
// Spring Boot tests leave the Prometheus endpoint out unless asked.
@AutoConfigureObservability
class FailedMessagesOperatorTest extends HubRouteTestSupport {

    private static final AtomicBoolean PORTAL_DOWN = new AtomicBoolean(true);
    private static final String OPERATOR = "rethymno-operator";
    private static final String VIEWER = "rethymno-viewer";
    private static final String OTHER = "heraklion-operator";
    private static final String ADMIN = "region-admin";
    private static final String QUEUE = "/api/dead-letters/9318/diavgeia";

    @Test
    void operatorsSeeAndReplayOnlyTheirOwnMunicipalitysFailedMessages() throws Exception {
        AdviceWith.adviceWith(camelContext, "council-decisions.deliver.9318.diavgeia", r -> r.weaveAddFirst()
                .process(exchange -> {
                    if (PORTAL_DOWN.get()) {
                        throw new DeliveryFailedException(false, "portal unreachable (test)");
                    }
                }));
        camelContext.start();
        Set<String> decisions = HubTestSupport.expectedDeliveredIds("rethymno");
        NotifyBuilder ingested = new NotifyBuilder(camelContext).fromRoute("council-decisions.source.9318")
                .whenDone(1).create();
        HubTestSupport.dropSample("rethymno/" + HubTestSupport.RETHYMNO_SAMPLE,
                data.resolve("inbox").resolve("9318").resolve("council-decisions"));
        assertThat(ingested.matches(60, SECONDS)).isTrue();
        await("every Rethymno decision dead-lettered for Diavgeia").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> HubTestSupport.getJson(HTTP_PORT, QUEUE).path("count").asInt() == decisions.size());

        // Rethymno's operator sees Rethymno's failed messages, as an operator thinks of them...
        JsonNode list = HubTestSupport.getJson(HTTP_PORT, QUEUE, OPERATOR);
        assertThat(list.path("count").asInt()).isEqualTo(decisions.size());
        JsonNode first = list.path("messages").get(0);
        assertThat(first.path("recordId").asText()).startsWith("9318-council-decision-");
        assertThat(first.path("subject").asText()).isNotBlank();
        assertThat(first.path("reason").asText()).isEqualTo("portal unreachable (test)");
        assertThat(first.path("firstFailedAt").asText()).isNotBlank();
        assertThat(first.path("attempts").asInt()).isEqualTo(2);
        // ...with personal names masked; the admin sees them whole.
        String signer = CanonicalJson.mapper().readTree(adminView(first.path("messageId").asLong())
                .path("body").asText()).path("signers").get(0).asText();
        String masked = CanonicalJson.mapper().readTree(first.path("body").asText()).path("signers").get(0).asText();
        assertThat(signer).doesNotEndWith(".");
        assertThat(masked).isNotEqualTo(signer).endsWith(".");

        // Nobody else's: 403 for Heraklion's operator on Rethymno, and for Rethymno's on Heraklion; 401 unsigned.
        assertThat(call("GET", QUEUE, OTHER, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", QUEUE + "/retry", OTHER, "{}").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/dead-letters/9305/diavgeia", OPERATOR, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", QUEUE, null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/dead-letters/9999/diavgeia", ADMIN, null).statusCode()).isEqualTo(404);

        // A viewer may look and preview, never move.
        assertThat(call("POST", QUEUE + "/retry", VIEWER, "{}").statusCode()).isEqualTo(403);
        assertThat(call("POST", QUEUE + "/" + first.path("messageId").asLong() + "/discard", VIEWER,
                "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        JsonNode preview = json(call("POST", QUEUE + "/retry", VIEWER, "{\"dryRun\": true}"));
        assertThat(preview.path("matched").asInt()).isEqualTo(decisions.size());
        assertThat(preview.path("moved").asInt()).isZero();
        String target = first.path("recordId").asText();
        JsonNode filtered = json(call("POST", QUEUE + "/retry", VIEWER,
                "{\"dryRun\": true, \"filter\": \"recordId = '" + target + "'\"}"));
        assertThat(filtered.path("matched").asInt()).isEqualTo(1);
        assertThat(filtered.path("records").get(0).asText()).isEqualTo(target);
        assertThat(call("POST", QUEUE + "/retry", OPERATOR, "{\"dryRun\": true, \"filter\": \"recordId ===\"}")
                .statusCode()).isEqualTo(400);
        assertThat(HubTestSupport.getJson(HTTP_PORT, QUEUE).path("count").asInt()).isEqualTo(decisions.size());

        // Health warns (warning age 0 here) while failed messages wait; it stays reachable without signing in.
        assertThat(call("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        JsonNode health = HubTestSupport.getJson(HTTP_PORT, "/actuator/health");
        assertThat(health.path("status").asText()).isEqualTo("WARNING");
        assertThat(health.path("components").path("failedMessages").path("details").path("olderThanWarningAge")
                .has("9318/diavgeia")).isTrue();
        assertThat(health.path("components").path("broker").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");

        // The portal is back. Retry one: it arrives, and its trail says who sent it again.
        PORTAL_DOWN.set(false);
        JsonNode one = json(call("POST", QUEUE + "/" + first.path("messageId").asLong() + "/retry", OPERATOR, null));
        assertThat(one.path("moved").asInt()).isEqualTo(1);
        await("the retried decision at the portal").atMost(Duration.ofSeconds(30)).until(() ->
                receivedAtPortal().contains(target));
        await("its trail complete").atMost(Duration.ofSeconds(10)).until(() -> HubTestSupport.getJson(HTTP_PORT,
                "/api/records/" + target, OPERATOR).path("status").asText().equals("delivered"));
        JsonNode trail = HubTestSupport.getJson(HTTP_PORT, "/api/records/" + target, OPERATOR).path("trail");
        List<String> events = new ArrayList<>();
        trail.forEach(step -> events.add(step.path("event").asText()));
        assertThat(events).containsSubsequence("received", "validated", "published", "delivery-failed",
                "dead-lettered", "retried", "delivered");
        assertThat(trail.findValues("actor")).extracting(JsonNode::asText).contains(OPERATOR);
        JsonNode receivedStep = trail.get(0);
        assertThat(receivedStep.path("sourceFile").asText()).isEqualTo(HubTestSupport.RETHYMNO_SAMPLE);
        assertThat(receivedStep.path("sourceLine").asInt()).isPositive();
        assertThat(call("GET", "/api/records/" + target, OTHER, null).statusCode())
                .as("another municipality's record is as good as absent").isEqualTo(404);

        // Discard one: a reason is required; it is kept in the discarded queue with the reason and who.
        JsonNode second = HubTestSupport.getJson(HTTP_PORT, QUEUE, OPERATOR).path("messages").get(0);
        String discard = QUEUE + "/" + second.path("messageId").asLong() + "/discard";
        assertThat(call("POST", discard, OPERATOR, "{}").statusCode()).isEqualTo(400);
        assertThat(json(call("POST", discard, OPERATOR, "{\"reason\": \"published by hand\"}")).path("moved")
                .asInt()).isEqualTo(1);
        JsonNode discarded = HubTestSupport.getJson(HTTP_PORT, "/api/discarded/9318", OPERATOR).path("messages");
        assertThat(discarded).hasSize(1);
        assertThat(discarded.get(0).path("discardReason").asText()).isEqualTo("published by hand");
        assertThat(discarded.get(0).path("discardedBy").asText()).isEqualTo(OPERATOR);
        assertThat(call("GET", "/api/discarded/9318", OTHER, null).statusCode()).isEqualTo(403);

        // Retry all the rest, in one request, whatever the broker's page size.
        int rest = decisions.size() - 2;
        JsonNode all = json(call("POST", QUEUE + "/retry", OPERATOR, "{}"));
        assertThat(all.path("matched").asInt()).isEqualTo(rest);
        assertThat(all.path("moved").asInt()).isEqualTo(rest);
        await("every decision but the discarded one at the portal").atMost(Duration.ofSeconds(60))
                .until(() -> receivedAtPortal().size() == decisions.size() - 1);
        assertThat(receivedAtPortal()).doesNotContain(second.path("recordId").asText());

        // Search, scoped: Rethymno's operator finds the discarded record; Heraklion's finds nothing of Rethymno.
        JsonNode found = HubTestSupport.getJson(HTTP_PORT, "/api/records?status=discarded", OPERATOR);
        assertThat(found.path("records").findValuesAsText("recordId")).containsExactly(second.path("recordId").asText());
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/api/records?limit=1000", OTHER).path("count").asInt())
                .isZero();
        assertThat(call("GET", "/api/records?municipality=9318", OTHER, null).statusCode()).isEqualTo(403);

        // The journal: who did what, refusals included; admins only.
        assertThat(call("GET", "/api/replay-journal", OPERATOR, null).statusCode()).isEqualTo(403);
        JsonNode journal = HubTestSupport.getJson(HTTP_PORT, "/api/replay-journal", ADMIN);
        List<String> entries = new ArrayList<>();
        journal.forEach(e -> entries.add(e.path("actor").asText() + " " + e.path("action").asText() + " "
                + e.path("outcome").asText()));
        assertThat(entries).contains(VIEWER + " retry refused", VIEWER + " discard refused", VIEWER + " dry-run done",
                OPERATOR + " retry-one done", OPERATOR + " discard done", OPERATOR + " retry done");
        assertThat(journal.get(0).path("moved").asInt()).isEqualTo(rest);

        // Metrics: per municipality, flow and destination, for whole-region accounts.
        assertThat(call("GET", "/actuator/prometheus", OPERATOR, null).statusCode()).isEqualTo(403);
        String metrics = call("GET", "/actuator/prometheus", ADMIN, null).body();
        java.util.regex.Matcher received = java.util.regex.Pattern.compile(
                "syndesmos_records_received_total\\{flow=\"council-decisions\",municipality=\"9318\"} ([0-9.]+)")
                .matcher(metrics);
        assertThat(received.find()).as("records received are counted").isTrue();
        // Every row read counts, the valid ones and the quarantined and skipped ones of the sample too.
        assertThat(Double.parseDouble(received.group(1))).isGreaterThan(decisions.size());
        assertThat(metrics).containsPattern("syndesmos_deliveries_total\\{destination=\"diavgeia\",flow="
                + "\"council-decisions\",municipality=\"9318\",outcome=\"dead-lettered\"} " + decisions.size());
        assertThat(metrics).contains("syndesmos_record_end_to_end_seconds_bucket{destination=\"diavgeia\"");
        assertThat(metrics).contains("syndesmos_dead_letters{destination=\"diavgeia\",flow=\"council-decisions\","
                + "municipality=\"9318\"} 0.0");
    }

    @Autowired
    HttpCodeStatusMapper healthStatusCodes;

    @Test
    void healthAnswers503WhenDownAnd200WhenOnlyWarning() {
        assertThat(healthStatusCodes.getStatusCode(Status.DOWN)).isEqualTo(503);
        assertThat(healthStatusCodes.getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);
        assertThat(healthStatusCodes.getStatusCode(FailedMessagesHealthIndicator.WARNING)).isEqualTo(200);
        assertThat(healthStatusCodes.getStatusCode(Status.UP)).isEqualTo(200);
    }

    @Test
    void jolokiaShowsEachPersonOnlyWhatTheirRoleNeeds() throws Exception {
        String rethymno = "gr.syndesmos:type=FailedMessages,municipality=9318,destination=diavgeia";
        JsonNode seen = json(jolokia(OTHER, "{\"type\":\"search\",\"mbean\":\"gr.syndesmos:*\"}"));
        List<String> names = new ArrayList<>();
        seen.path("value").forEach(n -> names.add(n.asText()));
        assertThat(names).isNotEmpty().allMatch(n -> n.contains("municipality=9305"));
        // Of the broker's MBeans, Heraklion's operator sees Heraklion's queues only.
        List<String> queues = new ArrayList<>();
        json(jolokia(OTHER, "{\"type\":\"search\",\"mbean\":\"org.apache.activemq.artemis:*\"}")).path("value")
                .forEach(n -> queues.add(n.asText()));
        assertThat(queues).isNotEmpty().allMatch(n -> n.contains("queue=\"") && n.contains(".9305"));

        assertThat(json(jolokia(VIEWER, exec(rethymno, "list"))).path("status").asInt()).isEqualTo(200);
        assertThat(json(jolokia(VIEWER, exec(rethymno, "retryMatching", "\"\""))).path("error").asText())
                .contains("forbidden");
        assertThat(json(jolokia(OPERATOR, exec(rethymno, "previewRetry", "\"\""))).path("status").asInt())
                .isEqualTo(200);
        assertThat(json(jolokia(OTHER, exec(rethymno, "list"))).path("status").asInt()).isNotEqualTo(200);
        // No role needs these: refused to the admin too.
        assertThat(json(jolokia(ADMIN, exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap",
                "\"" + data.resolve("heap.hprof") + "\"", "true"))).path("error").asText()).contains("forbidden");
        assertThat(data.resolve("heap.hprof")).doesNotExist();
        assertThat(json(jolokia(ADMIN, "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\","
                + "\"attribute\":\"Verbose\",\"value\":true}")).path("status").asInt()).isNotEqualTo(200);
        assertThat(call("POST", "/actuator/jolokia", null, "{\"type\":\"version\"}").statusCode())
                .isIn(401, 403);
    }

    private static String exec(String mbean, String operation, String... arguments) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\",\"arguments\":["
                + String.join(",", arguments).replace("\\", "\\\\") + "]}";
    }

    private static HttpResponse<String> jolokia(String user, String request) throws Exception {
        return call("POST", "/actuator/jolokia", user, request);
    }

    private static JsonNode adminView(long messageId) throws Exception {
        for (JsonNode m : HubTestSupport.getJson(HTTP_PORT, QUEUE, ADMIN).path("messages")) {
            if (m.path("messageId").asLong() == messageId) {
                return m;
            }
        }
        throw new AssertionError("message " + messageId + " not in the admin's list");
    }

    private static List<String> receivedAtPortal() throws Exception {
        List<String> ids = new ArrayList<>();
        HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/received").forEach(r ->
                ids.add(r.path("idempotencyKey").asText().split(":")[1]));
        return ids;
    }

    private static HttpResponse<String> call(String method, String path, String user, String body) throws Exception {
        return HubTestSupport.call(HTTP_PORT, method, path, user, body);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return CanonicalJson.mapper().readTree(response.body());
    }
}
