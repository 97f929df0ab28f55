package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk-through of the README, run as a user would: the hub on its embedded default, the sample exports of
 * Rethymno (CSV) and Heraklion (XML) dropped in their inboxes, results read at the stand-ins, the quarantine, the
 * outboxes; then the portal switched to fail, dead letters, a retry, and the same files dropped again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CouncilDecisionsFlowIT {

    private static final Path SAMPLES = Path.of(System.getProperty("syndesmos.samples", "../samples"));
    private static final Charset WINDOWS_1253 = Charset.forName("windows-1253");

    @TempDir
    static Path work;
    static HubProcess hub;
    static JsonNode expected;

    @BeforeAll
    static void startHub() throws Exception {
        expected = HubProcess.JSON.readTree(SAMPLES.resolve("expected.json").toFile());
        hub = new HubProcess(work.resolve("data"), HubProcess.env(
                "SYNDESMOS_REDELIVERY_ATTEMPTS", "3", "SYNDESMOS_REDELIVERY_DELAY_MS", "200")).start();
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    @Order(1)
    void sampleExportsReachBothDestinationsAsExpected() throws Exception {
        hub.drop(SAMPLES.resolve("rethymno/apofaseis_20261120_2300.csv"), "9318");
        hub.drop(SAMPLES.resolve("heraklion/export_apofaseon_20261120T1800.xml"), "9305");

        Map<String, JsonNode> want = new HashMap<>();
        expected.path("rethymno").path("delivered").fields().forEachRemaining(e -> want.put(e.getKey(), e.getValue()));
        expected.path("heraklion").path("delivered").fields().forEachRemaining(e -> want.put(e.getKey(), e.getValue()));

        await("every valid decision at the regional platform").atMost(Duration.ofSeconds(60))
                .until(() -> regionalIds().containsAll(want.keySet()));
        await("every valid decision at the transparency portal").atMost(Duration.ofSeconds(60))
                .until(() -> diavgeiaIds().containsAll(want.keySet()));

        for (JsonNode envelope : hub.get("/sandbox/regional/received")) {
            String key = shortId(envelope.path("id").asText());
            JsonNode w = want.get(key);
            assertThat(w).as("delivered %s was expected", key).isNotNull();
            JsonNode record = envelope.path("record");
            assertThat(envelope.path("municipality").path("code").asText()).isEqualTo(key.substring(0, 4));
            assertThat(record.path("subject").asText()).as("subject of %s", key).isEqualTo(w.path("subject").asText());
            assertThat(record.path("decisionTypeId").asText()).as("type of %s", key)
                    .isEqualTo(w.path("decisionTypeId").asText());
            if (w.path("amount").isNull()) {
                assertThat(record.path("amount").isNull()).as("no amount for %s", key).isTrue();
            } else {
                assertThat(record.path("amount").path("value").decimalValue())
                        .isEqualByComparingTo(new BigDecimal(w.path("amount").asText()));
                assertThat(record.path("amount").path("currency").asText()).isEqualTo("EUR");
            }
        }
        assertThat(regionalIds()).as("nothing beyond the expected decisions").hasSize(want.size());

        for (JsonNode received : hub.get("/sandbox/diavgeia/received")) {
            JsonNode metadata = received.path("metadata");
            String org = metadata.path("organizationId").asText();
            assertThat(org).isIn("6263", "6325");
            assertThat(received.path("ada").asText()).matches("[Α-Ω0-9]{7}-[Α-Ω0-9]{3}");
            assertThat(received.path("idempotencyKey").asText()).startsWith(org.equals("6263") ? "9318:" : "9305:");
        }

        JsonNode rethymnoQuarantine = hub.get("/api/quarantine/9318");
        assertThat(rethymnoQuarantine.path("count").asInt()).isEqualTo(1);
        JsonNode q = rethymnoQuarantine.path("messages").get(0);
        assertThat(q.path("recordId").asText()).isEqualTo("9318-council-decision-2026-101");
        assertThat(q.path("reasons").asText()).isEqualTo("bad-afm");
        assertThat(q.path("sourceLine").asInt()).isEqualTo(3);
        JsonNode report = HubProcess.JSON.readTree(q.path("body").asText());
        assertThat(report.path("reasons").get(0).path("code").asText()).isEqualTo("bad-afm");
        assertThat(report.toString()).as("no AFM in full in the quarantine report").doesNotContain("906360831");
        JsonNode heraklionQuarantine = hub.get("/api/quarantine/9305");
        assertThat(heraklionQuarantine.path("count").asInt()).isEqualTo(1);
        assertThat(heraklionQuarantine.path("messages").get(0).path("reasons").asText()).isEqualTo("unknown-type");

        assertThat(hub.inbox("9318").resolve("done/apofaseis_20261120_2300.csv")).exists();
        assertThat(hub.inbox("9305").resolve("done/export_apofaseon_20261120T1800.xml")).exists();

        Map<String, String> adaByDecision = adasAtPortal();
        await("every ADA written back to Rethymno").atMost(Duration.ofSeconds(30))
                .until(() -> rethymnoWriteBack().size() == 22);
        Map<String, String> rethymno = rethymnoWriteBack();
        rethymno.forEach((decision, ada) -> assertThat(adaByDecision.get("9318-" + decision)).as(decision)
                .isEqualTo(ada));
        await("every ADA written back to Heraklion").atMost(Duration.ofSeconds(30))
                .until(() -> heraklionWriteBack().size() == 21);
        heraklionWriteBack().forEach((decision, ada) -> assertThat(adaByDecision.get("9305-" + decision))
                .as(decision).isEqualTo(ada));
    }

    @Test
    @Order(2)
    void sameFilesDroppedAgainDeliverNothingNew() throws Exception {
        int regional = hub.get("/sandbox/regional/received").size();
        int diavgeia = hub.get("/sandbox/diavgeia/received").size();

        hub.drop(SAMPLES.resolve("rethymno/apofaseis_20261120_2300.csv"), "9318");
        hub.drop(SAMPLES.resolve("heraklion/export_apofaseon_20261120T1800.xml"), "9305");
        await("both files processed again").atMost(Duration.ofSeconds(30)).until(() ->
                countFiles(hub.inbox("9318").resolve("done")) == 2 && countFiles(hub.inbox("9305").resolve("done")) == 2);

        await("nothing new delivered").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                hub.get("/sandbox/regional/received").size() == regional
                        && hub.get("/sandbox/diavgeia/received").size() == diavgeia);
    }

    @Test
    @Order(3)
    void failingPortalDeadLettersAndARetryDeliversThem() throws Exception {
        assertThat(hub.send("PUT", "/sandbox/diavgeia/mode", "fail").statusCode()).isEqualTo(200);
        Set<String> wanted = ids(HubProcess.JSON.readTree(SAMPLES.resolve("second-export/expected.json").toFile())
                .path("rethymno").path("delivered"));

        hub.drop(SAMPLES.resolve("second-export/apofaseis_20251120_2300.csv"), "9318");

        await("the regional platform still gets every decision").atMost(Duration.ofSeconds(60))
                .until(() -> regionalIds().containsAll(wanted));
        await("every decision dead-lettered for the portal after 3 attempts").atMost(Duration.ofSeconds(90))
                .until(() -> hub.get("/api/dead-letters/9318/diavgeia").path("count").asInt() == wanted.size());
        JsonNode deadLetter = hub.get("/api/dead-letters/9318/diavgeia").path("messages").get(0);
        assertThat(deadLetter.path("reason").asText()).contains("503");
        assertThat(deadLetter.path("attempts").asInt()).isEqualTo(3);
        assertThat(deadLetter.path("failedAt").asText()).isNotBlank();
        assertThat(deadLetter.path("firstFailedAt").asText()).isNotBlank();
        assertThat(HubProcess.JSON.readTree(deadLetter.path("body").asText()).path("id").asText())
                .as("the dead letter carries the canonical record").isEqualTo(deadLetter.path("recordId").asText());
        assertThat(hub.get("/api/dead-letters/9305/diavgeia").path("count").asInt())
                .as("Heraklion's dead letters are its own").isZero();

        // The portal is back: first one decision, chosen by filter, then all the rest.
        hub.send("PUT", "/sandbox/diavgeia/mode", "ok");
        String oneId = "9318-council-decision-2025-100";
        JsonNode one = HubProcess.JSON.readTree(hub.send("POST", "/api/dead-letters/9318/diavgeia/retry",
                "{\"filter\": \"recordId = '" + oneId + "'\"}").body());
        assertThat(one.path("moved").asInt()).isEqualTo(1);
        await("the filtered one arrives").atMost(Duration.ofSeconds(30)).until(() -> diavgeiaIds().contains(
                "9318-2025-100"));
        assertThat(hub.get("/api/dead-letters/9318/diavgeia").path("count").asInt()).isEqualTo(wanted.size() - 1);

        JsonNode all = HubProcess.JSON.readTree(hub.send("POST", "/api/dead-letters/9318/diavgeia/retry", null)
                .body());
        assertThat(all.path("moved").asInt()).isEqualTo(wanted.size() - 1);
        await("all of them arrive at the portal").atMost(Duration.ofSeconds(60))
                .until(() -> diavgeiaIds().containsAll(wanted));
        assertThat(hub.get("/api/dead-letters/9318/diavgeia").path("count").asInt()).isZero();

        // The second export's line 33 repeats decision 109 with the same version: delivered once.
        long copies109 = StreamSupport.stream(hub.get("/sandbox/regional/received").spliterator(), false)
                .filter(e -> e.path("id").asText().equals("9318-council-decision-2025-109")).count();
        assertThat(copies109).isEqualTo(1);
    }

    @Test
    @Order(4)
    void unknownElementsInANewerHeraklionExportAreIgnored() throws Exception {
        Set<String> wanted = ids(HubProcess.JSON.readTree(SAMPLES.resolve("second-export/expected.json").toFile())
                .path("heraklion").path("delivered"));
        hub.drop(SAMPLES.resolve("second-export/export_apofaseon_20251120T1800.xml"), "9305");
        await("the newer export's decisions arrive").atMost(Duration.ofSeconds(60))
                .until(() -> regionalIds().containsAll(wanted) && diavgeiaIds().containsAll(wanted));
    }

    @Test
    @Order(5)
    void aUtf8FileWhereWindows1253IsDeclaredIsRefusedWithAReport() throws Exception {
        Path utf8 = work.resolve("apofaseis_20261121_0900.csv");
        String text = new String(Files.readAllBytes(SAMPLES.resolve("rethymno/apofaseis_20261120_2300.csv")),
                WINDOWS_1253);
        Files.writeString(utf8, text, StandardCharsets.UTF_8);
        int before = hub.get("/sandbox/regional/received").size();

        hub.drop(utf8, "9318");

        Path report = hub.inbox("9318").resolve("error/apofaseis_20261121_0900.csv.error.txt");
        await("the file refused with a report").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        assertThat(hub.inbox("9318").resolve("error/apofaseis_20261121_0900.csv")).exists();
        assertThat(Files.readString(report)).contains("UTF-8").contains("windows-1253")
                .contains("Nothing of this file was sent anywhere");
        assertThat(hub.get("/sandbox/regional/received").size()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void theQueueOperationHawtioShowsReturnsDeadLettersToTheirQueue() throws Exception {
        hub.send("PUT", "/sandbox/diavgeia/mode", "fail");
        Path export = work.resolve("apofaseis_20281001_0900.csv");
        Files.write(export, ("ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΡ_ΣΥΝΕΔΡΙΑΣΗΣ;ΗΜ_ΣΥΝΕΔΡΙΑΣΗΣ;ΑΡ_ΘΕΜΑΤΟΣ;ΘΕΜΑ;ΚΩΔ_ΕΙΔΟΥΣ;ΥΠΗΡΕΣΙΑ;ΥΠΟΓΡΑΦΩΝ;"
                + "ΠΟΣΟ;ΑΦΜ_ΔΙΚΑΙΟΥΧΟΥ;ΚΑΤΑΣΤΑΣΗ;ΗΜ_ΤΡΟΠΟΠΟΙΗΣΗΣ\r\n"
                + "1;2028;1;05/10/2028;1;Έγκριση πρακτικού;ΣΥΛΛ;Δημοτικό Συμβούλιο;Μαρία Χατζηδάκη;;;ΟΡΙΣΤΙΚΗ;"
                + "06/10/2028 10:00:00\r\n"
                + "2;2028;1;05/10/2028;2;Ανάληψη υποχρέωσης;ΑΝΑΛ;Οικονομική Υπηρεσία;Γεώργιος Μαρινάκης;1.000,00;;"
                + "ΟΡΙΣΤΙΚΗ;06/10/2028 10:05:00\r\n").getBytes(WINDOWS_1253));
        hub.drop(export, "9318");
        await("both dead-lettered").atMost(Duration.ofSeconds(60))
                .until(() -> hub.get("/api/dead-letters/9318/diavgeia").path("count").asInt() == 2);
        hub.send("PUT", "/sandbox/diavgeia/mode", "ok");

        // What a Rethymno operator clicks in Hawtio: JMX > gr.syndesmos > FailedMessages > 9318 > diavgeia >
        // Operations > retryMatching(""); Hawtio sends exactly this Jolokia request, signed in as that operator.
        String mbean = "gr.syndesmos:type=FailedMessages,municipality=9318,destination=diavgeia";
        JsonNode answer = HubProcess.JSON.readTree(hub.send("POST", "/actuator/jolokia",
                "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"retryMatching\",\"arguments\":[\"\"]}",
                "rethymno-operator").body());
        assertThat(answer.path("value").asText()).as(answer.toString()).startsWith("Retried 2 of 2");
        JsonNode journal = hub.get("/api/replay-journal").get(0);
        assertThat(journal.path("actor").asText()).isEqualTo("rethymno-operator");
        assertThat(journal.path("channel").asText()).isEqualTo("hawtio");
        assertThat(journal.path("moved").asInt()).isEqualTo(2);
        await("both arrive at the portal").atMost(Duration.ofSeconds(30))
                .until(() -> diavgeiaIds().containsAll(Set.of("9318-2028-1", "9318-2028-2")));
    }

    @Test
    @Order(7)
    void aLaterVersionIsACorrectionAndAnEarlierOneIsNotDelivered() throws Exception {
        String header = "ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΡ_ΣΥΝΕΔΡΙΑΣΗΣ;ΗΜ_ΣΥΝΕΔΡΙΑΣΗΣ;ΑΡ_ΘΕΜΑΤΟΣ;ΘΕΜΑ;ΚΩΔ_ΕΙΔΟΥΣ;ΥΠΗΡΕΣΙΑ;ΥΠΟΓΡΑΦΩΝ;ΠΟΣΟ;"
                + "ΑΦΜ_ΔΙΚΑΙΟΥΧΟΥ;ΚΑΤΑΣΤΑΣΗ;ΗΜ_ΤΡΟΠΟΠΟΙΗΣΗΣ\r\n";
        String corrected = "ΑΠΟΦΑΣΗ ΠΡΟΕΓΚΡΙΣΗΣ ΠΡΟΜΗΘΕΙΑΣ ΕΠΙΔΕΣΜΙΚΟΥ ΥΛΙΚΟΥ (ορθή επανάληψη)";
        Path later = work.resolve("apofaseis_20261201_2300.csv");
        Files.write(later, (header + "100;2026;1;10/01/2026;1;" + corrected + ";ΠΡΟΥΠ;Δημοτικό Συμβούλιο;"
                + "Μαρία Χατζηδάκη;;;ΟΡΙΣΤΙΚΗ;01/12/2026 09:00:00\r\n").getBytes(WINDOWS_1253));
        Path earlier = work.resolve("apofaseis_20261202_2300.csv");
        Files.write(earlier, (header + "100;2026;1;10/01/2026;1;Παλαιό κείμενο;ΠΡΟΥΠ;Δημοτικό Συμβούλιο;"
                + "Μαρία Χατζηδάκη;;;ΟΡΙΣΤΙΚΗ;15/10/2026 09:00:00\r\n").getBytes(WINDOWS_1253));
        String firstAda = adasAtPortal().get("9318-2026-100");

        hub.drop(later, "9318");
        await("the correction reaches the portal under the same ADA").atMost(Duration.ofSeconds(30)).until(() ->
                StreamSupport.stream(hub.get("/sandbox/diavgeia/received").spliterator(), false).anyMatch(r ->
                        r.path("correction").asBoolean() && r.path("ada").asText().equals(firstAda)
                                && r.path("metadata").path("subject").asText().equals(corrected)));
        await("the regional platform gets the new version").atMost(Duration.ofSeconds(30)).until(() ->
                StreamSupport.stream(hub.get("/sandbox/regional/received").spliterator(), false).anyMatch(r ->
                        r.path("id").asText().equals("9318-council-decision-2026-100")
                                && r.path("version").asText().startsWith("2026-12-01T09:00:00")));
        int regional = hub.get("/sandbox/regional/received").size();
        int diavgeia = hub.get("/sandbox/diavgeia/received").size();

        hub.drop(earlier, "9318");
        await("the stale file processed").atMost(Duration.ofSeconds(30)).until(() ->
                Files.exists(hub.inbox("9318").resolve("done/apofaseis_20261202_2300.csv")));
        await("an earlier version is not delivered").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> hub.get("/sandbox/regional/received").size() == regional
                        && hub.get("/sandbox/diavgeia/received").size() == diavgeia);
    }

    // ---- helpers

    private static Set<String> regionalIds() throws IOException, InterruptedException {
        return StreamSupport.stream(hub.get("/sandbox/regional/received").spliterator(), false)
                .map(e -> shortId(e.path("id").asText())).collect(Collectors.toSet());
    }

    /** Decisions at the portal, as {@code <code>-<year>-<number>}. */
    private static Set<String> diavgeiaIds() throws IOException, InterruptedException {
        return adasAtPortal().keySet();
    }

    private static Map<String, String> adasAtPortal() throws IOException, InterruptedException {
        Map<String, String> adas = new HashMap<>();
        for (JsonNode received : hub.get("/sandbox/diavgeia/received")) {
            JsonNode m = received.path("metadata");
            String code = m.path("organizationId").asText().equals("6263") ? "9318" : "9305";
            String[] protocol = m.path("protocolNumber").asText().split("/");
            adas.put(code + "-" + protocol[1] + "-" + protocol[0], received.path("ada").asText());
        }
        return adas;
    }

    /** {@code 9318-council-decision-2026-245} → {@code 9318-2026-245}, the form of expected.json. */
    private static String shortId(String id) {
        return id.replace("-council-decision", "");
    }

    private static Set<String> ids(JsonNode delivered) {
        Set<String> ids = new HashSet<>();
        delivered.fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    /** Rethymno's write-back files: {@code <year>-<number>} → ADA. */
    private static Map<String, String> rethymnoWriteBack() throws IOException {
        Map<String, String> adas = new HashMap<>();
        for (Path file : files(hub.outbox("9318"), "ada_", ".csv")) {
            List<String> lines = List.of(new String(Files.readAllBytes(file), WINDOWS_1253).split("\r\n"));
            assertThat(lines.get(0)).isEqualTo("ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΔΑ;ΗΜ_ΑΝΑΡΤΗΣΗΣ");
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.replace("\"", "").split(";");
                assertThat(f[3]).matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}");
                adas.put(f[1] + "-" + f[0], f[2]);
            }
        }
        return adas;
    }

    /** Heraklion's write-back files: {@code <year>-<number>} → ADA. */
    private static Map<String, String> heraklionWriteBack() throws IOException {
        Map<String, String> adas = new HashMap<>();
        java.util.regex.Pattern ada = java.util.regex.Pattern.compile(
                "<ada apofasi=\"[^\"]*\" etos=\"(\\d+)\" arithmos=\"(\\d+)\" ada=\"([^\"]+)\" anartisi=\"[0-9T:-]+\"/>");
        for (Path file : files(hub.outbox("9305"), "ada_", ".xml")) {
            java.util.regex.Matcher m = ada.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                adas.put(m.group(1) + "-" + m.group(2), m.group(3));
            }
        }
        return adas;
    }

    private static List<Path> files(Path dir, String prefix, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).count();
        }
    }

}
