package gr.syndesmos.connectors.db;

import gr.syndesmos.connectors.catalog.KameletRoutes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A stand-in for the hub around one {@code db-poll} source: its own Camel context with the watermark store bound
 * as {@code syndesmosWatermarks} and a handler that records the batches it accepted. Stopping it and creating a new
 * one over the same store is a hub restart.
 */
final class PollingHub implements AutoCloseable {

    static final String WATERMARK_NAME = "9325/council-decisions";

    final CamelContext context = new DefaultCamelContext();
    /** Batches the handler accepted (returned without exception), in order. */
    final List<List<Map<String, Object>>> accepted = new CopyOnWriteArrayList<>();
    final List<String> sources = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    private volatile IntPredicate failOnCall = call -> false;
    private volatile Runnable afterFirstAccepted = () -> { };

    PollingHub(WatermarkStore store) {
        context.getRegistry().bind(WatermarkStore.BEAN_NAME, store);
    }

    /** The handler throws on the calls (1-based) the predicate accepts. */
    PollingHub failingOn(IntPredicate calls) {
        this.failOnCall = calls;
        return this;
    }

    PollingHub afterEachAccepted(Runnable action) {
        this.afterFirstAccepted = action;
        return this;
    }

    PollingHub start(Map<String, Object> parameters) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:handler").process(PollingHub.this::handle);
            }
        });
        Map<String, Object> all = new HashMap<>(parameters);
        all.putIfAbsent("watermarkName", WATERMARK_NAME);
        all.putIfAbsent("handler", "direct:handler");
        all.putIfAbsent("pollDelayMillis", "100");
        KameletRoutes.add(context, "db-poll-test", "db-poll", all);
        context.start();
        return this;
    }

    @SuppressWarnings("unchecked")
    private void handle(Exchange exchange) {
        int call = calls.incrementAndGet();
        if (failOnCall.test(call)) {
            throw new IllegalStateException("handler failure on call " + call + " (test)");
        }
        accepted.add(List.copyOf(exchange.getMessage().getBody(List.class)));
        sources.add(exchange.getMessage().getHeader(gr.syndesmos.connectors.catalog.ConnectorHeaders.SOURCE, String.class));
        afterFirstAccepted.run();
    }

    List<Long> acceptedIds() {
        return accepted.stream().flatMap(List::stream).map(row -> ((Number) row.get("id")).longValue()).toList();
    }

    @Override
    public void close() {
        context.stop();
    }
}
