package gr.syndesmos.hub.sources;

import java.net.InetAddress;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
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

    @Bean
    DefaultLockRepository sourceLockRepository(DataSource dataSource, Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        if (!StringUtils.hasText(environment.getProperty("syndesmos.broker.url")) || url.startsWith("jdbc:h2:")) {
            throw new IllegalStateException("SYNDESMOS_CLUSTER_ENABLED=true: the hubs of a region must share an external "
                    + "broker (SYNDESMOS_BROKER_URL) and a PostgreSQL state database (SYNDESMOS_DB_URL); "
                    + (url.startsWith("jdbc:h2:") ? "this hub's state database is its own H2 file" : "this hub runs its "
                    + "own broker") + " (docs/production.md, \"Two hubs\")");
        }
        DefaultLockRepository repository = new DefaultLockRepository(dataSource, UUID.randomUUID().toString());
        repository.setPrefix("SYNDESMOS_");
        repository.setRegion("sources");
        repository.setTimeToLive(LOCK_TIME_TO_LIVE_MILLIS);
        repository.setTransactionManager(new DataSourceTransactionManager(dataSource));
        return repository;
    }

    @Bean
    SourceLeadership sourceLeadership(DefaultLockRepository sourceLockRepository,
            @Value("${syndesmos.cluster.hub-id:}") String hubId) throws Exception {
        String id = StringUtils.hasText(hubId) ? hubId
                : InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        return new SourceLeadership(id, new JdbcLockRegistry(sourceLockRepository), HEART_BEAT_MILLIS);
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
