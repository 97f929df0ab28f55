package gr.syndesmos.connectors.db;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code db-poll} against the machine's real PostgreSQL and MariaDB (each test on its own table), with a loopback
 * proxy in front of the server where a test makes the server stop or slow down.
 */
class DbPollKameletIT {

    private final InMemoryWatermarkStore store = new InMemoryWatermarkStore();
    private final List<AutoCloseable> cleanUp = new ArrayList<>();
    private TestDatabase database;
    private String table;

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).close();
        }
        if (database != null) {
            database.dropTable(table);
        }
    }

    private String table(TestDatabase db, String watermarkType) throws Exception {
        db.assumeRunning();
        database = db;
        table = db.createTable(watermarkType);
        return table;
    }

    private void insertRange(String watermarkType, long fromId, long toId) throws Exception {
        for (long id = fromId; id <= toId; id++) {
            database.insert(table, watermarkType, id, id);
        }
    }

    private Map<String, Object> parameters(int port, int batchSize) {
        Map<String, Object> p = new HashMap<>();
        p.put("jdbcUrl", database.url(port));
        p.put("username", database.user);
        p.put("password", "");
        p.put("table", table);
        p.put("watermarkColumn", "changed_at");
        p.put("keyColumn", "id");
        p.put("batchSize", String.valueOf(batchSize));
        return p;
    }

    private PollingHub hub() {
        PollingHub hub = new PollingHub(store);
        cleanUp.add(hub);
        return hub;
    }

    private static List<Long> ids(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deliversEveryRowOnceInWatermarkOrderAndSavesTheLastRowsWatermark(TestDatabase db) throws Exception {
        String type = db.defaultTimestampType;
        table(db, type);
        insertRange(type, 1, 7);

        PollingHub hub = hub().start(parameters(db.port, 3));

        await().atMost(20, SECONDS).until(() -> hub.acceptedIds().size() >= 7);
        assertThat(hub.acceptedIds()).containsExactlyElementsOf(ids(1, 7));
        assertThat(hub.accepted).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(hub.accepted.get(0).get(0)).containsKeys("id", "changed_at", "title").containsEntry("title", "Απόφαση 1");
        assertThat(hub.sources).containsOnly("test:" + table);
        Watermark saved = store.saved.get(PollingHub.WATERMARK_NAME);
        assertThat(saved.key()).isEqualTo("7");
        assertThat(saved.value()).startsWith("2026-11-20T23:00:00.000007");

        if (db == TestDatabase.POSTGRESQL) {
            assertThat(openPollConnections()).as("the source keeps its connection between polls").isPositive();
        }
        hub.close();
        if (db == TestDatabase.POSTGRESQL) {
            await("the source's pool is closed with its route").atMost(20, SECONDS).until(() -> openPollConnections() == 0);
        }
    }

    private long openPollConnections() throws Exception {
        try (var c = database.connect(); var s = c.createStatement();
             var r = s.executeQuery("select count(*) from pg_stat_activity where application_name = 'syndesmos db-poll "
                     + PollingHub.WATERMARK_NAME + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Rows stamped within the lag are left for a later poll (a late-committing transaction may still add older ones). */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void rowsYoungerThanTheLagWait(TestDatabase db) throws Exception {
        String type = db.defaultTimestampType;
        table(db, type);
        insertRange(type, 1, 2); // stamped on 2026-11-20, hours ago
        try (var c = database.connect();
             var p = c.prepareStatement("insert into " + table + " (id, changed_at, title) values (3, current_timestamp, 'now')")) {
            p.executeUpdate();
        }
        Map<String, Object> parameters = parameters(db.port, 10);
        parameters.put("lagSeconds", "3600");

        PollingHub hub = hub().start(parameters);
        await().atMost(20, SECONDS).until(() -> hub.acceptedIds().size() >= 2);
        NotifyBuilder morePolls = new NotifyBuilder(hub.context).whenDone(3).create();
        assertThat(morePolls.matches(20, SECONDS)).isTrue();

        assertThat(hub.acceptedIds()).containsExactly(1L, 2L);
    }

    static Stream<Arguments> watermarkTypes() {
        return Stream.of(
                Arguments.of(TestDatabase.POSTGRESQL, "timestamptz", "2026-11-20T23:00:00.000003Z"),
                Arguments.of(TestDatabase.POSTGRESQL, "timestamp(6)", "2026-11-20T23:00:00.000003"),
                Arguments.of(TestDatabase.POSTGRESQL, "bigint", "1003"),
                Arguments.of(TestDatabase.MARIADB, "datetime(6)", "2026-11-20T23:00:00.000003"),
                Arguments.of(TestDatabase.MARIADB, "timestamp(6) null", "2026-11-20T23:00:00.000003"),
                Arguments.of(TestDatabase.MARIADB, "bigint", "1003"));
    }

    /** Batches of one row: every watermark goes through the store as a string and is bound back as its column's type. */
    @ParameterizedTest
    @MethodSource("watermarkTypes")
    void everyWatermarkTypeRoundTripsThroughTheStore(TestDatabase db, String type, String thirdWatermark) throws Exception {
        table(db, type);
        insertRange(type, 1, 5);
        List<String> savedAfterEachBatch = new ArrayList<>();

        PollingHub hub = hub().afterEachAccepted(() -> { });
        hub.start(parameters(db.port, 1));
        await().atMost(20, SECONDS).until(() -> hub.acceptedIds().size() >= 5);
        savedAfterEachBatch.add(store.saved.get(PollingHub.WATERMARK_NAME).value());

        assertThat(hub.acceptedIds()).containsExactlyElementsOf(ids(1, 5));
        // Restarted from a watermark written as text: nothing is read twice.
        hub.close();
        store.saved.put(PollingHub.WATERMARK_NAME, new Watermark(thirdWatermark, "3"));
        PollingHub again = hub().start(parameters(db.port, 1));
        await().atMost(20, SECONDS).until(() -> again.acceptedIds().size() >= 2);
        assertThat(again.acceptedIds()).containsExactly(4L, 5L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void rowsSharingAWatermarkAcrossABatchBoundaryAreNeitherLostNorDoubled(TestDatabase db) throws Exception {
        String type = db.defaultTimestampType;
        table(db, type);
        database.insert(table, type, 1, 1);
        for (long id = 2; id <= 6; id++) {
            database.insert(table, type, id, 2); // five rows, one watermark, spread over three batches of two
        }
        database.insert(table, type, 7, 3);

        PollingHub hub = hub().start(parameters(db.port, 2));

        await().atMost(20, SECONDS).until(() -> hub.acceptedIds().size() >= 7);
        assertThat(hub.acceptedIds()).containsExactlyElementsOf(ids(1, 7));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRestartInTheMiddleGoesOnFromTheSavedWatermark(TestDatabase db) throws Exception {
        String type = db.defaultTimestampType;
        table(db, type);
        insertRange(type, 1, 30);

        PollingHub first = hub();
        first.afterEachAccepted(() -> {
            if (first.accepted.size() == 2) {
                // The hub is shut down while it drains the table (a graceful stop lets the batch in hand finish).
                // This batch waits until the shutdown has begun: otherwise the poller could drain the whole table
                // before the closing thread gets going.
                new Thread(first::close).start();
                await().atMost(10, SECONDS).until(() -> first.context.isStopping() || first.context.isStopped());
            }
        }).start(parameters(db.port, 3));
        await().atMost(30, SECONDS).until(() -> first.context.getStatus() == ServiceStatus.Stopped);
        List<Long> beforeRestart = first.acceptedIds();
        assertThat(beforeRestart).hasSizeLessThan(30).startsWith(1L, 2L, 3L, 4L, 5L, 6L);

        PollingHub second = hub().start(parameters(db.port, 3));
        await().atMost(20, SECONDS).until(() -> beforeRestart.size() + second.acceptedIds().size() >= 30);

        List<Long> all = new ArrayList<>(beforeRestart);
        all.addAll(second.acceptedIds());
        assertThat(all).as("every row once, in order, across the restart").containsExactlyElementsOf(ids(1, 30));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBatchTheHandlerRefusedComesAgainAndNothingIsLost(TestDatabase db) throws Exception {
        String type = db.defaultTimestampType;
        table(db, type);
        insertRange(type, 1, 7);

        PollingHub hub = hub().failingOn(call -> call == 2).start(parameters(db.port, 3));

        await().atMost(20, SECONDS).until(() -> hub.acceptedIds().size() >= 7);
        assertThat(hub.acceptedIds()).containsExactlyElementsOf(ids(1, 7));
        assertThat(hub.calls.get()).as("the refused batch was offered a second time").isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void rowsWrittenWhileItPollsArePickedUp(TestDatabase db) throws Exception {
        String type = db.defaultTimestampType;
        table(db, type);
        insertRange(type, 1, 2);
        PollingHub hub = hub().start(parameters(db.port, 500));
        await().atMost(20, SECONDS).until(() -> hub.acceptedIds().size() >= 2);

        insertRange(type, 3, 5);

        await().atMost(20, SECONDS).until(() -> hub.acceptedIds().size() >= 5);
        assertThat(hub.acceptedIds()).containsExactlyElementsOf(ids(1, 5));
    }

    /**
     * MariaDB refuses root with a wrong password. PostgreSQL here trusts every local connection (a wrong password is
     * accepted), so its refusal is tested with a role that does not exist.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void refusedCredentialsAreReportedClearlyWithoutThePasswordAndRetried(TestDatabase db) throws Exception {
        String type = db.defaultTimestampType;
        table(db, type);
        insertRange(type, 1, 3);
        Map<String, Object> parameters = parameters(db.port, 10);
        String user = db == TestDatabase.POSTGRESQL ? "syndesmos_no_such_role" : "root";
        String password = "Wr0ng-Pa55word-" + table;
        parameters.put("username", user);
        parameters.put("password", password);
        parameters.put("connectTimeoutSeconds", "2");

        try (LogCapture log = LogCapture.of(DbRowQuery.class)) {
            PollingHub hub = hub().start(parameters);

            await().atMost(30, SECONDS).until(() -> log.all().stream().anyMatch(m -> m.contains("(attempt 2)")));
            assertThat(log.messages(Level.DEBUG)).as("a failure that persists is repeated below WARN")
                    .anyMatch(m -> m.contains("(attempt 2)"));
            String warning = log.messages(Level.WARN).get(0);
            assertThat(warning).contains("127.0.0.1:" + db.port, "database 'test'", "user '" + user + "'",
                    "Nothing was read", "the beginning");
            assertThat(warning).containsAnyOf("does not exist", "Access denied");
            assertThat(log.all()).noneMatch(m -> m.contains(password));
            assertThat(hub.calls.get()).isZero();
            assertThat(store.saved).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aStoppedServerIsReportedAndEveryRowArrivesOnceWhenItIsBack(TestDatabase db) throws Exception {
        String type = db.defaultTimestampType;
        table(db, type);
        LoopbackTcpProxy proxy = LoopbackTcpProxy.to("127.0.0.1", db.port);
        cleanUp.add(proxy);
        insertRange(type, 1, 5);
        Map<String, Object> parameters = parameters(proxy.port(), 3);
        parameters.put("connectTimeoutSeconds", "2");

        try (LogCapture log = LogCapture.of(DbRowQuery.class)) {
            PollingHub hub = hub().start(parameters);
            await().atMost(20, SECONDS).until(() -> hub.acceptedIds().size() >= 5);

            proxy.stop();
            insertRange(type, 6, 10);
            await().atMost(30, SECONDS).until(() -> !log.messages(Level.WARN).isEmpty());
            assertThat(log.messages(Level.WARN).get(0)).contains("127.0.0.1:" + proxy.port(), "database 'test'",
                    "user '" + db.user + "'", "watermark stays at Watermark[");
            assertThat(store.saved.get(PollingHub.WATERMARK_NAME).key()).isEqualTo("5");

            proxy.restart();
            await().atMost(30, SECONDS).until(() -> hub.acceptedIds().size() >= 10);
            assertThat(hub.acceptedIds()).containsExactlyElementsOf(ids(1, 10));
            await().atMost(10, SECONDS).until(() -> log.messages(Level.INFO).stream().anyMatch(m -> m.contains("answers again")));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aServerTooSlowToAnswerIsReportedAndRetriedUntilItAnswers(TestDatabase db) throws Exception {
        String type = db.defaultTimestampType;
        table(db, type);
        LoopbackTcpProxy proxy = LoopbackTcpProxy.to("127.0.0.1", db.port);
        cleanUp.add(proxy);
        insertRange(type, 1, 3);
        Map<String, Object> parameters = parameters(proxy.port(), 3);
        parameters.put("queryTimeoutSeconds", "1");
        parameters.put("connectTimeoutSeconds", "1");

        try (LogCapture log = LogCapture.of(DbRowQuery.class)) {
            PollingHub hub = hub().start(parameters);
            await().atMost(20, SECONDS).until(() -> hub.acceptedIds().size() >= 3);

            proxy.delayEachChunk(2500); // one round trip now takes longer than query and socket timeouts allow
            insertRange(type, 4, 6);
            await().atMost(60, SECONDS).until(() -> !log.messages(Level.WARN).isEmpty());
            assertThat(log.messages(Level.WARN).get(0)).contains("127.0.0.1:" + proxy.port(), "database 'test'");

            proxy.delayEachChunk(0);
            await().atMost(60, SECONDS).until(() -> hub.acceptedIds().size() >= 6);
            assertThat(hub.acceptedIds()).containsExactlyElementsOf(ids(1, 6));
        }
    }
}
