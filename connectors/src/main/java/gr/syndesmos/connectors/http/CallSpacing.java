package gr.syndesmos.connectors.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Holds calls back so that at most {@code perSecond} of them start in any one-second window: a call starts at least
 * {@code 1 s / perSecond} after the previous one actually started, and a caller waits for its turn at most
 * {@code maxWait}.
 *
 * <p>Hand-written because the limiters at hand count calls in fixed periods (resilience4j's {@code RateLimiter}) or
 * store unused permits (Guava's): at the edge between two periods both periods' calls may start together, so a
 * destination that counts over any sliding second sees more than the limit. Spacing is measured from the moment a
 * call was let go (not from a reserved slot), so a caller that woke late pushes the next one back. A destination
 * measures on its own clock after a delay that varies from call to call, hence a small margin over the exact interval.
 */
final class CallSpacing {

    /** 5 % more than the exact interval: 50 ms over a second of calls absorbs the jitter of the delay to the server. */
    private static final double MARGIN = 1.05;

    private final int perSecond;
    private final long intervalNanos;
    private final long maxWaitNanos;
    private long lastStartNanos;

    CallSpacing(int perSecond, Duration maxWait) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("perSecond must be more than 0");
        }
        this.perSecond = perSecond;
        this.intervalNanos = (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) * MARGIN / perSecond);
        this.maxWaitNanos = maxWait.toNanos();
        this.lastStartNanos = System.nanoTime() - intervalNanos;
    }

    /**
     * Waits for this call's turn and takes it.
     *
     * @throws HttpOutFailure (transient) when no turn came within the bounded wait; no turn is taken
     */
    synchronized void awaitTurn() throws HttpOutFailure, InterruptedException {
        long now = System.nanoTime();
        long deadline = now + maxWaitNanos;
        while (true) {
            long turn = lastStartNanos + intervalNanos;
            if (turn - now <= 0) {
                lastStartNanos = now;
                return;
            }
            if (turn - deadline > 0) {
                throw HttpOutFailure.noAnswer("not sent: the rate limit of " + perSecond + " calls per second had"
                        + " no turn free within " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos)
                        + " ms (responseTimeoutMillis); too many calls are waiting", null);
            }
            // wait() lets the monitor go, so other callers queue meanwhile; whoever wakes after the turn takes it.
            TimeUnit.NANOSECONDS.timedWait(this, turn - now);
            now = System.nanoTime();
        }
    }
}
