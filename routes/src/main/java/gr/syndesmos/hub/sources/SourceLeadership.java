package gr.syndesmos.hub.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * while it lives; a lock not renewed within its time to live goes to another hub); this class only tells Camel's
 * {@code ClusteredRoutePolicy} who leads, so the routes start and stop with the leadership.
 *
 * <p>No hub competes before {@link #open()}: a hub takes a source only once its broker answers.
 */
public class SourceLeadership extends AbstractCamelClusterService<SourceLeadership.View> {

    private static final Logger LOG = LoggerFactory.getLogger(SourceLeadership.class);

    private final LockRegistry locks;
    private final long heartBeatMillis;
    private final List<View> views = new ArrayList<>();
    private boolean open;

    public SourceLeadership(String hubId, LockRegistry locks, long heartBeatMillis) {
        super(hubId);
        this.locks = locks;
        this.heartBeatMillis = heartBeatMillis;
    }

    @Override
    protected synchronized View createView(String namespace) {
        View view = new View(namespace);
        views.add(view);
        return view;
    }

    /** From now on this hub competes for every source's leadership. */
    public synchronized void open() {
        open = true;
        views.forEach(View::compete);
    }

    private synchronized boolean isOpen() {
        return open;
    }

    /** One source's leadership: this hub's candidacy for its lock. */
    final class View extends AbstractCamelClusterView {

        private final Member local = new Member();
        private volatile boolean leader;
        private LockRegistryLeaderInitiator initiator;

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
            initiator = new LockRegistryLeaderInitiator(locks, new DefaultCandidate(getId(), getNamespace()) {
                @Override
                public void onGranted(Context context) {
                    leader = true;
                    LOG.info("This hub ({}) now reads {}", getId(), getNamespace());
                    fireLeadershipChangedEvent(local);
                }

                @Override
                public void onRevoked(Context context) {
                    leader = false;
                    LOG.info("This hub ({}) no longer reads {}", getId(), getNamespace());
                    fireLeadershipChangedEvent(Optional.empty());
                }
            });
            initiator.setHeartBeatMillis(heartBeatMillis);
            initiator.start();
        }

        @Override
        protected synchronized void doStop() {
            if (initiator != null) {
                initiator.destroy();
                initiator = null;
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
}
