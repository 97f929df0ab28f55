package gr.syndesmos.hub.inbox;

import gr.syndesmos.connectors.file.FileSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import gr.syndesmos.schemas.CanonicalJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The inbox and the hub under careless and hostile input, as the probe found them: an empty export, a malformed one
 * of millions of fields, an export repeating one row thousands of times, a writer that paused after the hub took its
 * file, a file that brought the hub down twice, a byte the XML charset lacks, an invalid filter, an inbox that stopped
 * taking files. Every file leaves the inbox with a plain report, nothing is lost or corrupted, and health says what
 * is wrong.
 */
@TestPropertySource(properties = {
        "syndesmos.inbox.warning-age=PT2S",
        "syndesmos.inbox.watch-done-every=PT0.2S"})
class IntakeRobustnessTest extends HubRouteTestSupport {

    private static final Charset CP1253 = Charset.forName("windows-1253");
    private static final String HEADER = "ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΡ_ΣΥΝΕΔΡΙΑΣΗΣ;ΗΜ_ΣΥΝΕΔΡΙΑΣΗΣ;ΑΡ_ΘΕΜΑΤΟΣ;ΘΕΜΑ;ΚΩΔ_ΕΙΔΟΥΣ;"
            + "ΥΠΗΡΕΣΙΑ;ΥΠΟΓΡΑΦΩΝ;ΠΟΣΟ;ΑΦΜ_ΔΙΚΑΙΟΥΧΟΥ;ΚΑΤΑΣΤΑΣΗ;ΗΜ_ΤΡΟΠΟΠΟΙΗΣΗΣ";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry metrics;

    @Test
    void anEmptyExportGoesToErrorWithAReportAndTheNextOneIsTakenAtOnce() throws Exception {
        Path inbox = rethymnoInbox();
        Files.createDirectories(inbox);
        Files.write(inbox.resolve("apofaseis_20260101_0000.csv"), new byte[0]);
        Path next = writeExport(inbox, "apofaseis_20260102_0000.csv", 2031, 1, 3);

        await("both files leave the inbox").atMost(Duration.ofSeconds(30)).until(() ->
                !Files.exists(inbox.resolve("apofaseis_20260101_0000.csv")) && !Files.exists(next));
        assertThat(Files.readString(inbox.resolve("error/apofaseis_20260101_0000.csv.error.txt")))
                .contains("empty", "Nothing of this file was sent anywhere");
        assertThat(inbox.resolve("done").resolve(next.getFileName())).exists();
    }

