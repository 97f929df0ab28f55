package gr.syndesmos.tests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust), dropped at the end. A
 * test that needs it skips with a message where PostgreSQL is absent, and fails instead under {@code CI=true}.
 */
final class PostgresDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    static PostgresDatabase create(String prefix) throws SQLException {
        String name = prefix + "_" + Long.toHexString(System.nanoTime());
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException absent) {
            String message = "PostgreSQL is not reachable at 127.0.0.1:5432 (" + absent.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + "; under CI=true this test must run", absent);
            }
            Assumptions.abort(message + "; skipping");
        }
        return new PostgresDatabase(name);
    }

    /** The hub's settings for this database. */
    Map<String, String> hubEnv() {
        return HubProcess.env("SYNDESMOS_DB_URL", SERVER + name, "SYNDESMOS_DB_USER", "postgres",
                "SYNDESMOS_DB_PASSWORD", "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
