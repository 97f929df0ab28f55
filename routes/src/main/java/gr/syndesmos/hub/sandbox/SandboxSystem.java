package gr.syndesmos.hub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;

/**
 * The switchable state of one stand-in: how it behaves now ({@code ok}, {@code fail} = HTTP 503, {@code slow} =
 * answers after 5 s, {@code lost} = takes the request but its answer is lost on the way: HTTP 504, as from a gateway
 * that gave up waiting) and what it received, oldest first. Kept in memory, and only the last {@code keep} entries: a
 * stand-in is for watching, not for keeping, and must not fill the hub's memory.
 */
final class SandboxSystem {

    enum Mode { OK, FAIL, SLOW, LOST }

    static final Duration SLOW_DELAY = Duration.ofSeconds(5);

    private volatile Mode mode = Mode.OK;
    private final ArrayDeque<JsonNode> received = new ArrayDeque<>();
    private final int keep;

    SandboxSystem(int keep) {
        this.keep = Math.max(1, keep);
    }

    Mode mode() {
        return mode;
    }

    /** @throws IllegalArgumentException for anything but ok, fail or slow */
    void mode(String value) {
        // Tolerates what command-line clients send: "fail", fail=, a JSON string.
        mode = Mode.valueOf(value.replaceAll("[^A-Za-z]", "").toUpperCase(Locale.ROOT));
    }

    synchronized void received(JsonNode entry) {
        if (received.size() >= keep) {
            received.removeFirst();
        }
        received.addLast(entry);
    }

    synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    synchronized void clear() {
        received.clear();
    }

    /** Applies the current mode: false when the request must be answered with 503. */
    boolean behave() throws InterruptedException {
        Mode now = mode;
        if (now == Mode.SLOW) {
            Thread.sleep(SLOW_DELAY.toMillis());
        }
        return now != Mode.FAIL;
    }
}
