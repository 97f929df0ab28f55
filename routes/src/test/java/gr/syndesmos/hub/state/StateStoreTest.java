package gr.syndesmos.hub.state;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The state store's promises on the embedded H2 database the hub uses by default. */
class StateStoreTest extends StateStoreContract {

    @Override
    protected DataSource freshDatabase() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        return database;
    }
}
