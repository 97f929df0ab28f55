package gr.syndesmos.hub.municipality;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.connectors.catalog.ConnectorCatalog;
import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.mappings.MappingCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MunicipalityRegistryTest {

    @TempDir
    Path configDir;

    @TempDir
    Path dataDir;

    private MunicipalityRegistry registry(Map<String, String> environment) throws Exception {
        HubProperties properties = new HubProperties(dataDir, configDir, null, null, null, Map.of(), null, null);
        var mappings = FolderMappingCatalog.withFolders(List.of(configDir.resolve("mappings")));
        return new MunicipalityRegistry(properties, ConnectorCatalog.fromClasspath(),
                new Credentials(environment::get, null, configDir.resolve("secrets")), mappings,
                new gr.syndesmos.hub.flows.FlowRegistry(properties, mappings));
    }

    private MunicipalityRegistry registry() throws Exception {
        return registry(Map.of());
    }

    private Path operatorFile(String name, String yaml) throws Exception {
        Path dir = Files.createDirectories(configDir.resolve("municipalities"));
        return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
    }

    @Test
    void builtInMunicipalitiesLoadWithTheirConnectors() throws Exception {
        MunicipalityRegistry registry = registry();

        assertThat(registry.all()).extracting(Municipality::code).containsExactly("9305", "9318");
        Municipality rethymno = registry.require("9318");
        assertThat(rethymno.name()).isEqualTo("Ρεθύμνης");
        assertThat(rethymno.diavgeiaOrganizationId()).isEqualTo("6263");
        Municipality.FlowUse flow = rethymno.flows().get("council-decisions");
        assertThat(flow.source().connector()).isEqualTo("file-inbox");
        assertThat(flow.source().parameters()).containsEntry("include", "apofaseis_*.csv");
        assertThat(flow.destinations()).containsExactly("diavgeia", "regional");
        assertThat(flow.mappingCode("9318")).isEqualTo("9318");

        // The hub fills in the municipality's own inbox, under the data directory.
        Map<String, String> parameters = registry.templateParameters(rethymno, "council-decisions", flow.source());
        assertThat(parameters).containsEntry("include", "apofaseis_*.csv")
                .containsEntry("directory", dataDir.resolve("inbox/9318/council-decisions").toAbsolutePath()
                        .toString());
        assertThat(registry.find("9999")).isEmpty();
    }

    @Test
    void theDemoMunicipalitiesAreConfigurationOnly() throws Exception {
        Path samples = Path.of("..", "samples", "config", "municipalities");
        for (String code : List.of("9310", "9325", "9054")) {
            Files.copy(samples.resolve(code + ".yml"), Files.createDirectories(configDir.resolve("municipalities"))
                    .resolve(code + ".yml"));
        }
        Files.createDirectories(configDir.resolve("secrets"));
        Files.writeString(configDir.resolve("secrets/chania-db-password"), "not-a-real-one\n");

        MunicipalityRegistry registry = registry(Map.of("CHANIA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "CHANIA_DB_USER", "postgres", "SERRES_MQTT_URL", "tcp://127.0.0.1:1883"));

        assertThat(registry.all()).extracting(Municipality::code)
                .containsExactly("9054", "9305", "9310", "9318", "9325");
        Municipality chania = registry.require("9325");
        Map<String, String> db = registry.templateParameters(chania, "council-decisions",
                chania.flows().get("council-decisions").source());
        assertThat(db).containsEntry("password", "not-a-real-one")
                .containsEntry("jdbcUrl", "jdbc:postgresql://127.0.0.1:5432/test")
                .containsEntry("watermarkName", "9325/council-decisions");
        assertThat(registry.inFlow("sensor-readings")).extracting(Municipality::code).containsExactly("9054");
    }

    @Test
    void everyProblemIsReportedWithItsFileAndLine() throws Exception {
        Path file = operatorFile("9319.yml", """
                code: "9319"
                name: Αποκορώνου
                flows:
                  council-decisions:
                    source:
                      connector: file-inbox
                      parameters:
                        include: "x_*.csv"
                        directroy: /srv/inbox
                        pollDelayMillis: often
                    destinations: [regional, gazette]
                  parking:
                    destinations: [regional]
                """);

        assertThatThrownBy(this::registry)
                .isInstanceOf(InvalidMunicipalityFileException.class)
                .hasMessageContaining(file + ":9: connector file-inbox:")
                .hasMessageContaining("directroy")
                .hasMessageContaining(file + ":10: connector file-inbox:")
                .hasMessageContaining(file + ":11: flow council-decisions cannot deliver to 'gazette'")
                .hasMessageContaining(file + ":12: unknown flow 'parking'");
    }

    @Test
    void aPropertyTheKameletRequiresIsNamedWhenTheFileLeavesItOut() throws Exception {
        Path file = operatorFile("9319.yml", """
                code: "9319"
                name: Αποκορώνου
                flows:
                  council-decisions:
                    mapping: "9318"
                    source:
                      connector: sftp-inbox
                      parameters:
                        username: syndesmos
                        directory: exports
                        include: "apofaseis_*.csv"
                    destinations: [regional]
                """);

        assertThatThrownBy(this::registry)
                .isInstanceOf(InvalidMunicipalityFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("connector sftp-inbox: missing required parameter 'host'");
    }

    @Test
    void aSecretWrittenInlineIsRefusedAndAMissingOneIsNamed() throws Exception {
        Path file = operatorFile("9325.yml", """
                code: "9325"
                name: Χανίων
                diavgeiaOrganizationId: "6318"
                flows:
                  council-decisions:
                    source:
                      connector: db-poll
                      parameters:
                        jdbcUrl: "${env:CHANIA_DB_URL}"
                        username: hub
                        password: hunter2
                        table: chania.apofaseis
                        watermarkColumn: teleftaia_allagi
                        keyColumn: id
                    destinations: [regional]
                """);

        assertThatThrownBy(this::registry)
                .hasMessageContaining(file + ":9: parameter 'jdbcUrl': the environment variable CHANIA_DB_URL is not set")
                .hasMessageContaining(file + ":11: parameter 'password' is a secret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void structuralProblemsNameTheLine() throws Exception {
        Path unknownKey = operatorFile("9318.yml", """
                code: "9318"
                name: Ρεθύμνης
                colour: blue
                """);
        assertThatThrownBy(this::registry).hasMessageContaining(unknownKey + ":3: unknown key 'colour'");

        Files.delete(unknownKey);
        Path wrongName = operatorFile("9302.yml", """
                code: "9999"
                name: Δοκιμής
                flows:
                  council-decisions:
                    source: { connector: file-inbox, parameters: { include: "a*.csv" } }
                    destinations: [regional]
                """);
        assertThatThrownBy(this::registry)
                .hasMessageContaining(wrongName + ":1: the file must be named after the code: 9999.yml")
                .hasMessageContaining(wrongName + ":1: 9999 is not a municipality of the Kallikratis register")
                .hasMessageContaining("no mapping for flow council-decisions in mappings/9999/");

        Files.delete(wrongName);
        Path syntax = operatorFile("9302.yml", "code: \"9302\"\nname: [unclosed\n");
        assertThatThrownBy(this::registry).hasMessageContaining(syntax + ": not valid YAML")
                .hasMessageContaining("line");
    }

    @Test
    void municipalityAddWritesAFileTheHubAccepts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = MunicipalityAddCommand.run(new String[] {"municipality", "add", "9319", "--like", "9318"},
                configDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String written = Files.readString(configDir.resolve("municipalities/9319.yml"));
        assertThat(written).contains("code: \"9319\"", "name: ΑΠΟΚΟΡΩΝΟΥ", "latinName: Apokoronou",
                "diavgeiaOrganizationId: \"6040\"", "mapping: \"9318\"", "connector: file-inbox",
                "include: \"apofaseis_*.csv\"");
        assertThat(configDir.resolve("mappings/9319/council-decisions/diavgeia.yml")).exists();

        MunicipalityRegistry registry = registry();
        Municipality apokoronas = registry.require("9319");
        Map<String, String> inbox = registry.templateParameters(apokoronas, "council-decisions",
                apokoronas.flows().get("council-decisions").source());
        assertThat(inbox.get("directory")).endsWith("inbox/9319/council-decisions".replace('/',
                java.io.File.separatorChar));
    }

    @Test
    void municipalityAddTellsHeraklionOfAtticaFromHeraklionOfCrete() throws Exception {
        MunicipalityAddCommand.add("9170", "9305", null, configDir, false);

        assertThat(Files.readString(configDir.resolve("municipalities/9170.yml")))
                .contains("diavgeiaOrganizationId: \"6109\"");
    }

    @Test
    void municipalityAddRefusesWhatTheRegistersDoNotKnow() {
        assertThatThrownBy(() -> MunicipalityAddCommand.add("9999", "9318", null, configDir, false))
                .hasMessageContaining("9999 is not a municipality of the Kallikratis register");
        assertThatThrownBy(() -> MunicipalityAddCommand.add("9319", "9111", null, configDir, false))
                .hasMessageContaining("serves no municipality 9111");
        assertThatThrownBy(() -> MunicipalityAddCommand.add("9319", "9318", "1", configDir, false))
                .hasMessageContaining("1 is not an organisation of the Diavgeia register");
    }
}
