package gr.syndesmos.hub.transfers;

import gr.syndesmos.hub.deadletters.FailedMessagesHealthIndicator;
import gr.syndesmos.hub.security.Operator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code transfers} in health: WARNING (HTTP 200: the hub works, people must look) while a residence transfer is
 * STALLED, naming the municipality that owes its next message and the exchange id (no personal data); scoped to
 * the municipalities of the person asking. In metrics, per owing municipality and flag:
 * {@code syndesmos_transfers_waiting{municipality,flag="overdue|stalled"}}.
 */
@Component("transfersHealthIndicator")
public class TransfersHealthIndicator implements HealthIndicator {

    private final TransferExchanges exchanges;

    /** Health without gauges. */
    TransfersHealthIndicator(TransferExchanges exchanges) {
        this.exchanges = exchanges;
    }

    @org.springframework.beans.factory.annotation.Autowired
    public TransfersHealthIndicator(TransferExchanges exchanges, MeterRegistry metrics,
            gr.syndesmos.hub.flows.FlowRegistry flows, gr.syndesmos.hub.municipality.MunicipalityRegistry registry) {
        this.exchanges = exchanges;
        gr.syndesmos.hub.flows.Flow flow = TransferConfiguration.conversation(flows);
        if (flow != null) {
            for (var m : registry.inFlow(flow.name())) {
                for (String flag : List.of("OVERDUE", "STALLED")) {
                    Gauge.builder("syndesmos.transfers.waiting", () -> exchanges.flagged().stream()
                                    .filter(x -> flag.equals(x.flag()) && m.code().equals(TransferExchanges.owing(x)))
                                    .count())
                            .tag("municipality", m.code()).tag("flag", flag.toLowerCase(java.util.Locale.ROOT))
                            .description("Residence transfers waiting too long for this municipality's next message")
                            .register(metrics);
                }
            }
        }
    }

    @Override
    public Health health() {
        Operator who = Operator.current();
        Map<String, Object> stalled = new LinkedHashMap<>();
        for (TransferJournal.Exchange x : exchanges.flagged()) {
            String owing = TransferExchanges.owing(x);
            if ("STALLED".equals(x.flag()) && (who == null || who.sees(owing))) {
                stalled.put(x.exchangeId(), Map.of("owing", owing, "state", x.state().name(), "since",
                        x.stateSince().toString()));
            }
        }
        Health.Builder health = stalled.isEmpty() ? Health.up() : Health.status(FailedMessagesHealthIndicator.WARNING);
        return health.withDetail("stalled", who == null ? Map.of("count", stalled.size()) : stalled).build();
    }
}
