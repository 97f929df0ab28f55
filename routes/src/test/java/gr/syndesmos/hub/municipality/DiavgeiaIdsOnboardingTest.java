package gr.syndesmos.hub.municipality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import gr.syndesmos.hub.registers.DiavgeiaRegisters;
import gr.syndesmos.mappings.destinations.DiavgeiaMetadataMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Onboarding writes a municipality's Diavgeia ids from its organisation's register, by name, never by position:
 * what the legacy system's names do not find is listed and written as commented entries with the closest
 * candidates, a name two entries share is not guessed, hand mappings survive a refresh, and an unreachable Diavgeia
 * leaves a file to refresh later.
 */
class DiavgeiaIdsOnboardingTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path configDir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void aNewMunicipalityGetsItsOrganisationsUnitsAndSignersAndTheLegacyUnitNamesFindThem() throws Exception {
        int exit = MunicipalityAddCommand.run(new String[] {"municipality", "add", "9319", "--like", "9318"},
                configDir, out, out);

        assertThat(exit).as(text()).isZero();
        Path ids = configDir.resolve("mappings/9319/council-decisions/diavgeia.yml");
        JsonNode file = YAML.readTree(ids.toFile());
        assertThat(file.path("organizationId").asText()).isEqualTo("6040");
        JsonNode register = DiavgeiaRegisters.load().units("6040").orElseThrow().body();
        assertThat(file.path("units").size()).isEqualTo(register.path("units").size());
        assertThat(file.path("units").path("ΔΗΜΟΤΙΚΟ ΣΥΜΒΟΥΛΙΟ").asText()).isEqualTo("604001");
        assertThat(file.path("signers").size()).isPositive();
        assertThat(text()).contains("units and", "signers of ΔΗΜΟΣ ΑΠΟΚΟΡΩΝΟΥ", "stand-in")
                .doesNotContain("To map by hand");
        // Rethymno's legacy system writes "Τεχνική Υπηρεσία": the hub finds Apokoronas's unit by the accent-free key.
        DiavgeiaMetadataMapper mapper = DiavgeiaMetadataMapper.load("9319", List.of(configDir.resolve("mappings")));
        assertThat(mapper).isNotNull();
        assertThat(Files.readString(ids)).contains("\"ΤΕΧΝΙΚΗ ΥΠΗΡΕΣΙΑ\": \"604004\"");
    }

    @Test
    void whatTheRegisterDoesNotAnswerIsListedWithItsClosestEntriesAndNothingIsGuessed() throws Exception {
        DiavgeiaIdsFile.Register register = new DiavgeiaIdsFile.Register(List.of(
                new DiavgeiaIdsFile.Entry("11", "ΤΕΧΝΙΚΕΣ ΥΠΗΡΕΣΙΕΣ"),
                new DiavgeiaIdsFile.Entry("12", "ΔΗΜΟΤΙΚΟ ΣΥΜΒΟΥΛΙΟ"),
                new DiavgeiaIdsFile.Entry("13", "ΓΡΑΦΕΙΟ ΔΗΜΑΡΧΟΥ"),
                new DiavgeiaIdsFile.Entry("14", "Γραφείο  Δημάρχου")),
                List.of(new DiavgeiaIdsFile.Entry("21", "ΜΑΡΙΑ ΧΑΤΖΗΔΑΚΗ")), "a test register", false);
        Path file = configDir.resolve("mappings/9319/council-decisions/diavgeia.yml");

        DiavgeiaIdsFile.Outcome outcome = DiavgeiaIdsFile.write(file, "9319", "ΔΗΜΟΣ ΑΠΟΚΟΡΩΝΟΥ", "6040",
                List.of("20"), register, List.of("Δημοτικό Συμβούλιο", "Τεχνική Υπηρεσία"),
                List.of("Μαρία Χατζηδάκη"), "refresh");

        JsonNode written = YAML.readTree(file.toFile());
        assertThat(written.path("units").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("ΔΗΜΟΤΙΚΟ ΣΥΜΒΟΥΛΙΟ", "ΤΕΧΝΙΚΕΣ ΥΠΗΡΕΣΙΕΣ");
        assertThat(written.path("signers").path("ΜΑΡΙΑ ΧΑΤΖΗΔΑΚΗ").asText()).isEqualTo("21");
        assertThat(outcome.problems()).hasSize(2);
        assertThat(outcome.problems().get(0)).contains("share the name", "(13)", "(14)");
        assertThat(outcome.problems().get(1)).contains("\"Τεχνική Υπηρεσία\" is not in the register",
                "closest: ΤΕΧΝΙΚΕΣ ΥΠΗΡΕΣΙΕΣ (11)");
        assertThat(Files.readString(file)).contains("  # \"Τεχνική Υπηρεσία\": \"\"");

        // The integrator maps it by hand; a refresh keeps that, and has nothing left to ask.
        Files.writeString(file, Files.readString(file).replace("  # \"Τεχνική Υπηρεσία\": \"\"",
                "  \"Τεχνική Υπηρεσία\": \"11\""));
        String mapped = Files.readString(file);
        DiavgeiaIdsFile.Outcome refreshed = DiavgeiaIdsFile.write(file, "9319", "ΔΗΜΟΣ ΑΠΟΚΟΡΩΝΟΥ", "6040",
                List.of("20"), register, DiavgeiaIdsFile.names(mapped, "units"),
                DiavgeiaIdsFile.names(mapped, "signers"), "refresh");
        assertThat(YAML.readTree(file.toFile()).path("units").path("Τεχνική Υπηρεσία").asText()).isEqualTo("11");
        assertThat(refreshed.problems()).hasSize(1).allMatch(p -> p.contains("share the name"));
    }

    @Test
    void anOrganisationWithoutUnitsGetsAnEmptyListAndTheLegacyNamesToMap() throws Exception {
        Path file = configDir.resolve("mappings/9319/council-decisions/diavgeia.yml");
        DiavgeiaIdsFile.Outcome outcome = DiavgeiaIdsFile.write(file, "9319", "ΔΗΜΟΣ ΑΠΟΚΟΡΩΝΟΥ", "6040",
                List.of("20"), new DiavgeiaIdsFile.Register(List.of(), List.of(), "a test register", false),
                List.of("Δημοτικό Συμβούλιο"), List.of(), "refresh");

        JsonNode written = YAML.readTree(file.toFile());
        assertThat(written.path("units").isObject()).as(Files.readString(file)).isTrue();
        assertThat(written.path("units").size()).isZero();
        assertThat(written.path("signers").isObject()).isTrue();
        assertThat(outcome.problems()).singleElement().asString().contains("the register has none");
        assertThat(DiavgeiaIdsFile.names(Files.readString(file), "units")).containsExactly("Δημοτικό Συμβούλιο");
    }

    @Test
    void theRegisterIsReadFromTheConfiguredDiavgeiaAndAnUnreachableOneLeavesAFileToRefresh() throws Exception {
        HttpServer diavgeia = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DiavgeiaRegisters registers = DiavgeiaRegisters.load();
        diavgeia.createContext("/opendata/organizations/6040/", exchange -> {
            String register = exchange.getRequestURI().getPath().endsWith("/units") ? "units" : "signers";
            JsonNode body = "units".equals(register) ? registers.units("6040").orElseThrow().body()
                    : registers.signers("6040").orElseThrow().body();
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        diavgeia.start();
        try {
            String url = "http://127.0.0.1:" + diavgeia.getAddress().getPort() + "/opendata";
            assertThat(MunicipalityAddCommand.run(new String[] {"municipality", "add", "9319", "--like", "9318",
                "--diavgeia-url", url}, configDir, out, out)).as(text()).isZero();
            assertThat(text()).contains("from " + url);
            assertThat(YAML.readTree(configDir.resolve("mappings/9319/council-decisions/diavgeia.yml").toFile())
                    .path("units").path("ΔΗΜΟΤΙΚΟ ΣΥΜΒΟΥΛΙΟ").asText()).isEqualTo("604001");
        } finally {
            diavgeia.stop(0);
        }

        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(MunicipalityAddCommand.run(new String[] {"municipality", "add", "9320", "--like", "9318",
            "--diavgeia-url", "http://127.0.0.1:" + closed}, configDir, out, out)).as(text()).isZero();
        Path unread = configDir.resolve("mappings/9320/council-decisions/diavgeia.yml");
        assertThat(text()).contains("Could not read the units and signers", "municipality refresh-diavgeia 9320");
        JsonNode file = YAML.readTree(unread.toFile());
        assertThat(file.path("units").size()).isZero();
        assertThat(file.path("organizationId").asText()).isNotBlank();

        // Later, Diavgeia answering (here the stand-in's registers): the refresh fills the file in.
        assertThat(MunicipalityAddCommand.run(new String[] {"municipality", "refresh-diavgeia", "9320"},
                configDir, out, out)).as(text()).isZero();
        assertThat(YAML.readTree(unread.toFile()).path("units").size()).isPositive();
    }

    private String text() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
