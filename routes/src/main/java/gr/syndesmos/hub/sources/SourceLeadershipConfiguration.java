package gr.syndesmos.hub.sources;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import gr.syndesmos.hub.settings.HubIdentity;
import gr.syndesmos.hub.state.PostgresSessionLimits;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.util.StringUtils;

/**
 * Several hubs of one region ({@code SYNDESMOS_CLUSTER_ENABLED=true}): they share an external broker and a
 * PostgreSQL state database, and each source is read by one of them at a time ({@link SourceLeadership},
 * {@link LeaderOnlyRoutes}). A hub that dies stops renewing its locks: within their time to live (10 s) another hub
 * takes its sources over.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "syndesmos.cluster.enabled", havingValue = "true")
public class SourceLeadershipConfiguration {

    /** How long a dead hub's lock holds its sources; another hub takes them within this and a heartbeat. */
    static final int LOCK_TIME_TO_LIVE_MILLIS = 10_000;
    static final long HEART_BEAT_MILLIS = 2_000;
    /**
     * How long a lock's renewal may wait for the database: a heartbeat, this, and stopping the sources fit in the
     * time to live, so a hub cut off gives its sources up before another takes them.
     */
    static final int LOCK_ANSWER_SECONDS = 4;
    /** A hub that could not renew a lock for this long stops reading its source (before the lock expires). */
    static final long CONFIRM_WITHIN_MILLIS = LOCK_TIME_TO_LIVE_MILLIS - 2 * HEART_BEAT_MILLIS;

    /**
     * The locks' own small pool, with a short answer time: a hub cut off from the database must learn that it can no
     * longer renew its locks, and give its sources up, well before their time to live lets another hub take them.
     * On the main pool a renewal would wait as long as any statement may.
     */
    @Bean(destroyMethod = "close")
    SourceLockDatabase sourceLockDatabase(Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        if (!StringUtils.hasText(environment.getProperty("syndesmos.broker.url")) || !PostgresSessionLimits.isPostgres(url)) {
            throw new IllegalStateException("SYNDESMOS_CLUSTER_ENABLED=true: the hubs of a region must share an external "
                    + "broker (SYNDESMOS_BROKER_URL) and a PostgreSQL state database (SYNDESMOS_DB_URL); "
                    + (PostgresSessionLimits.isPostgres(url) ? "this hub runs its own broker"
                    : "this hub's state database is " + (url.startsWith("jdbc:h2:") ? "its own H2 file" : url))
                    + " (docs/production.md, \"Two hubs\")");
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("syndesmos-source-locks");
        pool.setJdbcUrl(url);
        pool.setUsername(environment.getProperty("spring.datasource.username"));
        pool.setPassword(environment.getProperty("spring.datasource.password"));
        pool.setMaximumPoolSize(2);
        // The state database is checked at start by the main pool (Flyway); this one connects when first asked.
        pool.setInitializationFailTimeout(-1);
        pool.setConnectionTimeout(LOCK_ANSWER_SECONDS * 1000L);
        pool.setValidationTimeout(Math.min(LOCK_ANSWER_SECONDS * 1000L, 2_000));
        Properties driver = new Properties();
        PostgresSessionLimits.addTo(driver, LOCK_ANSWER_SECONDS);
        driver.setProperty("connectTimeout", String.valueOf(LOCK_ANSWER_SECONDS));
        pool.setDataSourceProperties(driver);
        return new SourceLockDatabase(new HikariDataSource(pool));
    }

    @Bean
    DefaultLockRepository sourceLockRepository(SourceLockDatabase sourceLockDatabase) {
        DataSource dataSource = sourceLockDatabase.dataSource();
        DefaultLockRepository repository = new DefaultLockRepository(dataSource, UUID.randomUUID().toString());
        repository.setPrefix("SYNDESMOS_");
        repository.setRegion("sources");
        repository.setTimeToLive(LOCK_TIME_TO_LIVE_MILLIS);
        repository.setTransactionManager(new DataSourceTransactionManager(dataSource));
        return repository;
    }

    /** The locks' pool; not a {@link DataSource} bean, which would stand in for the state database's. */
    record SourceLockDatabase(HikariDataSource dataSource) implements AutoCloseable {
        @Override
        public void close() {
            dataSource.close();
        }
    }

    @Bean
    SourceLeadership sourceLeadership(DefaultLockRepository sourceLockRepository, HubIdentity hub) {
        return new SourceLeadership(hub.id(), new JdbcLockRegistry(sourceLockRepository), HEART_BEAT_MILLIS,
                CONFIRM_WITHIN_MILLIS);
    }

    @Bean
    CamelContextConfiguration sourceLeadershipInCamel(SourceLeadership leadership) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                try {
                    camel.addService(leadership);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                camel.addRoutePolicyFactory(new LeaderOnlyRoutes());
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // Nothing: the leadership opens once the broker answers (ExternalBrokerGate).
            }
        };
    }
}
