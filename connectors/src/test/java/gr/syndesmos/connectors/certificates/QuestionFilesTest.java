package gr.syndesmos.connectors.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate-files connector against the shared samples' question and answer files (samples/govgr/rethymno/ked):
 * the question it writes is the sample byte for byte; the sample answers read as their certificates; a withdrawn
 * question, a taken one and answers that must not be trusted.
 */
class QuestionFilesTest {

    private static final Path KED = Path.of("../samples/govgr/rethymno/ked");
    private static final Charset WINDOWS_1253 = Charset.forName("windows-1253");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAP_ID = "01JDAB3K7Q9M2V4R6T8W0Y1Z3C";
    private static final String RESIDENCE_ID = "01JDAB4M2T6V8X0Z2B4D6F8H1K";

    @TempDir
    Path share;
    QuestionFiles files;

    @BeforeEach
    void connector() {
        files = new QuestionFiles();
        files.setDirectory(share.toString());
        files.setPollMillis(20);
    }

    static CertificateQuestion tap(String id, Instant deadline) {
        return new CertificateQuestion(id, "9318", CertificateQuestion.Kind.TAP, "019282951", "712044381", null,
                List.of(), LocalDateTime.parse("2026-11-23T09:30:00"), deadline);
    }

    static CertificateQuestion residence(String id, Instant deadline) {
        return new CertificateQuestion(id, "9318", CertificateQuestion.Kind.RESIDENCE, null, null, "11087587116",
                List.of(2024), LocalDateTime.parse("2026-11-23T09:30:00"), deadline);
    }

    @Test
    void theQuestionFileIsTheSamplesByteForByteAndTheSampleAnswerIsItsCertificate() throws Exception {
        Path answers = Files.createDirectories(share.resolve("ked/exerxomena"));
        CompletableFuture<CertificateAnswer> asked = CompletableFuture.supplyAsync(() -> ask(tap(TAP_ID,
                Instant.now().plusSeconds(20))));
        Path question = share.resolve("ked/eiserxomena/aitima_" + TAP_ID + ".csv");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(question));
        assertThat(Files.readAllBytes(question)).as("the question as the revenue system expects it")
                .isEqualTo(Files.readAllBytes(KED.resolve("aitima_" + TAP_ID + ".csv")));
        Files.copy(KED.resolve("apantisi_" + TAP_ID + ".csv"), answers.resolve(".part"));
        Files.move(answers.resolve(".part"), answers.resolve("apantisi_" + TAP_ID + ".csv"));

        JsonNode answer = JSON.readTree(asked.get().json());
        assertThat(answer.path("status").asText()).isEqualTo("ANSWERED");
        assertThat(answer.path("outcome").asText()).isEqualTo("ISSUED");
        JsonNode certificate = answer.path("certificate");
        assertThat(certificate.path("certificateNumber").asText()).isEqualTo("ΤΑΠ/2026/00001");
        assertThat(certificate.path("issueDate").asText()).isEqualTo("2026-11-23");
        assertThat(certificate.path("holder").path("afm").asText()).as("the lost leading zero restored")
                .isEqualTo("019282951");
        assertThat(certificate.path("property").path("areaSqm").decimalValue()).as("the decimal comma")
                .isEqualByComparingTo("92.4");
        assertThat(certificate.path("property").path("supplyNumber").asText()).isEqualTo("712044381");
        assertThat(share.resolve("ked/exerxomena/read/apantisi_" + TAP_ID + ".csv")).as("the answer kept").exists();
    }

    @Test
    void aRefusalOfResidenceReadsAsItsReason() throws Exception {
        String text = Files.readString(KED.resolve("apantisi_" + RESIDENCE_ID + ".csv"), WINDOWS_1253);
        JsonNode answer = JSON.readTree(QuestionFiles.parseAnswer(residence(RESIDENCE_ID, Instant.now()), text)
                .json());
        assertThat(answer.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(answer.path("refusalReason").asText()).isEqualTo("NOT_RESIDENT_IN_PERIOD");
        assertThat(answer.has("certificate")).isFalse();
    }

    @Test
    void aQuestionUnreadAtTheDeadlineIsWithdrawn() {
        CertificateAnswer answer = ask(tap(TAP_ID, Instant.now().plusMillis(1300)));
        assertThat(answer.json()).contains("\"status\":\"UNAVAILABLE\"");
        assertThat(share.resolve("ked/eiserxomena/aitima_" + TAP_ID + ".csv.cancelled")).exists();
        assertThat(share.resolve("ked/eiserxomena/aitima_" + TAP_ID + ".csv")).doesNotExist();
    }

    @Test
    void aQuestionTheSystemTookIsAnsweredLateAndCollected() throws Exception {
        CompletableFuture<CertificateAnswer> asked = CompletableFuture.supplyAsync(() -> ask(tap(TAP_ID,
                Instant.now().plusMillis(2500))));
        Path question = share.resolve("ked/eiserxomena/aitima_" + TAP_ID + ".csv");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(question));
        Files.delete(question);
        assertThat(asked.get().json()).contains("\"status\":\"TAKEN\"");
        assertThat(files.collect(tap(TAP_ID, Instant.now())).json()).as("nothing yet")
                .contains("\"status\":\"TAKEN\"");
        Path answers = Files.createDirectories(share.resolve("ked/exerxomena"));
        Files.copy(KED.resolve("apantisi_" + TAP_ID + ".csv"), answers.resolve("apantisi_" + TAP_ID + ".csv"));
        assertThat(files.collect(tap(TAP_ID, Instant.now())).json()).contains("\"outcome\":\"ISSUED\"");
    }

    @Test
    void answersThatCannotBeTrustedAreInvalidWithoutRepeatingTheirValues() throws Exception {
        String sample = Files.readString(KED.resolve("apantisi_" + TAP_ID + ".csv"), WINDOWS_1253);
        CertificateQuestion question = tap(TAP_ID, Instant.now());
        for (String bad : List.of(sample.replace("ΕΚΔΟΘΗΚΕ", "ΕΓΙΝΕ"), sample.replace("19282951", "42512212"),
                sample.replace("92,40", "92.40.1"), sample.replace(TAP_ID, "01JDAB4M2T6V8X0Z2B4D6F8H1K"),
                sample + sample.substring(sample.indexOf('\n') + 1))) {
            JsonNode answer = JSON.readTree(invalidOrNull(question, bad));
            assertThat(answer.path("status").asText()).as(bad).isEqualTo("INVALID");
            assertThat(answer.path("problem").asText()).doesNotContain("19282951", "42512212", "ΜΑΥΡΟΓΙΑΝΝΑΚΗ");
        }
        Path answers = Files.createDirectories(share.resolve("ked/exerxomena"));
        byte[] undecodable = sample.getBytes(WINDOWS_1253);
        undecodable[undecodable.length - 3] = (byte) 0xFF;
        Files.write(answers.resolve("apantisi_" + TAP_ID + ".csv"), undecodable);
        JsonNode answer = JSON.readTree(files.collect(question).json());
        assertThat(answer.path("status").asText()).isEqualTo("INVALID");
        assertThat(answer.path("problem").asText()).contains("windows-1253");
    }

    private static String invalidOrNull(CertificateQuestion question, String text) {
        try {
            return QuestionFiles.parseAnswer(question, text).json();
        } catch (QuestionFiles.InvalidAnswer e) {
            return CertificateAnswer.invalid(question.requestId(), e.getMessage(), text).json();
        }
    }

    private CertificateAnswer ask(CertificateQuestion question) {
        try {
            return files.ask(question);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
