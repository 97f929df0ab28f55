package gr.syndesmos.hub.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import gr.syndesmos.hub.sources.SourceLeadership;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * Holds the hub's routes until the external broker is there and holds what the region's files need. The hub starts
 * its web side first (health, the operators' API) with every route stopped ({@link ExternalBrokerStartup}), then:
 * <ul>
 *   <li>while the broker cannot be reached or refuses the hub's account, health is DOWN with the reason, the log says
 *       which broker and which account, and the hub tries again ever more slowly (1 s doubling to 30 s): it never
 *       runs half-connected, reading exports it could not publish;</li>
 *   <li>when the broker lacks an address, queue, filter or setting the region's files need
 *       ({@link ExternalBrokerCheck}), the hub lists every one and stops: a wrong broker.xml must be fixed, not
 *       waited out;</li>
 *   <li>otherwise every route starts.</li>
 * </ul>
 */
public class ExternalBrokerGate implements AutoCloseable {

    /** The exit status of a hub stopped because the broker does not match its files (EX_CONFIG). */
    public static final int MISMATCH_EXIT = 78;
    private static final Logger LOG = LoggerFactory.getLogger(ExternalBrokerGate.class);
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    enum State { WAITING, OPEN, MISMATCHED }

    private final RemoteBrokerManagement management;
    private final RegionBrokerSettings expected;
    private final String url;
    private final String user;
    private final CamelContext camel;
    private final ConfigurableApplicationContext application;
    private final SourceLeadership leadership;
    private final ScheduledExecutorService attempts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "broker-gate");
        thread.setDaemon(true);
        return thread;
    });
    private volatile State state = State.WAITING;
    private volatile String reason = "not connected yet";
    private volatile String version;

    ExternalBrokerGate(RemoteBrokerManagement management, RegionBrokerSettings expected, String url, String user,
            CamelContext camel, ConfigurableApplicationContext application, SourceLeadership leadership) {
        this.management = management;
        this.expected = expected;
        this.url = url;
        this.user = user;
        this.camel = camel;
        this.application = application;
        this.leadership = leadership;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void open() {
        LOG.info("Using the external broker {} as '{}'; the routes start once it answers", url, user);
        attempts.execute(() -> attempt(FIRST_WAIT));
    }

    private void attempt(Duration wait) {
        try {
            version = management.version();
        } catch (RuntimeException unreachable) {
            reason = describe(unreachable);
            LOG.warn("{}; trying again in {} s", reason, wait.toSeconds());
            Duration next = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            attempts.schedule(() -> attempt(next), wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        List<String> missing;
        try {
            missing = ExternalBrokerCheck.problems(management, expected);
        } catch (RuntimeException lost) {
            reason = describe(lost);
            LOG.warn("{}; trying again in {} s", reason, wait.toSeconds());
            attempts.schedule(() -> attempt(wait), wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (!missing.isEmpty()) {
            state = State.MISMATCHED;
            reason = "the broker lacks " + missing.size() + " thing(s) the region's files need";
            LOG.error("""
                    The broker {} does not hold what this region's flow and municipality files need:
                      - {}
                    Write its broker.xml from these files (java -jar syndesmos-hub.jar broker-config, see \
                    docs/production.md), restart the broker, then the hub. The hub stops.""",
                    url, String.join("\n  - ", missing));
            Thread stop = new Thread(() -> System.exit(SpringApplication.exit(application, () -> MISMATCH_EXIT)),
                    "broker-mismatch-stop");
            // Not a daemon (as this gate's thread is): the JVM must not end with status 0 once the context is
            // closed, before the exit status is set.
            stop.setDaemon(false);
            stop.start();
            return;
        }
        try {
            for (Route route : camel.getRoutes()) {
                // A route one hub runs at a time starts when this hub leads it, not here.
                if (route.getRoutePolicyList().stream().noneMatch(ClusteredRoutePolicy.class::isInstance)) {
                    camel.getRouteController().startRoute(route.getRouteId());
                }
            }
            if (leadership != null) {
                leadership.open();
            }
        } catch (Exception e) {
            reason = "the routes did not start: " + e.getMessage();
            LOG.error("Connected to the broker {}, but {}", url, reason, e);
            return;
        }
        state = State.OPEN;
        LOG.info("Connected to the broker {} (Artemis {}) as '{}'; its addresses and settings match the region's "
                + "files; the routes started{}", url, version, user,
                leadership == null ? "" : ", and the sources each go to one hub of the region");
    }

    /** What went wrong, for the log and health, without the password. */
    private String describe(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ActiveMQSecurityException) {
                return "The broker " + url + " refused the account '" + user + "' (" + cause.getMessage()
                        + "): check SYNDESMOS_BROKER_USER and SYNDESMOS_BROKER_PASSWORD against the broker's users";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "Cannot reach the broker " + url + ": " + root.getMessage();
    }

    Health health() {
        return switch (state) {
            case WAITING -> Health.down().withDetail("broker", url).withDetail("reason", reason).build();
            case MISMATCHED -> Health.down().withDetail("broker", url).withDetail("reason", reason).build();
            case OPEN -> {
                try {
                    yield Health.up().withDetail("broker", url).withDetail("version", management.version()).build();
                } catch (RuntimeException lost) {
                    yield Health.down().withDetail("broker", url).withDetail("reason", describe(lost)).build();
                }
            }
        };
    }

    @Override
    public void close() {
        attempts.shutdownNow();
    }
}
