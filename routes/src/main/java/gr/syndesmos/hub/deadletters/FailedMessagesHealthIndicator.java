package gr.syndesmos.hub.deadletters;

import gr.syndesmos.hub.security.Operator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * {@code failedMessages} in health (Boot drops the HealthIndicator suffix): WARNING (still HTTP 200: the hub works,
 * people must look) when a dead-letter queue holds a message older than
 * {@code syndesmos.operators.dead-letter-warning-age} (default one hour). Scoped to the municipalities of the person
 * asking.
 */
@Component("failedMessagesHealthIndicator")
public class FailedMessagesHealthIndicator implements HealthIndicator {

    public static final Status WARNING = new Status("WARNING", "Failed messages are waiting for an operator");

    private final DeadLetterGauges gauges;
    private final Duration warningAge;

    public FailedMessagesHealthIndicator(DeadLetterGauges gauges,
            @Value("${syndesmos.operators.dead-letter-warning-age:PT1H}") Duration warningAge) {
        this.gauges = gauges;
        this.warningAge = warningAge;
    }

    @Override
    public Health health() {
        // A municipality's people see their municipalities' failed messages only; anonymous callers get the
        // region's status without details.
        Operator who = Operator.current();
        Map<String, Object> old = new LinkedHashMap<>();
        long total = 0;
        List<DeadLetterGauges.Depth> depths;
        try {
            depths = gauges.depths();
        } catch (RuntimeException unreadable) {
            // An external broker away: its own check (broker) is DOWN and says why; this one cannot tell.
            return Health.unknown().withDetail("reason", "the failed-message queues cannot be read now").build();
        }
        for (DeadLetterGauges.Depth depth : depths) {
            if (who != null && !who.sees(depth.municipality())) {
                continue;
            }
            total += depth.messages();
            if (depth.messages() > 0 && depth.oldestAgeSeconds() >= warningAge.toSeconds()) {
                old.put(depth.municipality() + "/" + depth.destination(), Map.of("messages", depth.messages(),
                        "oldestAgeSeconds", depth.oldestAgeSeconds()));
            }
        }
        Health.Builder health = old.isEmpty() ? Health.up() : Health.status(WARNING);
        return health.withDetail("failedMessages", total)
                .withDetail("warningAge", warningAge.toString())
                .withDetail("olderThanWarningAge", old)
                .build();
    }
}
