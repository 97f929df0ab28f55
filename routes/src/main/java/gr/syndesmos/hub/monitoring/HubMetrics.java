package gr.syndesmos.hub.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The hub's own metrics, per municipality, flow and (for deliveries) destination, as Prometheus shows them:
 * {@code syndesmos_records_received_total}, {@code _published_total}, {@code _quarantined_total},
 * {@code _skipped_total}, {@code syndesmos_deliveries_total{outcome=delivered|failed|dead-lettered}} and the
 * end-to-end latency histogram {@code syndesmos_record_end_to_end_seconds} (file picked up → destination accepted).
 * Dead-letter depth and age are gauges read from the broker (see {@link DeadLetterGauges}).
 */
@Component
public class HubMetrics {

    private final MeterRegistry registry;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void received(String municipality, String flow, int records) {
        records("syndesmos.records.received", municipality, flow).increment(records);
    }

    public void published(String municipality, String flow, int records) {
        records("syndesmos.records.published", municipality, flow).increment(records);
    }

    public void quarantined(String municipality, String flow, int records) {
        records("syndesmos.records.quarantined", municipality, flow).increment(records);
    }

    public void skipped(String municipality, String flow, int records) {
        records("syndesmos.records.skipped", municipality, flow).increment(records);
    }

    /** A destination accepted a record; {@code sincePickUp} is null when the pick-up time is unknown. */
    public void delivered(String municipality, String flow, String destination, Duration sincePickUp) {
        delivery(municipality, flow, destination, "delivered").increment();
        if (sincePickUp != null && !sincePickUp.isNegative()) {
            Timer.builder("syndesmos.record.end.to.end")
                    .description("From the export file's pick-up to the destination's acceptance")
                    .tags("municipality", municipality, "flow", flow, "destination", destination)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofHours(1))
                    .register(registry)
                    .record(sincePickUp);
        }
    }

    /** One failed attempt (it will be retried, or dead-lettered). */
    public void deliveryFailed(String municipality, String flow, String destination) {
        delivery(municipality, flow, destination, "failed").increment();
    }

    public void deadLettered(String municipality, String flow, String destination) {
        delivery(municipality, flow, destination, "dead-lettered").increment();
    }

    private Counter records(String name, String municipality, String flow) {
        return Counter.builder(name).tags("municipality", municipality, "flow", flow).register(registry);
    }

    private Counter delivery(String municipality, String flow, String destination, String outcome) {
        return Counter.builder("syndesmos.deliveries")
                .description("Delivery attempts by outcome")
                .tags("municipality", municipality, "flow", flow, "destination", destination, "outcome", outcome)
                .register(registry);
    }
}
