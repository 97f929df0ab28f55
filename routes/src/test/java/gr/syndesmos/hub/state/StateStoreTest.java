package gr.syndesmos.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The state store's promises on the embedded H2 database the hub uses by default. */
class StateStoreTest extends StateStoreContract {

    @Override
    protected DataSource freshDatabase() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        return database;
    }

    /**
     * Ingest's question for a batch (the newest version of 500 records), as {@link StateStore#latestVersions} asks
     * it, is answered from an index, not by reading the whole table: H2 looks an IN list up only in an index that
     * starts with that column, and only when no other condition looks cheaper.
     */
    @Test
    void theNewestVersionsOfABatchAreLookedUpInAnIndex() {
        DataSource database = freshDatabase();
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        jdbc.update("insert into record_latest (record_type, record_id, version) select 'council-decision', "
                + "'9318-council-decision-2019-' || x, timestamp with time zone '2019-06-01 09:00:00+00' "
                + "from system_range(1, 5000)");
        jdbc.execute("analyze");

        String plan = jdbc.queryForObject("explain " + StateStore.latestVersionsQuery(2), String.class,
                "9318-council-decision-2019-1", "9318-council-decision-2019-2");

        assertThat(plan).containsIgnoringCase("RECORD_LATEST_BY_ID: RECORD_ID IN(")
                .doesNotContainIgnoringCase("PRIMARY_KEY");
    }
}
