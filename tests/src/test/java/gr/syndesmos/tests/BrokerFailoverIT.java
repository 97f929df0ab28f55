package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The region's broker as a replicated primary/backup pair from the Artemis distribution, each with the broker.xml the
 * hub's {@code broker-config} writes for its role, TLS between everyone. The primary is killed with SIGKILL in the
 * middle of a 20,000-row export: the backup becomes active, the hub's connections follow it ({@code ha=true}), and
 * every decision reaches both destinations. The transparency portal publishes each exactly once; at the regional
 * platform only records in flight may repeat, identical. Nothing is left forgotten on the backup, and none on the
 * primary either once it is started again and has taken its place back.
 */
class BrokerFailoverIT {

    private static final int ROWS = 20_000;

    @TempDir
    Path work;

    @Test
    void thePrimaryKilledMidExportTheBackupTakesOverAndEveryRecordArrives() throws Exception {
        ArtemisBroker.TestKeys keys = ArtemisBroker.TestKeys.generate(work);
        int primaryPort = HubProcess.freePort();
        int backupPort = HubProcess.freePort();
        Path export = work.resolve("apofaseis_20270115_0100.csv");
        RecordingDestinations.writeExport(export, ROWS);
        try (RecordingDestinations destinations = new RecordingDestinations();
             ArtemisBroker primary = ArtemisBroker.create(work, "primary", "primary", primaryPort, backupPort, null,
                     keys, Map.of(), Map.of());
             ArtemisBroker backup = ArtemisBroker.create(work, "backup", "backup", backupPort, primaryPort, null,
                     keys, Map.of(), Map.of())) {
            primary.start().awaitReady();
            backup.start().awaitReady();
            Map<String, String> env = new HashMap<>(destinations.env());
            env.putAll(HubProcess.env("SYNDESMOS_BROKER_URL", "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:"
                            + backupPort + ")?ha=true&reconnectAttempts=-1&" + keys.clientParameters(),
                    "SYNDESMOS_BROKER_USER", ArtemisBroker.HUB_USER,
                    "SYNDESMOS_BROKER_PASSWORD", ArtemisBroker.HUB_PASSWORD));
            try (HubProcess hub = new HubProcess(work.resolve("data"), env).start()) {
                hub.drop(export, "9318");
                await("deliveries under way").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                        .until(() -> destinations.regional().size() > 500);
                primary.kill();
                boolean exportUnfinished = Files.exists(hub.inbox("9318").resolve(export.getFileName()));
                int deliveredBeforeTheKill = destinations.regional().size();
                assertThat(deliveredBeforeTheKill).as("killed in the middle").isLessThan(ROWS);

                await("the backup active").atMost(Duration.ofSeconds(60)).until(() -> backup.logContains("AMQ221007"));
                await("every decision at the regional platform").atMost(Duration.ofSeconds(300))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> destinations.distinctIds() == ROWS);
                await("every decision on the portal").atMost(Duration.ofSeconds(300))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> destinations.published() == ROWS);
                assertThat(hub.inbox("9318").resolve("done").resolve(export.getFileName())).exists();
                assertThat(hub.status("/actuator/health")).as("the hub on the backup").isEqualTo(200);
                await("nothing left on the backup").atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(backup.queuesHoldingMessages()).isEmpty());

                // The primary comes back: it copies the backup's journal, takes its place back, and holds nothing.
                primary.start();
                await("the primary active again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> primary.logText().split("AMQ221007", -1).length > 2);
                assertThat(primary.queuesHoldingMessages()).isEmpty();
                await("the hub on the primary again").atMost(Duration.ofSeconds(60))
                        .until(() -> hub.status("/actuator/health") == 200);
                System.out.printf("Broker failover: killed the primary after %d of %d deliveries (export %s)%n",
                        deliveredBeforeTheKill, ROWS, exportUnfinished ? "still being read" : "already read");
            }
            destinations.assertEachDecisionPublishedOnce(ROWS);
            destinations.assertEachRecordAtTheRegionRepeatedOnlyIdentically(ROWS, 1_000);
        }
    }
}
