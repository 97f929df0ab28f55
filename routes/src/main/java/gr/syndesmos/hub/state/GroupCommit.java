package gr.syndesmos.hub.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the state database. Deliveries running at once (several consumers per queue, several queues) and
 * ingest's published batches hand their writes here and wait; one writer thread runs every write that is waiting in
 * one transaction and commits once. A commit is the state store's dearest step (the embedded database writes its
 * changed pages at every commit), so eight deliveries finishing together cost one commit instead of eight; and
 * writes of the same records from one thread never wait on each other, collide on an insert or deadlock.
 *
 * <p>Each caller still returns only once its own writes are committed: nothing is acknowledged on the broker, and no
 * destination is called, before the state it depends on is durable, and a crash loses only writes whose callers had
 * not yet returned, the records in flight. A write that fails does not take the others down: the group is rolled
 * back and each of its writes is run again in a transaction of its own, so only the failing one reports the failure.
 *
 * <p>Written by hand: neither Spring's transactions nor the JDBC drivers group commits across threads.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** Writes per commit at most: a long group would hold its first caller up. */
    static final int MAX_GROUP = 64;

    /** How long a caller waits for its commit before giving up (the database is then in trouble, not busy). */
    private static final long WAIT_SECONDS = 120;

    private final TransactionTemplate tx;
    private final LinkedBlockingQueue<Pending<?>> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    GroupCommit(TransactionTemplate tx, String name) {
        this.tx = tx;
        this.writer = new Thread(this::run, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Runs the work in a transaction shared with other callers' work and returns its result once committed. */
    <T> T commit(Supplier<T> work) {
        if (closed || Thread.currentThread() == writer) {
            // Stopping (the writer may be gone), or already inside a group: a transaction of its own.
            return tx.execute(status -> work.get());
        }
        Pending<T> pending = new Pending<>(work);
        waiting.add(pending);
        if (closed && !writer.isAlive() && waiting.remove(pending)) {
            return tx.execute(status -> work.get()); // the writer stopped just before this was queued
        }
        try {
            return pending.result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the state database's commit", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the state database did not commit within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Pending<?>> group = new ArrayList<>(MAX_GROUP);
        while (!closed || !waiting.isEmpty()) {
            try {
                Pending<?> first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, MAX_GROUP - 1);
                commitGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error unexpected) {
                // Never leave a caller waiting: whatever was taken and not answered fails.
                for (Pending<?> pending : group) {
                    pending.result.completeExceptionally(unexpected);
                }
                LOG.error("The state database's group commit failed: {}", unexpected.toString());
            } finally {
                group.clear();
            }
        }
    }

    private void commitGroup(List<Pending<?>> group) {
        if (group.size() > 1) {
            try {
                List<Object> results = tx.execute(status -> {
                    List<Object> done = new ArrayList<>(group.size());
                    for (Pending<?> pending : group) {
                        done.add(pending.work.get());
                    }
                    return done;
                });
                for (int i = 0; i < group.size(); i++) {
                    complete(group.get(i), results.get(i));
                }
                return;
            } catch (RuntimeException oneFailed) {
                // Rolled back whole: each again alone, so that the one that fails is the only one told.
                LOG.debug("A grouped state write failed ({}); committing the group's writes one by one", oneFailed
                        .toString());
            }
        }
        for (Pending<?> pending : group) {
            try {
                complete(pending, alone(pending));
            } catch (RuntimeException | Error failed) {
                pending.result.completeExceptionally(failed);
            }
        }
    }

    /**
     * One write in a transaction of its own, run again when the database rolls it back for a lock conflict (an
     * operator's action, or another hub sharing the database, writing the same records at the same time): a
     * conflict that passes in a moment must not cost a delivery one of its attempts.
     */
    private Object alone(Pending<?> pending) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> pending.work.get());
            } catch (PessimisticLockingFailureException conflict) {
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw conflict;
                }
            }
        }
    }

    private static final int CONFLICT_ATTEMPTS = 3;

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        pending.result.complete((T) result);
    }

    /** Commits what is waiting, then stops the writer; later callers get transactions of their own. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Pending<T> {
        final Supplier<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Pending(Supplier<T> work) {
            this.work = work;
        }
    }
}
