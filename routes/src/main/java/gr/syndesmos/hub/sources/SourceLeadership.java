package gr.syndesmos.hub.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Camel's cluster service for hubs that share a state database: the leader of each namespace (one per source, see
 * {@link LeaderOnlyRoutes}) is whichever hub holds that namespace's lock in the database. The locks and the election
 * are Spring Integration's ({@link LockRegistryLeaderInitiator} over a JDBC lock registry: a hub renews its locks
 * while it lives; a lock not renewed within its time to live goes to another hub); this class tells Camel's
 * {@code ClusteredRoutePolicy} who leads, so the routes start and stop with the leadership.
 *
 * <p>It also fences: a hub that has not confirmed its hold on a source for {@code confirmWithinMillis} (its database
 * unreachable, a renewal stuck) stops reading that source at once and competes for it again, whatever the lock
 * library is still trying; the lock's time to live is longer, so another hub takes the source only after this one
 * stopped. (Spring Integration's JDBC lock keeps retrying a renewal whose rollback failed, without telling its
 * leader initiator; hence this watch.)
 *
 * <p>No hub competes before {@link #open()}: a hub takes a source only once its broker answers.
 */
public class SourceLeadership extends AbstractCamelClusterService<SourceLeadership.View> {

    private static final Logger LOG = LoggerFactory.getLogger(SourceLeadership.class);

    private final LockRegistry locks;
    private final long heartBeatMillis;
    private final long confirmWithinNanos;
    private final List<View> views = new ArrayList<>();
    private boolean open;
    private ScheduledExecutorService watch;
    /** Gives sources up off the watch's thread: stopping one source's routes must not delay the others. */
    private ExecutorService givingUp;

    public SourceLeadership(String hubId, LockRegistry locks, long heartBeatMillis, long confirmWithinMillis) {
        super(hubId);
        this.locks = locks;
        this.heartBeatMillis = heartBeatMillis;
        this.confirmWithinNanos = TimeUnit.MILLISECONDS.toNanos(confirmWithinMillis);
    }

    @Override
    protected synchronized View createView(String namespace) {
        View view = new View(namespace);
        views.add(view);
        return view;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        synchronized (this) {
            watch = Executors.newSingleThreadScheduledExecutor(run -> {
                Thread thread = new Thread(run, "source-leadership-watch");
                thread.setDaemon(true);
                return thread;
            });
            givingUp = Executors.newCachedThreadPool(run -> {
                Thread thread = new Thread(run, "source-leadership-give-up");
                thread.setDaemon(true);
                return thread;
            });
            long every = Math.max(100, heartBeatMillis / 4);
            watch.scheduleWithFixedDelay(this::giveUpUnconfirmed, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            if (watch != null) {
                watch.shutdownNow();
                watch = null;
                givingUp.shutdown();
                givingUp = null;
            }
        }
        super.doStop();
    }

    /** From now on this hub competes for every source's leadership. */
    public synchronized void open() {
        open = true;
        views.forEach(View::compete);
    }

    private synchronized boolean isOpen() {
        return open;
    }

    private void giveUpUnconfirmed() {
        List<View> current;
        ExecutorService giveUp;
        synchronized (this) {
            current = List.copyOf(views);
            giveUp = givingUp;
        }
        long now = System.nanoTime();
        for (View view : current) {
            try {
                if (view.unconfirmedSince(now)) {
                    giveUp.execute(view::giveUp);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not check this hub's hold on {}: {}", view.getNamespace(), e.toString());
            }
        }
    }

    /** One source's leadership: this hub's candidacy for its lock. */
    final class View extends AbstractCamelClusterView {

        private final Member local = new Member();
        private volatile boolean leader;
        private volatile long confirmedAt;
        private LockRegistryLeaderInitiator initiator;
        private Object candidate;

        View(String namespace) {
            super(SourceLeadership.this, namespace);
        }

        @Override
        protected void doStart() {
            if (isOpen()) {
                compete();
            }
        }

        synchronized void compete() {
            if (initiator != null || !isRunAllowed()) {
                return;
            }
            // Each candidacy answers only for itself: one given up may still call back from its stuck thread.
            DefaultCandidate candidacy = new DefaultCandidate(getId(), getNamespace()) {
                @Override
                public void onGranted(Context context) {
                    granted(this);
                }

                @Override
                public void onRevoked(Context context) {
                    revoked(this);
                }
            };
            LockRegistryLeaderInitiator election = new LockRegistryLeaderInitiator(
                    key -> new ConfirmingLock(locks.obtain(key), this), candidacy);
            election.setHeartBeatMillis(heartBeatMillis);
            initiator = election;
            candidate = candidacy;
            election.start();
        }

        private synchronized boolean isCurrent(Object candidate) {
            return initiator != null && this.candidate == candidate;
        }

        private void granted(Object candidate) {
            if (!isCurrent(candidate)) {
                return;
            }
            confirmedAt = System.nanoTime();
            leader = true;
            LOG.info("This hub ({}) now reads {}", getId(), getNamespace());
            fireLeadershipChangedEvent(local);
        }

        private void revoked(Object candidate) {
            if (!isCurrent(candidate) || !leader) {
                return;
            }
            leader = false;
            LOG.info("This hub ({}) no longer reads {}", getId(), getNamespace());
            fireLeadershipChangedEvent(Optional.empty());
        }

        void confirmed() {
            confirmedAt = System.nanoTime();
        }

        /** Whether this hub leads the source without having confirmed it lately: it is no longer leader then. */
        boolean unconfirmedSince(long now) {
            long since = now - confirmedAt;
            synchronized (this) {
                if (!leader || since <= confirmWithinNanos) {
                    return false;
                }
                leader = false;
            }
            LOG.warn("This hub ({}) could not confirm its hold on {} for {} s (state database unreachable?): it "
                    + "stops reading it, and competes for it again", getId(), getNamespace(),
                    TimeUnit.NANOSECONDS.toSeconds(since));
            return true;
        }

        /** Stops the source's routes and starts a new candidacy; the stuck one is abandoned. */
        void giveUp() {
            fireLeadershipChangedEvent(Optional.empty());
            synchronized (this) {
                if (initiator != null) {
                    LockRegistryLeaderInitiator stuck = initiator;
                    initiator = null;
                    candidate = null;
                    stuck.destroy();
                }
                compete();
            }
        }

        @Override
        protected synchronized void doStop() {
            if (initiator != null) {
                initiator.destroy();
                initiator = null;
                candidate = null;
            }
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return leader ? Optional.of(local) : Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }

        private final class Member implements CamelClusterMember {
            @Override
            public boolean isLeader() {
                return leader;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return SourceLeadership.this.getId();
            }
        }
    }

    /** A source's lock that tells its view each time the database confirmed the hold (every heartbeat). */
    private record ConfirmingLock(Lock held, View view) implements Lock {

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            boolean confirmed = held.tryLock(time, unit);
            if (confirmed) {
                view.confirmed();
            }
            return confirmed;
        }

        @Override
        public boolean tryLock() {
            boolean confirmed = held.tryLock();
            if (confirmed) {
                view.confirmed();
            }
            return confirmed;
        }

        @Override
        public void lock() {
            held.lock();
            view.confirmed();
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            held.lockInterruptibly();
            view.confirmed();
        }

        @Override
        public void unlock() {
            held.unlock();
        }

        @Override
        public Condition newCondition() {
            return held.newCondition();
        }
    }
}
