package gr.syndesmos.mappings.xml;

import java.util.concurrent.atomic.AtomicInteger;

/** A harmless gadget target: counts how often anything constructs or calls it (RELIABILITY.md §2.5). */
public class Canary implements Runnable {

    public static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    public static final AtomicInteger INVOKED = new AtomicInteger();

    public Canary() {
        CONSTRUCTED.incrementAndGet();
    }

    @Override
    public void run() {
        INVOKED.incrementAndGet();
    }

    public void exec() {
        INVOKED.incrementAndGet();
    }
}
