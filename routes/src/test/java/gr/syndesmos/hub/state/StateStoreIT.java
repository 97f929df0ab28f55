package gr.syndesmos.hub.state;

import gr.syndesmos.hub.support.MachinePostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The state store's promises on PostgreSQL, the region's production state database: the machine's server
 * (127.0.0.1:5432, database {@code test}), one new schema per test, dropped after it. Skipped with a message when the server is absent;
 * under {@code CI=true} it fails instead.
 */
class StateStoreIT extends StateStoreContract {

    private static final String URL = MachinePostgres.URL;

    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() throws SQLException {
        for (String schema : schemas) {
            try (Connection connection = server().getConnection(); Statement ddl = connection.createStatement()) {
                ddl.execute("drop schema " + schema + " cascade");
            }
        }
    }

    private static PGSimpleDataSource server() {
        return MachinePostgres.server();
    }

    @Override
    protected DataSource freshDatabase() throws SQLException {
        PGSimpleDataSource server = server();
        String schema = "state_it_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = server.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("create schema " + schema);
            schemas.add(schema);
        } catch (SQLException absent) {
            throw MachinePostgres.absent(absent);
        }
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(URL);
        database.setUser(server.getUser());
        database.setCurrentSchema(schema);
        return database;
    }
}
