package gr.syndesmos.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The two destinations the benchmark delivers to, answering at once, in a process of their own so that their CPU is
 * not charged to the hub: the regional platform ({@code POST /regional/api/v1/records}, 202) and the transparency
 * portal ({@code POST /diavgeia/decisions}, 200 with a new ADA). Each counts deliveries by idempotency key (one key
 * per record version), so a record delivered twice shows up as a duplicate. {@code GET /stats} reports the counts and
 * the first and last arrival times (epoch ms); {@code POST /reset} clears them between phases.
 *
 * <p>{@code java -cp ... gr.syndesmos.bench.DestinationsStandIn <port> [<answer after ms>]}: port 0 picks a free
 * one, printed on stdout. With an answer delay each call is answered that long after it arrived, as a real portal
 * does (about 50 ms), without holding a thread meanwhile: the stand-in takes any number of calls at once.
 */
public final class DestinationsStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Destination regional = new Destination();
    private final Destination diavgeia = new Destination();
    private final AtomicLong adas = new AtomicLong();
    private final long answerAfterMs;
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);

    private DestinationsStandIn(long answerAfterMs) {
        this.answerAfterMs = answerAfterMs;
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        DestinationsStandIn standIn = new DestinationsStandIn(args.length > 1 ? Long.parseLong(args[1]) : 0);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/regional/api/v1/records", exchange -> standIn.later(exchange, standIn::regional));
        server.createContext("/diavgeia/decisions", exchange -> standIn.later(exchange, standIn::diavgeia));
        server.createContext("/stats", exchange -> standIn.stats(exchange));
        server.createContext("/reset", exchange -> standIn.reset(exchange));
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
        System.out.flush();
    }

    /** Answers now, or after the configured delay from a timer (the request is read at once either way). */
    private void later(HttpExchange exchange, HttpHandler answer) throws IOException {
        if (answerAfterMs <= 0) {
            answer.handle(exchange);
            return;
        }
        exchange.getRequestBody().readAllBytes();
        answers.schedule(() -> {
            try {
                answer.handle(exchange);
            } catch (IOException | RuntimeException e) {
                exchange.close();
            }
        }, answerAfterMs, TimeUnit.MILLISECONDS);
    }

    private void regional(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        regional.received(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    private void diavgeia(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        diavgeia.received(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        long n = adas.incrementAndGet();
        byte[] answer = ("{\"ada\":\"ΒΕΝΧ" + Long.toString(n, 36).toUpperCase() + "-" + (n % 1000)
                + "\",\"publishTimestamp\":" + System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private void stats(HttpExchange exchange) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.set("regional", regional.toJson());
        body.set("diavgeia", diavgeia.toJson());
        byte[] answer = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private void reset(HttpExchange exchange) throws IOException {
        regional.clear();
        diavgeia.clear();
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private static final class Destination {
        private final ConcurrentHashMap<String, Integer> byKey = new ConcurrentHashMap<>();
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicLong withoutKey = new AtomicLong();
        private final LongAccumulator first = new LongAccumulator(Math::min, Long.MAX_VALUE);
        private final LongAccumulator last = new LongAccumulator(Math::max, 0);

        void received(String key) {
            long now = System.currentTimeMillis();
            requests.incrementAndGet();
            first.accumulate(now);
            last.accumulate(now);
            if (key == null) {
                withoutKey.incrementAndGet();
                return;
            }
            if (byKey.merge(key, 1, Integer::sum) > 1) {
                duplicates.incrementAndGet();
            }
        }

        synchronized void clear() {
            byKey.clear();
            requests.set(0);
            duplicates.set(0);
            withoutKey.set(0);
            first.reset();
            last.reset();
        }

        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("requests", requests.get());
            node.put("distinct", byKey.size());
            node.put("duplicates", duplicates.get());
            node.put("without_key", withoutKey.get());
            node.put("first_ms", first.get() == Long.MAX_VALUE ? 0 : first.get());
            node.put("last_ms", last.get());
            return node;
        }
    }
}
