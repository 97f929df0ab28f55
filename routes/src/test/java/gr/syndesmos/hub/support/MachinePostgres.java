package gr.syndesmos.hub.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, database {@code test}, trust authentication), for the tests of what the
 * hub does on the region's production state database. A test skips with a message when it is absent, and fails
 * instead under {@code CI=true}.
 */
public final class MachinePostgres {

    public static final String URL = System.getProperty("syndesmos.it.postgresql",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getProperty("syndesmos.it.postgresql.user", "postgres");

    private MachinePostgres() {
    }

    /** The server, as its administrator. */
    public static PGSimpleDataSource server() {
        PGSimpleDataSource server = new PGSimpleDataSource();
        server.setURL(URL);
        server.setUser(USER);
        server.setConnectTimeout(5);
        return server;
    }

    /** Skips the test (fails it under CI) because the server could not be reached; returns to rethrow. */
    public static SQLException absent(SQLException unreachable) {
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("PostgreSQL at " + URL + " is needed: on CI this test must run",
                    unreachable);
        }
        assumeTrue(false, "PostgreSQL at " + URL + " is not reachable (" + unreachable.getMessage()
                + "); start it to run this test");
        return unreachable;
    }
}
