package gr.syndesmos.hub.transfers;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named moments where the crash tests stop the hub as {@code kill -9} would (no shutdown hook, nothing flushed):
 * {@code SYNDESMOS_CRASH_AT=<point>} halts it the first time the point is reached. The production profile refuses to
 * start with it set; nothing else reads it.
 */
public final class CrashPoints {

    /** After a registry's message was read, before it is journaled: its source is not acknowledged. */
    public static final String AFTER_READ = "transfer-after-read";
    /** After a message was journaled, before the hub forwarded what it causes. */
    public static final String AFTER_JOURNAL = "transfer-after-journal";
    /** After a message was handed to the broker, before the journal marks it forwarded. */
    public static final String AFTER_FORWARD = "transfer-after-forward";
    /** After a message was written to the recipient's system, before the broker was acknowledged. */
    public static final String AFTER_DELIVERY = "transfer-after-delivery";
    /** In a stand-in registry: after it committed its records, before its answers left. */
    public static final String REGISTRY_AFTER_COMMIT = "registry-after-commit";

    private static final String ARMED = System.getenv("SYNDESMOS_CRASH_AT");
    private static final AtomicInteger REACHED = new AtomicInteger();

    private CrashPoints() {
    }

    public static boolean armed() {
        return ARMED != null && !ARMED.isBlank();
    }

    public static void reached(String point) {
        if (point.equals(ARMED) && REACHED.incrementAndGet() == 1) {
            System.err.println("SYNDESMOS_CRASH_AT=" + point + ": halting as kill -9 would");
            Runtime.getRuntime().halt(137);
        }
    }
}
