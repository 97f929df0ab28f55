package gr.syndesmos.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import gr.syndesmos.hub.records.RecordTrail;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What the state store promises on every database it runs on (the embedded H2 and PostgreSQL): the newest version of
 * a record read by its key, never moved back by an older one, carried over from an older store, and records' status
 * set from many threads at once without a collision.
 */
abstract class StateStoreContract {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    /** A new, empty database for one test. */
    protected abstract DataSource freshDatabase() throws Exception;

    private static StateStore store(DataSource database) {
        JdbcTemplate jdbc = new JdbcTemplate(database);
        DataSourceTransactionManager tx = new DataSourceTransactionManager(database);
        return new StateStore(jdbc, tx, new RecordTrail(jdbc));
    }

    private static Flyway flyway(DataSource database, String target) {
        return Flyway.configure().dataSource(database).locations("classpath:db/migration").target(target).load();
    }

    private static StateStore.PublishedVersion version(String id, OffsetDateTime version) {
        return new StateStore.PublishedVersion("council-decision", 1, id, version, "9318", id, "apofaseis.csv", 2);
    }

    @Test
    void theNewestVersionIsReadByKeyAndNeverMovesBack() throws Exception {
        DataSource database = freshDatabase();
        flyway(database, "latest").migrate();
        StateStore store = store(database);

        store.batchPublished(List.of(version("9318-1", T0), version("9318-2", T0)), List.of());
        store.batchPublished(List.of(version("9318-1", T0.plusHours(2))), List.of());
        // An older version published late (a re-dropped old export) leaves the newest in place.
        store.batchPublished(List.of(version("9318-1", T0.plusHours(1))), List.of());

        assertThat(store.latestVersions("council-decision", List.of("9318-1", "9318-2", "9318-3")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("9318-1", T0.plusHours(2), "9318-2", T0))
                .allSatisfy((id, version) -> assertThat(version.toInstant()).isNotNull());
        assertThat(store.latestVersions("sensor-reading", List.of("9318-1"))).isEmpty();
    }

    @Test
    void aLargeBatchIsAnsweredWhole() throws Exception {
        DataSource database = freshDatabase();
        flyway(database, "latest").migrate();
        StateStore store = store(database);
        List<StateStore.PublishedVersion> batch = IntStream.range(0, 1_200)
                .mapToObj(i -> version("9318-" + i, T0.plusMinutes(i))).toList();

        store.batchPublished(batch, List.of());

        Map<String, OffsetDateTime> latest = store.latestVersions("council-decision",
                batch.stream().map(StateStore.PublishedVersion::recordId).toList());
        assertThat(latest).hasSize(1_200);
        assertThat(latest.get("9318-1199").toInstant()).isEqualTo(T0.plusMinutes(1_199).toInstant());
    }

    @Test
    void aStoreFromBeforeTheKeyedTableKeepsItsNewestVersions() throws Exception {
        DataSource database = freshDatabase();
        flyway(database, "5").migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        for (int hour : new int[] {0, 3, 1}) {
            jdbc.update("insert into record_version (record_type, record_id, version, municipality, published_at) "
                    + "values ('council-decision', '9318-7', ?, '9318', ?)", T0.plusHours(hour), T0);
        }

        flyway(database, "latest").migrate();

        assertThat(store(database).latestVersions("council-decision", List.of("9318-7")).get("9318-7").toInstant())
                .isEqualTo(T0.plusHours(3).toInstant());
    }

    @Test
    void aDeliveredRecordIsNotTakenBackByTheOtherDestinationsLateWord() throws Exception {
        DataSource database = freshDatabase();
        flyway(database, "latest").migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        RecordTrail trail = new RecordTrail(jdbc);

        trail.setStatus("council-decision", "9318-5", "9318", "5", T0, "delivered", T0, true);
        trail.setStatus("council-decision", "9318-5", "9318", null, T0, "delivering", T0.plusSeconds(1), true);
        trail.setStatus("council-decision", "9318-5", "9318", null, T0, "skipped", T0.plusSeconds(2), false);

        assertThat(jdbc.queryForMap("select status, legacy_id from record_status where record_id = '9318-5'"))
                .containsEntry("status", "delivered").containsEntry("legacy_id", "5");
        trail.setStatus("council-decision", "9318-5", "9318", null, T0.plusHours(1), "delivering", T0, true);
        assertThat(jdbc.queryForObject("select status from record_status where record_id = '9318-5'",
                String.class)).as("a new version's delivery").isEqualTo("delivering");
        trail.setStatus("council-decision", "9318-6", "9318", "6", null, "skipped", T0, false);
        assertThat(jdbc.queryForObject("select status from record_status where record_id = '9318-6'",
                String.class)).as("a new record's first word").isEqualTo("skipped");
    }

    @Test
    void manyDeliveriesSettingOneRecordsStatusAtOnceNeverCollide() throws Exception {
        DataSource database = freshDatabase();
        flyway(database, "latest").migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        RecordTrail trail = new RecordTrail(jdbc);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int record = 0; record < 20; record++) {
                String id = "9318-race-" + record;
                for (int writer = 0; writer < 8; writer++) {
                    String status = writer % 2 == 0 ? "delivering" : "published";
                    writers.add(() -> {
                        trail.setStatus("council-decision", id, "9318", id, T0, status, T0, true);
                        return null;
                    });
                }
            }
            for (Future<Void> done : threads.invokeAll(writers)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(jdbc.queryForObject("select count(*) from record_status where record_id like '9318-race-%'",
                Integer.class)).isEqualTo(20);
    }
}
