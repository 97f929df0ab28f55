package gr.syndesmos.hub.sandbox;

import gr.syndesmos.hub.settings.HubProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.StringUtils;
import org.springframework.stereotype.Component;

/**
 * With the stand-ins off (the production profile), a destination that still points at the hub's own
 * {@code /sandbox/} would fail every delivery: the hub refuses to start and names the setting to change. Another
 * host's stand-ins are that host's (the compose region's second hub delivers to the first one's).
 */
@Component
class StandInsOffCheck implements InitializingBean {

    private final HubProperties properties;
    private final boolean standInsOn;

    private final String clockStart;

    StandInsOffCheck(HubProperties properties, @Value("${syndesmos.sandbox.enabled:false}") boolean standInsOn,
            @Value("${syndesmos.clock.start:}") String clockStart) {
        this.clockStart = clockStart;
        this.properties = properties;
        this.standInsOn = standInsOn;
    }

    @Override
    public void afterPropertiesSet() {
        if (!standInsOn && gr.syndesmos.hub.transfers.CrashPoints.armed()) {
            throw new IllegalStateException("SYNDESMOS_CRASH_AT is set: it makes the hub stop itself, for the crash "
                    + "tests only; unset it");
        }
        if (!standInsOn && StringUtils.hasText(clockStart)) {
            // A shifted calendar would date certificates and judge requests' dates wrongly.
            throw new IllegalStateException("SYNDESMOS_CLOCK_START is set: it moves the hub's calendar, for "
                    + "demonstrations on the stand-ins only; unset it");
        }
        if (standInsOn || properties.destinations() == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        properties.destinations().forEach((name, destination) -> {
            if (destination.url() != null && destination.url().getPath() != null
                    && destination.url().getPath().startsWith("/sandbox/") && isLoopback(destination.url().getHost())) {
                problems.add("SYNDESMOS_" + name.toUpperCase(Locale.ROOT) + "_URL is " + destination.url()
                        + ", the built-in stand-in, which is off (SYNDESMOS_SANDBOX_ENABLED=false, the production "
                        + "profile): set it to the real " + name + " address");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    private static boolean isLoopback(String host) {
        return host == null || "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || "[::1]".equals(host)
                || "::1".equals(host);
    }
}
