package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hubs of one region, as processes, on one external broker and one PostgreSQL state database, sharing the data
 * folder where the municipalities drop their exports. Deliveries are shared between them through the broker; each
 * inbox is read by one hub at a time (its lock in the state database); when that hub is killed with SIGKILL in the
 * middle of an export, the other takes the inbox over within 30 s and finishes the export. No file is read by both,
 * every decision reaches both destinations, the portal publishes each once, and at the regional platform only
 * records in flight repeat, identical. Certificate requests asked of either hub are answered by it, whichever hub's
 * connector asked the municipality.
 */
class TwoHubsIT {

    private static final int FIRST = 1_000;
    private static final int SECOND = 4_000;
    private static final String INBOX = "council-decisions.source.9318";

    private static final Path SAMPLES = Path.of(System.getProperty("syndesmos.samples", "../samples"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void eachInboxIsReadByOneHubAndTheOtherTakesItOverWhenThatHubDies() throws Exception {
        Path first = work.resolve("apofaseis_20270115_0100.csv");
        Path second = work.resolve("apofaseis_20270116_0100.csv");
        RecordingDestinations.writeExport(first, FIRST);
        writeSecondExport(second);
        ArtemisBroker.TestKeys keys = ArtemisBroker.TestKeys.generate(work);
        Path data = work.resolve("data");
        try (PostgresDatabase state = PostgresDatabase.create("syndesmos_two_hubs");
             RecordingDestinations destinations = new RecordingDestinations();
             ArtemisBroker broker = ArtemisBroker.create(work, "broker", "single", HubProcess.freePort(), null, null,
                     keys, Map.of(), Map.of()).start().awaitReady()) {
            Map<String, String> env = new HashMap<>(destinations.env());
            env.putAll(state.hubEnv());
            env.putAll(HubProcess.env("SYNDESMOS_BROKER_URL", broker.url() + "&ha=true&reconnectAttempts=-1",
                    "SYNDESMOS_BROKER_USER", ArtemisBroker.HUB_USER,
                    "SYNDESMOS_BROKER_PASSWORD", ArtemisBroker.HUB_PASSWORD,
                    "SYNDESMOS_CLUSTER_ENABLED", "true"));
            HubProcess a = new HubProcess(data, withId(env, "hub-a")).start();
            HubProcess b = null;
            try {
                await("hub-a reads Rethymno's inbox").atMost(Duration.ofSeconds(60))
                        .until(() -> a.logText().contains("(hub-a) now reads " + INBOX));
                b = new HubProcess(data, withId(env, "hub-b")).start();
                HubProcess hubB = b;
                await("hub-b waits for the inbox: it is hub-a's").during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5)).until(() -> !hubB.logText().contains("now reads " + INBOX));

                // The first export: read by hub-a alone, delivered by both hubs.
                a.drop(first, "9318");
                await("the first export delivered").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> destinations.distinctIds() == FIRST && destinations.published() == FIRST);
                assertThat(a.logText()).contains(first.getFileName() + ": " + FIRST + " records");
                assertThat(b.logText()).doesNotContain(first.getFileName().toString() + ":");
                assertThat(deliveries(a)).as("deliveries made by hub-a").isPositive();
                assertThat(deliveries(b)).as("deliveries made by hub-b").isPositive();

                // Certificate requests asked of both hubs: whichever hub's connector asks Heraklion's registers, the
                // answer comes back to the hub whose caller waits for it.
                for (int call = 1; call <= 12; call++) {
                    HubProcess asked = call % 2 == 0 ? a : hubB;
                    HttpResponse<String> answer = askTapCertificate(asked, "two-hubs-" + call);
                    assertThat(answer.statusCode()).as("call %d, asked of %s: %s", call, asked == a ? "hub-a" : "hub-b",
                            answer.body()).isEqualTo(200);
                    assertThat(answer.body()).contains("getTapCertificateOutputRecord");
                }

                // The second: hub-a dies while reading it; hub-b takes the inbox over and finishes it.
                a.drop(second, "9318");
                await("hub-a reading the second export").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(20)).until(() -> destinations.distinctIds() > FIRST + 200);
                a.kill();
                assertThat(a.inbox("9318").resolve(second.getFileName())).as("the second export unfinished")
                        .exists();
                await("hub-b takes the inbox over").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> hubB.logText().contains("(hub-b) now reads " + INBOX));
                await("every decision of both exports at the regional platform").atMost(Duration.ofSeconds(300))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> destinations.distinctIds() == FIRST + SECOND);
                await("every decision on the portal").atMost(Duration.ofSeconds(300))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> destinations.published() == FIRST + SECOND);
                assertThat(b.inbox("9318").resolve("done").resolve(second.getFileName())).exists();
                assertThat(b.logText()).contains(second.getFileName() + ": " + SECOND + " records")
                        .doesNotContain(first.getFileName().toString() + ":");
            } finally {
                a.close();
                if (b != null) {
                    b.close();
                }
            }
            destinations.assertEachDecisionPublishedOnce(FIRST + SECOND);
            destinations.assertEachRecordAtTheRegionRepeatedOnlyIdentically(FIRST + SECOND, 1_000);
        }
    }

    /** A gov.gr ΤΑΠ certificate request for Heraklion (the samples' example 06, with its own transaction id). */
    private static HttpResponse<String> askTapCertificate(HubProcess hub, String transactionId) throws Exception {
        ObjectNode body = (ObjectNode) HubProcess.JSON.readTree(SAMPLES.resolve("govgr/requests/06-tap-9305-issued.json")
                .toFile()).path("request").path("body");
        ((ObjectNode) body.path("auditRecord")).put("auditTransactionId", transactionId)
                .put("auditTransactionDate", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return HTTP.send(HttpRequest.newBuilder(URI.create(hub.baseUrl()
                        + "/ked/v1/municipalities/9305/getTapCertificate")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Api-Key", "dev-ked-govgr-5b1e0c7a9d24")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> withId(Map<String, String> env, String id) {
        Map<String, String> own = new HashMap<>(env);
        own.put("SYNDESMOS_HUB_ID", id);
        return own;
    }

    private static long deliveries(HubProcess hub) {
        return hub.logText().lines().filter(line -> line.contains(" delivered to regional")).count();
    }

    /** Decisions numbered after the first export's, so both exports' records are distinct. */
    private static void writeSecondExport(Path file) throws java.io.IOException {
        Path all = file.resolveSibling("both.csv");
        RecordingDestinations.writeExport(all, FIRST + SECOND);
        java.util.List<String> lines = Files.readAllLines(all, java.nio.charset.Charset.forName("windows-1253"));
        java.util.List<String> kept = new java.util.ArrayList<>();
        kept.add(lines.get(0));
        kept.addAll(lines.subList(1 + FIRST, lines.size()));
        Files.writeString(file, String.join("\r\n", kept) + "\r\n", java.nio.charset.Charset.forName("windows-1253"));
        Files.delete(all);
    }
}
