package gr.syndesmos.connectors.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The connection pools of the connectors that talk to a municipality's own database. */
public final class JdbcPools {

    private JdbcPools() {
    }

    /**
     * A small pool that opens nothing until it is first used, so that the hub starts whether or not the
     * municipality's database is up, and that waits at most {@code connectionTimeoutMillis} for a connection, so that
     * a database that is down or a pool in use answers in bounded time.
     *
     * @param driverProperties the JDBC driver's own settings (PostgreSQL's {@code connectTimeout}, …)
     */
    public static HikariDataSource open(String name, String jdbcUrl, String user, String password,
            int maxConnections, long connectionTimeoutMillis, java.util.Map<String, String> driverProperties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password == null || password.isEmpty() ? null : password);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(connectionTimeoutMillis);
        config.setValidationTimeout(Math.min(1_000, connectionTimeoutMillis));
        config.setInitializationFailTimeout(-1);
        config.setPoolName(name);
        driverProperties.forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }
}
