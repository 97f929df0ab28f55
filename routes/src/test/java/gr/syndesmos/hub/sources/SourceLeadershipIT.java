package gr.syndesmos.hub.sources;

import static org.awaitility.Awaitility.await;

import gr.syndesmos.hub.support.MachinePostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.mock.env.MockEnvironment;

/**
 * A hub whose database stops answering gives its sources up while it still cannot reach it: a lock renewal waits
 * {@value SourceLeadershipConfiguration#LOCK_ANSWER_SECONDS} s at most, then the leadership is revoked, so the hub
 * stops reading before the lock's time to live hands the source to another hub. The machine's PostgreSQL
 * (127.0.0.1:5432, database {@code test}), one schema per test; skipped with a message when it is absent, failing
 * instead under {@code CI=true}.
 */
class SourceLeadershipIT {

    private static final String URL = MachinePostgres.URL;

    private final String schema = "leadership_it_" + UUID.randomUUID().toString().replace("-", "");
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private SourceLeadershipConfiguration.SourceLockDatabase locks;

    @BeforeEach
    void schemaWithTheLockTable() throws Exception {
        try (Connection admin = admin().getConnection(); Statement ddl = admin.createStatement()) {
            ddl.execute("create schema " + schema);
            ddl.execute("set search_path to " + schema);
            ddl.execute(new ClassPathResource("db/migration/V11__source_locks.sql")
                    .getContentAsString(StandardCharsets.UTF_8));
        } catch (SQLException absent) {
            throw MachinePostgres.absent(absent);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        camel.stop();
        if (locks != null) {
            locks.close();
        }
        try (Connection admin = admin().getConnection(); Statement ddl = admin.createStatement()) {
            ddl.execute("drop schema if exists " + schema + " cascade");
        }
    }

    @Test
    void aHubWhoseDatabaseStopsAnsweringGivesItsSourcesUpWhileItCannotReachIt() throws Exception {
        SourceLeadershipConfiguration configuration = new SourceLeadershipConfiguration();
        locks = configuration.sourceLockDatabase(new MockEnvironment()
                .withProperty("spring.datasource.url", URL + "?currentSchema=" + schema)
                .withProperty("spring.datasource.username", "postgres")
                .withProperty("syndesmos.broker.url", "tcp://127.0.0.1:61616"));
        DefaultLockRepository repository = configuration.sourceLockRepository(locks);
        repository.afterPropertiesSet();
        repository.afterSingletonsInstantiated();
        SourceLeadership leadership = new SourceLeadership("hub-it", new JdbcLockRegistry(repository),
                SourceLeadershipConfiguration.HEART_BEAT_MILLIS, SourceLeadershipConfiguration.CONFIRM_WITHIN_MILLIS);
        camel.addService(leadership);
        camel.start();
        CamelClusterView inbox = leadership.getView("council-decisions.source.9318");
        leadership.open();
        await("this hub reads the inbox").atMost(Duration.ofSeconds(20)).until(() -> inbox.getLeader().isPresent());

        // The database stops answering this hub's renewals (its lock table held by someone else, as a server that
        // no longer answers): without a bound on the wait the hub would go on reading, unaware, for as long as that
        // lasts, while its lock expires and another hub reads the same inbox.
        try (Connection other = admin().getConnection(); Statement hold = other.createStatement()) {
            other.setAutoCommit(false);
            hold.execute("lock table " + schema + ".syndesmos_lock in access exclusive mode");
            await("the inbox given up while the database does not answer").atMost(Duration.ofSeconds(30))
                    .until(() -> inbox.getLeader().isEmpty());
            other.rollback();
        }
        await("read again once the database answers").atMost(Duration.ofSeconds(30))
                .until(() -> inbox.getLeader().isPresent());
    }

    private static PGSimpleDataSource admin() {
        return MachinePostgres.server();
    }
}
