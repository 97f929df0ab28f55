package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The hub's two destinations as this test's own HTTP server, which outlives every hub and broker a test starts and
 * kills: the regional platform records every delivery (a repeat is recognised by its idempotency key), the
 * transparency portal publishes every POST it gets (it honours no idempotency key) and finds a decision by its
 * organisation and protocol number, as the real portal's search allows.
 */
final class RecordingDestinations implements AutoCloseable {

    /** Deliveries at once per destination queue: the flow file's default (the hub jar's {@code Flow}). */
    static final int DELIVERIES_AT_ONCE = 16;

    private final HttpServer server;
    private final List<Delivery> regional = Collections.synchronizedList(new ArrayList<>());
    /** Decisions published on the portal: ADA by organisation and protocol number, and every publication. */
    private final Map<String, String> adaByProtocol = new ConcurrentHashMap<>();
    private final List<String> publications = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger adaCounter = new AtomicInteger();
    /** Portal calls being answered right now, and the most there ever were at once. */
    private final AtomicInteger portalCallsNow = new AtomicInteger();
    final AtomicInteger portalCallsAtOnce = new AtomicInteger();
    volatile long portalDelayMillis;

    record Delivery(String id, String version, String idempotencyKey, String body) {
    }

    RecordingDestinations() throws IOException {
        // Without it the JDK's server waits for a delayed ACK: 40 ms per call, and the test takes minutes.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // As many threads as the hubs have deliveries at once to both destinations: the server never limits them.
        server.setExecutor(Executors.newFixedThreadPool(4 * DELIVERIES_AT_ONCE));
        server.createContext("/regional/api/v1/records", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode envelope = HubProcess.JSON.readTree(body);
            regional.add(new Delivery(envelope.path("id").asText(), envelope.path("version").asText(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.createContext("/diavgeia/decisions", exchange -> {
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
        server.createContext("/diavgeia/search", exchange -> {
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
        server.start();
    }

    /** The hub's destination settings pointing here. */
    Map<String, String> env() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return HubProcess.env("SYNDESMOS_DIAVGEIA_URL", base + "/diavgeia", "SYNDESMOS_REGIONAL_URL",
                base + "/regional");
    }

    long distinctIds() {
        return regional().stream().map(Delivery::id).distinct().count();
    }

    List<Delivery> regional() {
        synchronized (regional) {
            return List.copyOf(regional);
        }
    }

    int published() {
        return adaByProtocol.size();
    }

    int publications() {
        return publications.size();
    }

    /** Every decision on the portal exactly once. */
    void assertEachDecisionPublishedOnce(int rows) {
        Map<String, Long> timesPublished;
        synchronized (publications) {
            timesPublished = publications.stream().collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        }
        assertThat(timesPublished).hasSize(rows);
        assertThat(timesPublished.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("decisions the portal published more than once").isEmpty();
    }

    /**
     * Every record at the regional platform; a repeat is only a record that was in flight (at most
     * {@code mostRepeated} of them), with the same idempotency key and body as its first delivery.
     */
    void assertEachRecordAtTheRegionRepeatedOnlyIdentically(int rows, int mostRepeated) {
        Map<String, List<Delivery>> byId = regional().stream().collect(Collectors.groupingBy(Delivery::id));
        assertThat(byId).hasSize(rows);
        List<List<Delivery>> repeated = byId.values().stream().filter(l -> l.size() > 1).toList();
        assertThat(repeated.size()).as("only records in flight may repeat").isLessThanOrEqualTo(mostRepeated);
        for (List<Delivery> copies : repeated) {
            assertThat(copies).extracting(Delivery::idempotencyKey).containsOnly(copies.get(0).idempotencyKey());
            assertThat(copies).extracting(Delivery::body).containsOnly(copies.get(0).body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void pause(long millis) {
        if (millis > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    /** A Rethymno export as its system writes it: windows-1253, CRLF, ';', Greek text, every row valid. */
    static void writeExport(Path file, int rows) throws IOException {
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
