package gr.syndesmos.hub.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import gr.syndesmos.hub.support.MachinePostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The state database's sessions on PostgreSQL end themselves when their hub is gone: the limits reach the server,
 * a setting in the URL wins over them, and a session left idle in a transaction loses its row locks to the region's
 * other hub. The machine's server (127.0.0.1:5432, database {@code test}); skipped with a message when it is absent,
 * and failing instead under {@code CI=true}.
 */
class PostgresSessionLimitsIT {

    private static final String URL = MachinePostgres.URL;

    @Test
    void theHubsSessionsCarryTheLimits() throws Exception {
        try (HikariDataSource pool = pool(URL); Connection session = connect(pool)) {
            assertThat(show(session, "idle_in_transaction_session_timeout")).isEqualTo("30s");
            assertThat(show(session, "tcp_user_timeout")).isEqualTo("20000");
            assertThat(show(session, "tcp_keepalives_idle")).isEqualTo("10");
        }
    }

    @Test
    void anIdleTransactionOfALostHubReleasesItsRowLocks() throws Exception {
        String table = "limits_it_" + UUID.randomUUID().toString().replace("-", "");
        // The URL's own setting wins: one second instead of thirty, for the test.
        try (HikariDataSource lost = pool(URL + "?options=-c%20idle_in_transaction_session_timeout%3D1000");
                HikariDataSource other = pool(URL);
                Connection otherHub = connect(other);
                Statement sql = otherHub.createStatement()) {
            assertThat(show(connect(lost), "idle_in_transaction_session_timeout")).isEqualTo("1s");
            sql.execute("create table " + table + " (id int primary key, status varchar(16))");
            sql.execute("insert into " + table + " values (1, 'delivering')");
            try (Connection lostHub = lost.getConnection(); Statement held = lostHub.createStatement()) {
                lostHub.setAutoCommit(false);
                held.execute("update " + table + " set status = 'lost' where id = 1");
                // The lost hub says nothing more; the other hub's update waits for the lock, then gets it.
                assertThat(sql.executeUpdate("update " + table + " set status = 'delivered' where id = 1"))
                        .isEqualTo(1);
                assertThatThrownBy(() -> held.execute("select 1")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("idle-in-transaction timeout");
            } finally {
                sql.execute("drop table " + table);
            }
        }
    }

    @Test
    void otherDatabasesAreLeftAsConfigured() {
        try (HikariDataSource h2 = new HikariDataSource()) {
            h2.setJdbcUrl("jdbc:h2:mem:limits");
            new PostgresSessionLimits().postProcessAfterInitialization(h2, "dataSource");
            assertThat(h2.getDataSourceProperties()).isEmpty();
        }
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(MachinePostgres.USER);
        pool.setMaximumPoolSize(2);
        pool.setInitializationFailTimeout(-1);
        pool.setConnectionTimeout(5_000);
        return (HikariDataSource) new PostgresSessionLimits().postProcessAfterInitialization(pool, "dataSource");
    }

    private static Connection connect(HikariDataSource pool) throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException absent) {
            throw MachinePostgres.absent(absent);
        }
    }

    private static String show(Connection session, String setting) throws SQLException {
        try (Statement sql = session.createStatement(); ResultSet value = sql.executeQuery("show " + setting)) {
            value.next();
            return value.getString(1);
        }
    }
}
