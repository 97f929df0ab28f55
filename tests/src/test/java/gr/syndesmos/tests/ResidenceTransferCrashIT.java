package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarantee of residence transfers across a {@code kill -9}: the hub is stopped dead at each moment the contract's
 * crash table names (after reading a registry's message and before journaling it; after journaling, before
 * forwarding; after forwarding, before the journal knows; after writing to a registry, before the broker is
 * acknowledged; a registry after committing its records, before its answer leaves), started again on the same data,
 * and the transfer of the samples' T01 (Chania asks Agios Nikolaos) must complete. While it runs, both registries are
 * read every 50 ms: the person is registered in exactly one municipality at every observed moment. Afterwards every
 * message was journaled once and applied once by each registry. Chania's database also drops the hub's connections
 * once, mid-exchange, as a restart of its server would.
 */
class ResidenceTransferCrashIT {

    private static final Path SAMPLES = Path.of(System.getProperty("syndesmos.samples", "../samples"))
            .resolve("residence-transfer");
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String CHANIA = "syndesmos_standin_9325";
    private static final String EXCHANGE = "9325:MT-2026-000101";
    private static final String AMKA = "14078458305";
    private static final Charset ISO_8859_7 = Charset.forName("ISO-8859-7");

    @TempDir
    Path work;
    private HubProcess hub;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> observed = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws Exception {
        watcher.shutdownNow();
        if (hub != null) {
            hub.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"transfer-after-read", "transfer-after-journal", "transfer-after-forward",
        "transfer-after-delivery", "registry-after-commit"})
    void theTransferCompletesAndThePersonIsAlwaysRegisteredOnce(String crashAt) throws Exception {
        Path config = work.resolve("config");
        Files.createDirectories(config.resolve("municipalities"));
        Files.createDirectories(config.resolve("flows"));
        for (String code : List.of("9325", "9310")) {
            Files.copy(Path.of("src/test/resources/transfers/municipalities", code + ".yml"),
                    config.resolve("municipalities").resolve(code + ".yml"));
        }
        // Overdue within seconds, so that a registry's lost answer is asked for again during the test.
        Files.writeString(config.resolve("flows/residence-transfers.flow.yml"), """
                name: residence-transfers
                description: Residence transfers, overdue within seconds for the crash test
                pattern: conversation
                conversation:
                  overdueAfter: PT15S
                  stalledAfter: PT1H
                """);
        try (Connection admin = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + CHANIA + " WITH (FORCE)");
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI")) || e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
                throw e;
            }
            Assumptions.abort("PostgreSQL is not reachable (" + e.getMessage() + "): skipping the crash test");
        }
        Path data = work.resolve("data");
        hub = new HubProcess(data, HubProcess.env("SYNDESMOS_CRASH_AT", crashAt,
                "SYNDESMOS_SANDBOX_TRANSFER_FILES_EVERY", "PT0.3S", "SYNDESMOS_TRANSFERS_CHECK_EVERY", "PT2S"))
                .withConfigDir(config).start();
        watcher.scheduleWithFixedDelay(() -> observe(data), 0, 50, TimeUnit.MILLISECONDS);

        try (Connection chania = DriverManager.getConnection(POSTGRES + CHANIA, "postgres", null);
                Statement sql = chania.createStatement()) {
            sql.execute(Files.readString(SAMPLES.resolve("requests/T01/hub_exerxomena.sql")));
        }
        await("the hub to stop dead at " + crashAt).atMost(Duration.ofSeconds(60)).until(hub::ended);

        hub = new HubProcess(data, HubProcess.env("SYNDESMOS_SANDBOX_TRANSFER_FILES_EVERY", "PT0.3S",
                "SYNDESMOS_TRANSFERS_CHECK_EVERY", "PT2S")).withConfigDir(config).start();
        await("the registry's database drops the hub's connections once").atMost(Duration.ofSeconds(30))
                .until(() -> !"REQUESTED".equals(state()));
        try (Connection admin = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                Statement sql = admin.createStatement()) {
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'hub_sync'");
        }
        await("the transfer completes after the crash").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).until(() -> "COMPLETED".equals(state()));
        await("both registries at rest").atMost(Duration.ofSeconds(30)).until(() -> pendingAtChania() == 0);

        assertThat(violations).as("moments when the person was not registered exactly once (of %d observed)",
                observed.size()).isEmpty();
        assertThat(observed).as("the watch saw the transfer move").contains("9310 X, 9325 ΕΝΕΡΓΟΣ");
        JsonNode exchange = hub.get("/api/transfers/9325/" + EXCHANGE);
        assertThat(exchange.path("messages").findValuesAsText("type")).as("each message journaled once")
                .containsExactly("TRANSFER_REQUESTED", "TRANSFER_CONFIRMED", "TRANSFER_REGISTERED",
                        "TRANSFER_RELEASED", "TRANSFER_COMPLETED");
        try (Connection chania = DriverManager.getConnection(POSTGRES + CHANIA, "postgres", null);
                Statement sql = chania.createStatement()) {
            assertThat(column(sql, "SELECT typos FROM dimotologio.hub_eiserxomena WHERE exchange_id = '" + EXCHANGE
                    + "' ORDER BY id")).as("delivered to Chania once each, in order")
                    .containsExactly("ΕΠΙΒΕΒΑΙΩΣΗ", "ΑΠΟΔΕΣΜΕΥΣΗ");
            assertThat(column(sql, "SELECT typos FROM dimotologio.hub_exerxomena WHERE exchange_id = '" + EXCHANGE
                    + "' ORDER BY id")).as("Chania applied each message once")
                    .containsExactly("ΑΙΤΗΜΑ", "ΕΓΓΡΑΦΗ", "ΟΛΟΚΛΗΡΩΣΗ");
            assertThat(column(sql, "SELECT merida FROM dimotologio.dimotes WHERE amka = '" + AMKA + "'"))
                    .as("one new share at Chania").containsExactly("30001");
        }
    }

    private String state() {
        try {
            return hub.get("/api/transfers/9325/" + EXCHANGE).path("state").asText();
        } catch (Exception notYet) {
            return null;
        }
    }

    /** Who holds the registration now: Agios Nikolaos until it released it, Chania from then on. */
    private void observe(Path data) {
        try {
            String chania = null;
            try (Connection c = DriverManager.getConnection(POSTGRES + CHANIA, "postgres", null);
                    Statement sql = c.createStatement();
                    ResultSet row = sql.executeQuery("SELECT katastasi FROM dimotologio.dimotes WHERE amka = '"
                            + AMKA + "'")) {
                chania = row.next() ? row.getString(1) : null;
            }
            String agiosNikolaos = null;
            for (String line : Files.readString(data.resolve("sandbox/transfer-registry/9310/DHMOTES.TXT"),
                    ISO_8859_7).split("\r\n")) {
                if (line.startsWith(AMKA)) {
                    agiosNikolaos = line.substring(158, 159);
                }
            }
            int holders = ("E".equals(agiosNikolaos) || "M".equals(agiosNikolaos) ? 1 : 0)
                    + ("ΕΝΕΡΓΟΣ".equals(chania) || "X".equals(agiosNikolaos) && "ΕΚΚΡΕΜΗΣ ΕΓΓΡΑΦΗ".equals(chania)
                            ? 1 : 0);
            String moment = "9310 " + agiosNikolaos + ", 9325 " + chania;
            observed.add(moment);
            if (holders != 1) {
                violations.add(moment);
            }
        } catch (Exception notThereYet) {
            // The stand-ins are being made, or the master file is being replaced: nothing observable.
        }
    }

    private long pendingAtChania() throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES + CHANIA, "postgres", null);
                Statement sql = c.createStatement();
                ResultSet rs = sql.executeQuery("SELECT (SELECT count(*) FROM dimotologio.hub_exerxomena WHERE "
                        + "paralifthike IS NULL) + (SELECT count(*) FROM dimotologio.hub_eiserxomena WHERE "
                        + "epexergastike IS NULL)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> column(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
