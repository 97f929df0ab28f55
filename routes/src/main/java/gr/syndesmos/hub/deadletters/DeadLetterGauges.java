package gr.syndesmos.hub.deadletters;

import gr.syndesmos.hub.broker.BrokerTopology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Dead-letter depth and the age of the oldest dead letter, per municipality, flow and destination, read from the
 * broker when Prometheus scrapes ({@code syndesmos_dead_letters}, {@code syndesmos_dead_letters_oldest_age_seconds}).
 * The same figures feed the health warning ({@link FailedMessagesHealthIndicator}).
 */
@Component
public class DeadLetterGauges {

    private final BrokerQueues queues;
    private final FailedMessages failed;
    private final MeterRegistry registry;

    public DeadLetterGauges(BrokerQueues queues, FailedMessages failed, MeterRegistry registry) {
        this.queues = queues;
        this.failed = failed;
        this.registry = registry;
    }

    /** One dead-letter queue's figures. */
    public record Depth(String municipality, String flow, String destination, long messages, long oldestAgeSeconds) {
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        for (String[] q : failed.allQueues()) {
            String queue = BrokerTopology.deadLetterQueue(q[0], q[1]);
            Gauge.builder("syndesmos.dead.letters", () -> queues.queue(queue).getMessageCount())
                    .description("Failed messages waiting in the dead-letter queue")
                    .tags("municipality", q[0], "flow", q[2], "destination", q[1])
                    .register(registry);
            Gauge.builder("syndesmos.dead.letters.oldest.age", () -> oldestAgeSeconds(queue))
                    .description("Age of the oldest failed message in the dead-letter queue")
                    .baseUnit("seconds")
                    .tags("municipality", q[0], "flow", q[2], "destination", q[1])
                    .register(registry);
        }
    }

    public List<Depth> depths() {
        List<Depth> depths = new ArrayList<>();
        for (String[] q : failed.allQueues()) {
            String queue = BrokerTopology.deadLetterQueue(q[0], q[1]);
            depths.add(new Depth(q[0], q[2], q[1], queues.queue(queue).getMessageCount(), oldestAgeSeconds(queue)));
        }
        return depths;
    }

    private long oldestAgeSeconds(String queue) {
        try {
            Long age = queues.queue(queue).getFirstMessageAge();
            return age == null ? 0 : age / 1000;
        } catch (Exception e) {
            return 0;
        }
    }
}
