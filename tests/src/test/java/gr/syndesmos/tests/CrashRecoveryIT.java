package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing twice, across a {@code kill -9}: the hub is killed while it is publishing and delivering a
 * 6,000-row export (mid-ingest), or once the export is read while deliveries to both destinations run at full
 * parallel speed (mid-delivery, every consumer of both queues busy), started again on the same data, and must then
 * deliver every decision. At the regional platform,
 * which recognises a repeat by its idempotency key, only the few records in flight may arrive twice, identical. The
 * transparency portal recognises nothing: there every decision, counted by its protocol number, must be published
 * exactly once (the hub looks up a decision whose delivery it was unsure of, as the real portal's search allows).
 * The destinations are this test's own HTTP server, so their record survives the hub's death.
 */
class CrashRecoveryIT {

    private static final int ROWS = 6_000;
    /** Deliveries at once per destination queue: the flow file's default (the hub jar's {@code Flow}). */
    private static final int DELIVERIES_AT_ONCE = 16;

    @TempDir
    Path work;
    private HttpServer destinations;
    private final List<Delivery> regional = Collections.synchronizedList(new ArrayList<>());
    /** Decisions published on the portal: ADA by organisation and protocol number, and every publication. */
    private final Map<String, String> adaByProtocol = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> publications = Collections.synchronizedList(new ArrayList<>());
    private volatile long portalDelayMillis;
    private final AtomicInteger adaCounter = new AtomicInteger();
    /** Portal calls being answered right now, and the most there ever were at once. */
    private final AtomicInteger portalCallsNow = new AtomicInteger();
    private final AtomicInteger portalCallsAtOnce = new AtomicInteger();

    record Delivery(String id, String version, String idempotencyKey, String body) {
    }

    @AfterEach
    void stop() {
        if (destinations != null) {
            destinations.stop(0);
        }
    }

    @Test
    void killedMidFileTheHubDeliversEveryRecordOnceAfterRestart() throws Exception {
        startDestinations();
        Path export = work.resolve("apofaseis_20261121_0100.csv");
        writeExport(export, ROWS);
        Map<String, String> env = destinationsEnv();
        Path data = work.resolve("data");

        HubProcess first = new HubProcess(data, env).start();
        try {
            first.drop(export, "9318");
            // Killed as soon as the first records arrive: the file is still being read and published.
            await("deliveries under way").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !regional.isEmpty());
            first.kill();
        } finally {
            first.close();
        }
        int beforeRestart = regional.size();
        assertThat(beforeRestart).as("killed in the middle").isLessThan(ROWS);
        assertThat(first.inbox("9318").resolve(export.getFileName())).as("the file was not finished: still in the inbox")
                .exists();

        try (HubProcess second = new HubProcess(data, env)) {
            // Same ports are not needed: only the data directory carries the state.
            second.start();
            await("every decision delivered after the restart").atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> distinctIds() == ROWS);
            await("every decision on the portal").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> adaByProtocol.size() == ROWS);
            assertThat(second.inbox("9318").resolve("done").resolve(export.getFileName())).exists();
        }

        Map<String, List<Delivery>> byId = snapshot().stream().collect(Collectors.groupingBy(Delivery::id));
        assertThat(byId).hasSize(ROWS);
        List<List<Delivery>> repeated = byId.values().stream().filter(l -> l.size() > 1).toList();
        assertThat(repeated.size()).as("only records in flight at the kill may repeat").isLessThanOrEqualTo(1_000);
        for (List<Delivery> copies : repeated) {
            assertThat(copies).extracting(Delivery::idempotencyKey).containsOnly(copies.get(0).idempotencyKey());
            assertThat(copies).extracting(Delivery::body).containsOnly(copies.get(0).body());
        }
        assertEachDecisionPublishedOnce(ROWS);
    }

    @Test
    void killedWhileDeliveringInParallelTheHubPublishesNoDecisionTwiceAndRepeatsOnlyWhatWasInFlight()
            throws Exception {
        int rows = 2_000;
        startDestinations();
        portalDelayMillis = 15;
        Path export = work.resolve("apofaseis_20261121_0200.csv");
        writeExport(export, rows);
        Map<String, String> env = destinationsEnv();
        Path data = work.resolve("data");

        HubProcess first = new HubProcess(data, env).start();
        try {
            first.drop(export, "9318");
            // The export is read whole, then the hub is killed while both destinations are taking decisions, the
            // portal several at once.
            await("export read, deliveries under way in parallel").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(first.inbox("9318").resolve("done").resolve(export.getFileName()))
                            && publications.size() > 50 && portalCallsAtOnce.get() > 1);
            first.kill();
        } finally {
            first.close();
        }
        assertThat(publications.size()).as("killed in the middle of the deliveries").isLessThan(rows);
        assertThat(portalCallsAtOnce.get()).as("the portal was called by several deliveries at once").isGreaterThan(1);
        portalDelayMillis = 0;
        try (HubProcess second = new HubProcess(data, env)) {
            second.start();
            await("every decision on the portal after the restart").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> adaByProtocol.size() == rows);
            await("every decision at the regional platform").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> distinctIds() == rows);
        }
        assertEachDecisionPublishedOnce(rows);
        // At the regional platform a repeat is only a delivery whose answer the hub had not recorded when it died:
        // at most one per consumer of the queue, identical to the first.
        Map<String, List<Delivery>> byId = snapshot().stream().collect(Collectors.groupingBy(Delivery::id));
        List<List<Delivery>> repeated = byId.values().stream().filter(l -> l.size() > 1).toList();
        assertThat(repeated.size()).as("repeats at the regional platform")
                .isLessThanOrEqualTo(DELIVERIES_AT_ONCE);
        for (List<Delivery> copies : repeated) {
            assertThat(copies).extracting(Delivery::idempotencyKey).containsOnly(copies.get(0).idempotencyKey());
            assertThat(copies).extracting(Delivery::body).containsOnly(copies.get(0).body());
        }
    }

    private void assertEachDecisionPublishedOnce(int rows) {
        Map<String, Long> timesPublished;
        synchronized (publications) {
            timesPublished = publications.stream().collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        }
        assertThat(timesPublished).hasSize(rows);
        assertThat(timesPublished.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("decisions the portal published more than once").isEmpty();
    }

    /** The hub's destinations: this test's own server, which outlives every hub it starts. */
    private Map<String, String> destinationsEnv() {
        String base = "http://127.0.0.1:" + destinations.getAddress().getPort();
        return HubProcess.env("SYNDESMOS_DIAVGEIA_URL", base + "/diavgeia", "SYNDESMOS_REGIONAL_URL",
                base + "/regional");
    }

    private long distinctIds() {
        return snapshot().stream().map(Delivery::id).distinct().count();
    }

    private List<Delivery> snapshot() {
        synchronized (regional) {
            return List.copyOf(regional);
        }
    }

    private void startDestinations() throws IOException {
        // Without it the JDK's server waits for a delayed ACK: 40 ms per call, and the test takes minutes.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        destinations = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // As many threads as the hub has deliveries at once to both destinations: the test's server never limits it.
        destinations.setExecutor(Executors.newFixedThreadPool(2 * DELIVERIES_AT_ONCE));
        destinations.createContext("/regional/api/v1/records", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode envelope = HubProcess.JSON.readTree(body);
            regional.add(new Delivery(envelope.path("id").asText(), envelope.path("version").asText(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        // The portal: every POST publishes (it honours no idempotency key); GET /search finds by org and protocol.
        destinations.createContext("/diavgeia/decisions", exchange -> {
            JsonNode metadata = HubProcess.JSON.readTree(exchange.getRequestBody().readAllBytes());
            String protocol = metadata.path("organizationId").asText() + "|" + metadata.path("protocolNumber").asText();
            String ada = "ΑΔΑ" + String.format("%04d", adaCounter.incrementAndGet() % 10_000) + "-ΑΒΓ";
            publications.add(protocol);
            adaByProtocol.putIfAbsent(protocol, ada);
            portalCallsAtOnce.accumulateAndGet(portalCallsNow.incrementAndGet(), Math::max);
            pause(portalDelayMillis);
            portalCallsNow.decrementAndGet();
            byte[] answer = ("{\"ada\":\"" + ada + "\",\"publishTimestamp\":" + System.currentTimeMillis() + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        destinations.createContext("/diavgeia/search", exchange -> {
            Map<String, String> query = new java.util.HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
            String org = query.get("org");
            String protocol = query.get("protocol");
            String ada = adaByProtocol.get(org + "|" + protocol);
            String found = ada == null ? "" : "{\"organizationId\":\"" + org + "\",\"protocolNumber\":"
                    + HubProcess.JSON.writeValueAsString(protocol) + ",\"ada\":\"" + ada
                    + "\",\"status\":\"PUBLISHED\"}";
            byte[] answer = ("{\"decisions\":[" + found + "],\"info\":{\"total\":" + (ada == null ? 0 : 1) + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        destinations.start();
    }

    private static void pause(long millis) {
        if (millis > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    /** A Rethymno export as its system writes it: windows-1253, CRLF, ';', Greek text. */
    private static void writeExport(Path file, int rows) throws IOException {
        String[] signers = {"Ιωάννης Σπανουδάκης", "Μαρία Χατζηδάκη", "Γεώργιος Μαρινάκης"};
        String[] units = {"Οικονομική Υπηρεσία", "Τεχνική Υπηρεσία", "Δημοτικό Συμβούλιο"};
        String[] kinds = {"ΕΓΚΡ", "ΑΝΑΛ", "ΣΥΛΛ", "ΛΟΙΠ"};
        try (Writer out = Files.newBufferedWriter(file, Charset.forName("windows-1253"))) {
            out.write("ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΡ_ΣΥΝΕΔΡΙΑΣΗΣ;ΗΜ_ΣΥΝΕΔΡΙΑΣΗΣ;ΑΡ_ΘΕΜΑΤΟΣ;ΘΕΜΑ;ΚΩΔ_ΕΙΔΟΥΣ;ΥΠΗΡΕΣΙΑ;ΥΠΟΓΡΑΦΩΝ;ΠΟΣΟ;"
                    + "ΑΦΜ_ΔΙΚΑΙΟΥΧΟΥ;ΚΑΤΑΣΤΑΣΗ;ΗΜ_ΤΡΟΠΟΠΟΙΗΣΗΣ\r\n");
            for (int i = 1; i <= rows; i++) {
                out.write(i + ";2027;" + (1 + i / 20) + ";15/01/2027;" + (1 + i % 20) + ";Έγκριση δαπάνης αριθ. " + i
                        + " για προμήθεια υλικού;" + kinds[i % kinds.length] + ";" + units[i % units.length] + ";"
                        + signers[i % signers.length] + ";" + (i % 3 == 0 ? "" : "1.234,5" + (i % 10)) + ";;ΟΡΙΣΤΙΚΗ;"
                        + "02/02/2027 10:00:00\r\n");
            }
        }
    }
}
