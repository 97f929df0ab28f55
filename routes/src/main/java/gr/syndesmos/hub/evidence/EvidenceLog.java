package gr.syndesmos.hub.evidence;

import gr.syndesmos.hub.settings.HubClock;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends to the evidence log. Callers hand an entry over and go on; one writer thread chains the entries (each
 * carries the hash of the one before on its municipality's chain) and stores them in batches, so that recording every
 * delivery costs the deliveries no database round trip. What was handed over is written within
 * {@link #FLUSH_EVERY_MILLIS}; a hub that stops flushes first. The chains are the database's: a writer that finds
 * another (a second hub) has appended first rereads the chain's head and chains again.
 */
@Component
public class EvidenceLog {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceLog.class);
    static final long FLUSH_EVERY_MILLIS = 200;
    private static final int BATCH = 5000;
    /** Entries waiting at most: beyond, a caller waits for the writer rather than fill the heap. */
    private static final int WAITING_AT_MOST = 100_000;

    private record Pending(String chain, Instant at, String kind, String parties, String exchangeId, String digest,
            String outcome) {
    }

    private record Head(long seq, String hash) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EvidenceChains chains;
    private final HubClock clock;
    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>(WAITING_AT_MOST);
    private final Map<String, Head> heads = new HashMap<>();
    private final Thread writer;
    private volatile boolean running = true;
    private final Object written = new Object();
    private long handedOver;
    private long stored;

    public EvidenceLog(JdbcTemplate jdbc, DataSourceTransactionManager stateTransactionManager, HubClock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(stateTransactionManager);
        this.chains = new EvidenceChains(jdbc);
        this.clock = clock;
        this.writer = new Thread(this::writeLoop, "evidence-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** SHA-256 of a message, as the log keeps it instead of the message. */
    public static String digest(String message) {
        return EvidenceEntry.sha256(message == null ? "" : message);
    }

    /**
     * Records one event of an exchange.
     *
     * @param municipality whose chain it goes on; null for none
     * @param outcome what happened, with no personal data
     */
    public void record(String municipality, String kind, String parties, String digest, String outcome,
            String exchangeId) {
        Pending entry = new Pending(municipality == null ? EvidenceEntry.NO_MUNICIPALITY : municipality,
                clock.now().truncatedTo(ChronoUnit.MILLIS), kind, cut(parties, 200), exchangeId == null ? null
                        : cut(exchangeId, 100), digest, cut(outcome, 500));
        try {
            waiting.put(entry);
            synchronized (written) {
                handedOver++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String cut(String text, int most) {
        return text == null ? "" : text.length() <= most ? text : text.substring(0, most - 1) + "…";
    }

    /** Waits until everything handed over so far is stored (tests, the command, a stopping hub). */
    public void flush() throws InterruptedException {
        long target;
        synchronized (written) {
            target = handedOver;
            while (stored < target && running) {
                written.wait(FLUSH_EVERY_MILLIS);
            }
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                // What comes within the moment goes into the same transaction: one commit for many deliveries'
                // entries, rather than one each, keeps the state database's writes for the deliveries themselves.
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_EVERY_MILLIS);
                while (batch.size() < BATCH && running) {
                    waiting.drainTo(batch, BATCH - batch.size());
                    long left = until - System.nanoTime();
                    Pending next = left <= 0 ? null : waiting.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                store(batch);
                synchronized (written) {
                    stored += batch.size();
                    written.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                if (!running) {
                    waiting.drainTo(batch);
                    if (!batch.isEmpty()) {
                        store(batch);
                    }
                    return;
                }
            }
        }
    }

    /** Chains and stores a batch in one transaction; tries again (rereading the heads) until it is stored. */
    private void store(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                transaction.executeWithoutResult(status -> append(batch));
                return;
            } catch (RuntimeException e) {
                // Another hub appended to one of these chains, or the database is away for a moment.
                heads.clear();
                if (attempt % 10 == 1) {
                    LOG.warn("Evidence log: {} entries could not be stored yet ({}); trying again", batch.size(),
                            e.getClass().getSimpleName());
                }
                try {
                    Thread.sleep(Math.min(5_000, 100L * attempt));
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    if (!running) {
                        LOG.error("Evidence log: {} entries were not stored when the hub stopped", batch.size());
                        return;
                    }
                }
            }
        }
    }

    private void append(List<Pending> batch) {
        Map<String, Head> moved = new HashMap<>();
        List<Object[]> rows = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            Head head = moved.containsKey(p.chain()) ? moved.get(p.chain()) : heads.containsKey(p.chain())
                    ? heads.get(p.chain()) : chains.head(p.chain()).map(e -> new Head(e.seq(), e.entryHash()))
                    .orElse(new Head(0, EvidenceEntry.GENESIS));
            long seq = head.seq() + 1;
            String hash = EvidenceEntry.hash(p.chain(), seq, p.at(), p.kind(), p.parties(), p.exchangeId(),
                    p.digest(), p.outcome(), head.hash());
            rows.add(new Object[] {p.chain(), seq, p.at().toEpochMilli(), p.kind(), p.parties(), p.exchangeId(),
                p.digest(), p.outcome(), head.hash(), hash});
            moved.put(p.chain(), new Head(seq, hash));
        }
        jdbc.batchUpdate("insert into evidence_entry (" + EvidenceChains.COLUMNS + ") values "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        // Only once the transaction commits do the new heads hold; a rollback clears them (store).
        heads.putAll(moved);
    }

    @PreDestroy
    public void stop() throws InterruptedException {
        flush();
        running = false;
        writer.interrupt();
        writer.join(10_000);
    }
}
