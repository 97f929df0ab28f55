package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing twice, across a {@code kill -9}: the hub is killed while it is publishing and delivering a
 * 6,000-row export (mid-ingest), or once the export is read while deliveries to both destinations run at full
 * parallel speed (mid-delivery, every consumer of both queues busy), started again on the same data, and must then
 * deliver every decision. At the regional platform,
 * which recognises a repeat by its idempotency key, only the few records in flight may arrive twice, identical. The
 * transparency portal recognises nothing: there every decision, counted by its protocol number, must be published
 * exactly once (the hub looks up a decision whose delivery it was unsure of, as the real portal's search allows).
 * The destinations are this test's own HTTP server, so their record survives the hub's death.
 */
class CrashRecoveryIT {

    private static final int ROWS = 6_000;

    @TempDir
    Path work;
    private RecordingDestinations destinations;

    @AfterEach
    void stop() {
        if (destinations != null) {
            destinations.close();
        }
    }

    @Test
    void killedMidFileTheHubDeliversEveryRecordOnceAfterRestart() throws Exception {
        destinations = new RecordingDestinations();
        Path export = work.resolve("apofaseis_20261121_0100.csv");
        RecordingDestinations.writeExport(export, ROWS);
        Map<String, String> env = destinations.env();
        Path data = work.resolve("data");

        HubProcess first = new HubProcess(data, env).start();
        try {
            first.drop(export, "9318");
            // Killed as soon as the first records arrive: the file is still being read and published.
            await("deliveries under way").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !destinations.regional().isEmpty());
            first.kill();
        } finally {
            first.close();
        }
        int beforeRestart = destinations.regional().size();
        assertThat(beforeRestart).as("killed in the middle").isLessThan(ROWS);
        assertThat(first.inbox("9318").resolve(export.getFileName())).as("the file was not finished: still in the inbox")
                .exists();

        try (HubProcess second = new HubProcess(data, env)) {
            // Same ports are not needed: only the data directory carries the state.
            second.start();
            await("every decision delivered after the restart").atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> destinations.distinctIds() == ROWS);
            await("every decision on the portal").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> destinations.published() == ROWS);
            assertThat(second.inbox("9318").resolve("done").resolve(export.getFileName())).exists();
        }

        destinations.assertEachRecordAtTheRegionRepeatedOnlyIdentically(ROWS, 1_000);
        destinations.assertEachDecisionPublishedOnce(ROWS);
    }

    @Test
    void killedWhileDeliveringInParallelTheHubPublishesNoDecisionTwiceAndRepeatsOnlyWhatWasInFlight()
            throws Exception {
        int rows = 2_000;
        destinations = new RecordingDestinations();
        destinations.portalDelayMillis = 15;
        Path export = work.resolve("apofaseis_20261121_0200.csv");
        RecordingDestinations.writeExport(export, rows);
        Map<String, String> env = destinations.env();
        Path data = work.resolve("data");

        HubProcess first = new HubProcess(data, env).start();
        try {
            first.drop(export, "9318");
            // The export is read whole, then the hub is killed while both destinations are taking decisions, the
            // portal several at once.
            await("export read, deliveries under way in parallel").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(first.inbox("9318").resolve("done").resolve(export.getFileName()))
                            && destinations.publications() > 50 && destinations.portalCallsAtOnce.get() > 1);
            first.kill();
        } finally {
            first.close();
        }
        assertThat(destinations.publications()).as("killed in the middle of the deliveries").isLessThan(rows);
        assertThat(destinations.portalCallsAtOnce.get()).as("the portal was called by several deliveries at once")
                .isGreaterThan(1);
        destinations.portalDelayMillis = 0;
        try (HubProcess second = new HubProcess(data, env)) {
            second.start();
            await("every decision on the portal after the restart").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> destinations.published() == rows);
            await("every decision at the regional platform").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> destinations.distinctIds() == rows);
        }
        destinations.assertEachDecisionPublishedOnce(rows);
        // At the regional platform a repeat is only a delivery whose answer the hub had not recorded when it died:
        // at most one per consumer of the queue, identical to the first.
        destinations.assertEachRecordAtTheRegionRepeatedOnlyIdentically(rows, RecordingDestinations.DELIVERIES_AT_ONCE);
    }
}