    @Test
    void aMalformedExportOfMillionsOfFieldsIsRefusedWithoutHarm() throws Exception {
        Path inbox = rethymnoInbox();
        Files.createDirectories(inbox);
        Path wide = inbox.resolve("apofaseis_20260103_0000.csv");
        Files.writeString(wide, ";".repeat(12_000_000), StandardCharsets.US_ASCII);

        await("refused to error/").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(inbox.resolve("error/apofaseis_20260103_0000.csv.error.txt")));
        assertThat(Files.readString(inbox.resolve("error/apofaseis_20260103_0000.csv.error.txt")))
                .contains("too-large", "limits.maxFields");
        assertThat(camelContext.getRouteController().getRouteStatus("council-decisions.source.9318").isStarted())
                .isTrue();
    }

    @Test
    void anExportRepeatingOneRowLeavesOneCountedTrailStepAndTheTrailComesInPages() throws Exception {
        Path inbox = rethymnoInbox();
        Files.createDirectories(inbox);
        Path repeated = inbox.resolve("apofaseis_20260104_0000.csv");
        try (Writer out = Files.newBufferedWriter(repeated, CP1253)) {
            out.write(HEADER + "\r\n");
            for (int i = 0; i < 3000; i++) {
                out.write(row(2032, 7) + "\r\n");
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve("done")
                .resolve(repeated.getFileName())));

        JsonNode record = HubTestSupport.getJson(HTTP_PORT, "/api/records/9318-council-decision-2032-7?size=5");
        JsonNode duplicates = null;
        for (JsonNode step : record.path("trail")) {
            if ("duplicate".equals(step.path("event").asText())) {
                assertThat(duplicates).as("one step for every repeat").isNull();
                duplicates = step;
            }
        }
        assertThat(duplicates).isNotNull();
        assertThat(duplicates.path("repeats").asInt()).isEqualTo(2999);
        Long rows = jdbc.queryForObject("select count(*) from record_event where record_id = ?", Long.class,
                "9318-council-decision-2032-7");
        assertThat(rows).isLessThan(10);
        assertThat(record.path("trailPage").path("size").asInt()).isEqualTo(5);
    }

    @Test
    void aWriterThatPausedAfterItsFileWasTakenHasTheRestOfItRead() throws Exception {
        Path inbox = rethymnoInbox();
        Files.createDirectories(inbox);
        Path slow = writeExport(inbox, "apofaseis_20260105_0000.csv", 2033, 1, 3);
        Path done = inbox.resolve("done").resolve(slow.getFileName());
        await("the first part read and moved").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(done));

        // The clerk's copy goes on, into the file the hub moved (same file, as an open handle writes on).
        try (Writer out = Files.newBufferedWriter(done, CP1253, StandardOpenOption.APPEND)) {
            for (int n = 4; n <= 40; n++) {
                out.write(row(2033, n) + "\r\n");
            }
        }
        await("all 40 decisions published").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> published(2033) == 40);
    }

    @Test
    void aFileThatStoppedTheHubTwiceIsRefusedNotReadAThirdTime() throws Exception {
        Path staging = data.resolve("poison");
        Files.createDirectories(staging);
        Path poison = writeExport(staging, "apofaseis_20260106_0000.csv", 2034, 1, 2);
        FileSnapshot what = FileSnapshot.of(poison);
        for (int i = 0; i < 2; i++) {
            jdbc.update("insert into received_file (municipality, flow, file_name, received_at, file_size, "
                    + "file_modified) values ('9318', 'council-decisions', ?, ?, ?, ?)", poison.getFileName().toString(),
                    OffsetDateTime.now(ZoneOffset.UTC), what.size(), what.modified());
        }
        Path inbox = rethymnoInbox();
        Files.createDirectories(inbox);
        Files.move(poison, inbox.resolve(poison.getFileName()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("error")
                .resolve(poison.getFileName() + ".error.txt")));
        assertThat(Files.readString(inbox.resolve("error").resolve(poison.getFileName() + ".error.txt")))
                .contains("stopped-the-hub", "not read again");
        assertThat(published(2034)).isZero();
    }

    @Test
    void anXmlExportWithAByteItsCharsetLacksIsRefusedBeforeAnythingIsSent() throws Exception {
        Path inbox = data.resolve("inbox/9305/council-decisions");
        Files.createDirectories(inbox);
        byte[] xml;
        try (var in = getClass().getClassLoader().getResourceAsStream(
                "samples/heraklion/export_apofaseon_20261120T1800.xml")) {
            xml = in.readAllBytes();
        }
        // The last decision's subject gets a byte ISO-8859-7 does not have: near the end of the file.
        int at = lastIndexOf(xml, "<thema".getBytes(StandardCharsets.US_ASCII));
        int text = indexOf(xml, ">".getBytes(StandardCharsets.US_ASCII), at) + 3;
        xml[text] = (byte) 0xAE;
        Path file = Files.write(inbox.resolve("export_apofaseon_20260107T0000.xml"), xml);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("error")
                .resolve(file.getFileName() + ".error.txt")));
        assertThat(Files.readString(inbox.resolve("error").resolve(file.getFileName() + ".error.txt")))
                .contains("0xAE", "Nothing of this file was sent anywhere");
        Long published = jdbc.queryForObject("select count(*) from record_version where source_file = ?", Long.class,
                file.getFileName().toString());
        assertThat(published).isZero();
    }

    @Test
    void anInvalidFilterIsABadRequestNotAServerError() throws Exception {
        assertThat(HubTestSupport.call(HTTP_PORT, "GET", "/api/dead-letters/9318/diavgeia?filter=recordId%20%3D%20(",
                "region-admin", null).statusCode()).isEqualTo(400);
        assertThat(HubTestSupport.call(HTTP_PORT, "GET", "/api/quarantine/9318?filter=%3D%3D%3D", "region-admin",
                null).statusCode()).isEqualTo(400);
    }

    @Test
    void anInboxThatHoldsAFileTooLongIsAHealthWarningAndAMetric() throws Exception {
        camelContext.getRouteController().stopRoute("council-decisions.source.9305");
        try {
            Path inbox = data.resolve("inbox/9305/council-decisions");
            Files.createDirectories(inbox);
            Path waiting = inbox.resolve("export_apofaseon_20260108T0000.xml");
            Files.writeString(waiting, "<x/>");
            Files.setLastModifiedTime(waiting, java.nio.file.attribute.FileTime.fromMillis(
                    System.currentTimeMillis() - 60_000));
            JsonNode health = CanonicalJson.mapper().readTree(HubTestSupport.call(HTTP_PORT, "GET", "/actuator/health",
                    "region-admin", null).body());
            assertThat(health.path("components").path("inboxes").path("status").asText()).isEqualTo("WARNING");
            assertThat(health.path("components").path("inboxes").path("details").path("olderThanWarningAge")
                    .has("9305/council-decisions")).isTrue();
            assertThat(metrics.get("syndesmos.inbox.oldest.file.age").tag("municipality", "9305").gauge().value())
                    .isGreaterThanOrEqualTo(59);
            Files.delete(waiting);
        } finally {
            camelContext.getRouteController().startRoute("council-decisions.source.9305");
        }
    }

    private long published(int year) {
        Long count = jdbc.queryForObject("select count(*) from record_version where record_id like ?", Long.class,
                "9318-council-decision-" + year + "-%");
        return count == null ? 0 : count;
    }

    private static Path rethymnoInbox() {
        return data.resolve("inbox/9318/council-decisions");
    }

    /** A Rethymno export of decisions {@code from..to} of a year, written aside and renamed into the inbox. */
    private static Path writeExport(Path folder, String name, int year, int from, int to) throws IOException {
        Path temp = folder.resolve("." + name + ".part");
        try (Writer out = Files.newBufferedWriter(temp, CP1253)) {
            out.write(HEADER + "\r\n");
            for (int n = from; n <= to; n++) {
                out.write(row(year, n) + "\r\n");
            }
        }
        return Files.move(temp, folder.resolve(name));
    }

    private static String row(int year, int number) {
        return number + ";" + year + ";1;10/01/" + year + ";1;Έγκριση δαπάνης " + number
                + ";ΕΓΚΡ;Οικονομική Υπηρεσία;Μαρία Χατζηδάκη;12.345,67;094019245;ΟΡΙΣΤΙΚΗ;01/11/" + year + " 09:00:00";
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            if (matches(haystack, needle, i)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (matches(haystack, needle, i)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static boolean matches(byte[] haystack, byte[] needle, int at) {
        for (int j = 0; j < needle.length; j++) {
            if (haystack[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }
}
