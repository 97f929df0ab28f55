package gr.syndesmos.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.SyndesmosHub;
import gr.syndesmos.hub.support.HubTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A third flow added by files alone, the way a region adds its own: a record type's schema, a flow file, a mapping and
 * a municipality file in the hub's configuration folder ({@code third-flow/config} among the test resources), and no
 * Java. Trikala's public works reach the regional platform; a failing platform dead-letters them after the flow's own
 * number of attempts, an operator retries them, and each record's trail tells the story.
 */
@CamelSpringBootTest
@SpringBootTest(classes = SyndesmosHub.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {
                "syndesmos.redelivery.attempts=2",
                "syndesmos.redelivery.delay-ms=100",
                "syndesmos.redelivery.max-delay-ms=200"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ThirdFlowByFilesTest {

    private static final Charset CP1253 = Charset.forName("windows-1253");
    private static final String WORK = "9114-work-26SYMV018245673";
    private static final String SCHOOL = "9114-work-25SYMV017001122";

    @TempDir
    static Path data;

    static final int HTTP_PORT = HubTestSupport.freePort();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        registry.add("syndesmos.data-dir", () -> data.toString());
        registry.add("syndesmos.config-dir", ThirdFlowByFilesTest::configFolder);
        registry.add("server.port", () -> HTTP_PORT);
        registry.add("syndesmos.broker.port", HubTestSupport::freePort);
        registry.add("syndesmos.security.users-file", HubTestSupport::testUsersFile);
    }

    @Autowired
    CamelContext camelContext;

    @Test
    void recordsOfANewTypeFlowDeadLetterRetryAndLeaveATrailWithNoJavaWrittenForThem() throws Exception {
        // The pipeline made the new flow's routes from its files.
        for (String route : List.of("public-works.source.9114", "public-works.ingest.9114",
                "public-works.deliver.9114.regional")) {
            assertThat(camelContext.getRoute(route)).as(route).isNotNull();
        }

        // The regional platform is down when Trikala's export arrives.
        assertThat(HubTestSupport.call(HTTP_PORT, "PUT", "/sandbox/regional/mode", "region-admin", "fail")
                .statusCode()).isEqualTo(200);
        Path inbox = data.resolve("inbox").resolve("9114").resolve("public-works");
        dropExport(inbox);

        await("both valid reports dead-lettered after the flow's 3 attempts").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> HubTestSupport.getJson(HTTP_PORT, "/api/dead-letters/9114/regional").path("count")
                        .asInt() == 2);
        assertThat(inbox.resolve("done").resolve("erga_proodos_20261120.csv")).exists();
        JsonNode deadLetters = HubTestSupport.getJson(HTTP_PORT, "/api/dead-letters/9114/regional");
        List<String> dead = new ArrayList<>();
        for (JsonNode message : deadLetters.path("messages")) {
            dead.add(message.path("recordId").asText());
            assertThat(message.path("attempts").asInt()).as("the flow file's retry, not the hub's 2").isEqualTo(3);
            assertThat(message.path("reason").asText()).contains("503");
        }
        assertThat(dead).containsExactlyInAnyOrder(WORK, SCHOOL);

        // The two bad rows are in Trikala's quarantine, each with its line and reasons.
        JsonNode quarantine = HubTestSupport.getJson(HTTP_PORT, "/api/quarantine/9114");
        assertThat(quarantine.path("count").asInt()).isEqualTo(2);
        List<String> reasons = new ArrayList<>();
        for (JsonNode held : quarantine.path("messages")) {
            reasons.add(held.path("sourceLine").asText() + ":" + held.path("reasons").asText());
        }
        assertThat(reasons).containsExactlyInAnyOrder("4:schema", "5:bad-afm,bad-contract-amount");

        // Mended: the operator retries, and the reports arrive as the new record type.
        assertThat(HubTestSupport.call(HTTP_PORT, "PUT", "/sandbox/regional/mode", "region-admin", "ok")
                .statusCode()).isEqualTo(200);
        assertThat(HubTestSupport.call(HTTP_PORT, "POST", "/api/dead-letters/9114/regional/retry", "region-admin",
                "{}").statusCode()).isEqualTo(200);
        await("both reports at the regional platform").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> received(WORK) != null && received(SCHOOL) != null);

        JsonNode envelope = received(WORK);
        assertThat(envelope.path("recordType").asText()).isEqualTo("public-work-progress");
        assertThat(envelope.path("version").asText()).isEqualTo("2026-11-20T00:00:00+02:00");
        assertThat(envelope.at("/municipality/name").asText()).isEqualTo("Τρικκαίων");
        assertThat(envelope.at("/record/title").asText()).isEqualTo("Ανάπλαση κεντρικής πλατείας Τρικάλων");
        assertThat(envelope.at("/record/contractAmount").decimalValue()).isEqualByComparingTo("1850000.00");
        assertThat(envelope.at("/record/reportDate").asText()).isEqualTo("2026-11-20");
        assertThat(envelope.at("/record/source/line").asInt()).isEqualTo(2);
        assertThat(received(SCHOOL).at("/record/contractor/afm").asText())
                .as("the spreadsheet's 8-digit AFM, padded").isEqualTo("094123780");

        await("the trail says delivered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> HubTestSupport.getJson(HTTP_PORT, "/api/records/" + WORK).path("status").asText()
                        .equals("delivered"));
        String trail = HubTestSupport.getJson(HTTP_PORT, "/api/records/" + WORK).path("trail").toString();
        assertThat(trail).contains("published").contains("dead-lettered").contains("delivered");
    }

    private static JsonNode received(String id) throws Exception {
        JsonNode found = null;
        for (JsonNode envelope : HubTestSupport.getJson(HTTP_PORT, "/sandbox/regional/received")) {
            if (envelope.path("id").asText().equals(id)) {
                found = envelope;
            }
        }
        return found;
    }

    /** The spreadsheet as the technical service saves it: windows-1253, CRLF. */
    private static void dropExport(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        String text;
        try (InputStream in = resource("third-flow/erga_proodos_20261120.csv.utf8")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "\r\n");
        }
        Path temp = inbox.resolve(".erga_proodos_20261120.csv.part");
        Files.write(temp, text.getBytes(CP1253));
        Files.move(temp, inbox.resolve("erga_proodos_20261120.csv"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The hub's configuration folder: the test resources' third-flow/config, copied as an operator would. */
    private static String configFolder() {
        Path config = data.resolve("config");
        try {
            Path from = Path.of(ThirdFlowByFilesTest.class.getClassLoader().getResource("third-flow/config").toURI());
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = config.resolve(from.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return config.toString();
    }

    private static InputStream resource(String name) {
        return ThirdFlowByFilesTest.class.getClassLoader().getResourceAsStream(name);
    }
}
