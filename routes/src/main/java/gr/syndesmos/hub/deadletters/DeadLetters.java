package gr.syndesmos.hub.deadletters;

import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.broker.RecordVersions;
import gr.syndesmos.hub.destinations.DeliveryFailedException;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.records.RecordTrail;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides when a failed delivery becomes a dead letter, and labels it: the reason, when it failed first and last,
 * and how many attempts were made, as message properties an operator can read. The original address and queue are
 * set the way Artemis sets them itself, so the queue's own retry operations (Hawtio, JMX) return it where it came
 * from. The dead letter is sent inside the consumer's transaction: it leaves the delivery queue and reaches the
 * dead-letter queue together, or not at all.
 */
@Component
public class DeadLetters {

    /** Camel header with the first failure time, filled by the delivery step. */
    public static final String FIRST_FAILED_AT_HEADER = "SyndesmosFirstFailedAt";
    /** Camel header with the failures of the delivery the state database counts, filled by the delivery step. */
    public static final String ATTEMPT_HEADER = "SyndesmosAttempt";
    /**
     * Route properties of a delivery route, read here when a delivery fails: its flow, destination, the broker address
     * and queue the message came from, and the attempts allowed before a dead letter (0: the hub's
     * {@code syndesmos.redelivery.attempts}). They belong to the route, not the exchange, so they hold from its first
     * step.
     */
    public static final String FLOW = "syndesmos.flow";
    public static final String DESTINATION = "syndesmos.destination";
    public static final String ADDRESS = "syndesmos.address";
    public static final String QUEUE = "syndesmos.queue";
    public static final String ATTEMPTS_ALLOWED = "syndesmos.attemptsAllowed";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final int attempts;
    private final RecordTrail trail;
    private final HubMetrics metrics;

    public DeadLetters(HubProperties properties, RecordTrail trail, HubMetrics metrics) {
        this.attempts = Math.max(1, properties.redelivery().attempts());
        this.trail = trail;
        this.metrics = metrics;
    }

    /** A property of the route the exchange was consumed by (see {@link #FLOW}). */
    public static String routeProperty(Exchange exchange, String name) {
        org.apache.camel.Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        Object value = route == null ? null : route.getProperties().get(name);
        return value == null ? null : value.toString();
    }

    /** True when this failure is the last: permanent, or the attempts are used up. */
    public boolean isFinal(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof DeliveryFailedException delivery && delivery.isPermanent()) {
            return true;
        }
        String allowed = routeProperty(exchange, ATTEMPTS_ALLOWED);
        int limit = allowed == null || allowed.isBlank() ? 0 : Integer.parseInt(allowed);
        return attempt(exchange) >= (limit < 1 ? attempts : limit);
    }

    /** A failed attempt that will be retried: on the record's trail and in the metrics. */
    public void attemptFailed(Exchange exchange) {
        String destination = routeProperty(exchange, DESTINATION);
        String flow = routeProperty(exchange, FLOW);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        var in = exchange.getIn();
        String municipality = in.getHeader(BrokerTopology.MUNICIPALITY, String.class);
        String version = in.getHeader(BrokerTopology.RECORD_VERSION, String.class);
        trail.step(new RecordTrail.Step(municipality, in.getHeader(BrokerTopology.RECORD_TYPE, String.class),
                in.getHeader(BrokerTopology.RECORD_ID, String.class),
                version == null ? null : RecordVersions.parse(version), "delivery-failed", destination, null,
                "attempt " + attempt(exchange) + ": " + (failure == null ? "unknown" : failure.getMessage())
                        + "; will retry", "retrying"));
        metrics.deliveryFailed(municipality, flow, destination);
        LOG.warn("{} to {}: attempt {} failed ({}); will retry", in.getHeader(BrokerTopology.RECORD_ID),
                destination, attempt(exchange), failure == null ? "unknown" : failure.getMessage());
    }

    /** Labels the message before it is sent to the dead-letter address. */
    public void label(Exchange exchange) {
        String destination = routeProperty(exchange, DESTINATION);
        String flow = routeProperty(exchange, FLOW);
        String address = routeProperty(exchange, ADDRESS);
        String queue = routeProperty(exchange, QUEUE);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = failure == null ? "unknown" : failure.getMessage();
        var in = exchange.getIn();
        in.setHeader(BrokerTopology.DESTINATION, destination);
        in.setHeader(BrokerTopology.FAILURE_REASON, reason);
        in.setHeader(BrokerTopology.FAILED_AT, OffsetDateTime.now(ZoneOffset.UTC).toString());
        Object first = in.getHeader(FIRST_FAILED_AT_HEADER);
        in.setHeader(BrokerTopology.FIRST_FAILED_AT, first == null ? in.getHeader(BrokerTopology.FAILED_AT)
                : first.toString());
        in.removeHeader(FIRST_FAILED_AT_HEADER);
        int made = attempt(exchange);
        in.setHeader(BrokerTopology.ATTEMPTS, made);
        in.removeHeader(ATTEMPT_HEADER);
        in.setHeader(BrokerTopology.ORIGINAL_ADDRESS, address);
        in.setHeader(BrokerTopology.ORIGINAL_QUEUE, queue);
        String municipality = in.getHeader(BrokerTopology.MUNICIPALITY, String.class);
        String recordId = in.getHeader(BrokerTopology.RECORD_ID, String.class);
        String version = in.getHeader(BrokerTopology.RECORD_VERSION, String.class);
        trail.step(new RecordTrail.Step(municipality, in.getHeader(BrokerTopology.RECORD_TYPE, String.class), recordId,
                version == null ? null : RecordVersions.parse(version), "dead-lettered", destination, null,
                "after " + made + " attempt(s): " + reason, "failed"));
        metrics.deadLettered(municipality, flow, destination);
        LOG.warn("Dead-lettered {} for {} after {} attempt(s): {}", recordId, destination, made, reason);
    }

    /**
     * This attempt's number: the broker's delivery count, unless the state database counts fewer failures of this
     * delivery (a batch of acknowledgements rolled back for another delivery's failure brought this message back
     * once more than it failed). An operator's retry starts the broker's count again, and so the attempts.
     */
    static int attempt(Exchange exchange) {
        Integer count = exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class);
        int delivered = count == null ? 1 : count;
        Integer failed = exchange.getIn().getHeader(ATTEMPT_HEADER, Integer.class);
        return failed == null ? delivered : Math.max(1, Math.min(delivered, failed));
    }
}
