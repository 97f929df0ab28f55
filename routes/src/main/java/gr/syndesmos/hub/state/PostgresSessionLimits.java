package gr.syndesmos.hub.state;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * What a lost hub's PostgreSQL sessions may hold, and for how long. A hub cut off from the network cannot end its
 * sessions, and PostgreSQL notices a silent client only after hours (the kernel's keep-alive): until then an open
 * transaction keeps its row locks and the region's other hub waits on them. So each session of the hub asks the
 * server to end it when it sits idle in a transaction, or when the hub stops acknowledging what it is sent, within
 * seconds; and the driver gives up on a server that stopped answering instead of waiting for ever.
 *
 * <p>Applied to the state database's pools only when it is PostgreSQL; a setting in {@code SYNDESMOS_DB_URL} (the
 * driver lets the URL win) overrides these, e.g. {@code ?options=} for a pooler that refuses startup options.
 */
public final class PostgresSessionLimits implements BeanPostProcessor {

    /** A transaction of the hub's is a few statements; one idle this long belongs to a hub that is gone. */
    static final int IDLE_IN_TRANSACTION_MILLIS = 30_000;
    /** Unacknowledged data to a client this long: the client is gone (PostgreSQL's tcp_user_timeout). */
    static final int UNACKNOWLEDGED_MILLIS = 20_000;

    /**
     * The main pool: no statement of the hub's takes minutes; one that does waits on a server that is gone. (A long
     * schema migration is the exception: docs/production.md says to lift it for that start.)
     */
    static final int STATEMENT_SOCKET_TIMEOUT_SECONDS = 300;

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && isPostgres(pool.getJdbcUrl())) {
            Properties properties = pool.getDataSourceProperties();
            addTo(properties, STATEMENT_SOCKET_TIMEOUT_SECONDS);
            pool.setDataSourceProperties(properties);
        }
        return bean;
    }

    public static boolean isPostgres(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /**
     * Adds the limits to a PostgreSQL driver's connection properties, where the configuration set none: the driver's
     * own timeouts ({@code socketTimeout} for a statement's answer, in seconds) and the server settings for the
     * session.
     */
    public static void addTo(Properties driver, int socketTimeoutSeconds) {
        driver.putIfAbsent("socketTimeout", String.valueOf(socketTimeoutSeconds));
        driver.putIfAbsent("connectTimeout", "10");
        driver.putIfAbsent("tcpKeepAlive", "true");
        driver.putIfAbsent("options", "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_MILLIS
                + " -c tcp_user_timeout=" + UNACKNOWLEDGED_MILLIS
                + " -c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3");
    }
}
