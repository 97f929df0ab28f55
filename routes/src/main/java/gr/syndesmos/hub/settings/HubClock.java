package gr.syndesmos.hub.settings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The hub's calendar clock: the time it puts on answers and checks requests' dates against. It is the system's,
 * unless {@code syndesmos.clock.start} (an ISO instant) sets where it starts: then it runs from that moment on, as
 * for a demonstration or a test that replays samples dated on a given day. Deadlines are never measured on it, but
 * on the monotonic clock.
 */
@Component
public class HubClock {

    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public HubClock(@Value("${syndesmos.clock.start:}") String start) {
        this(StringUtils.hasText(start)
                ? Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse(start.trim())))
                : Clock.systemUTC());
    }

    public HubClock(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public Clock clock() {
        return clock;
    }
}
