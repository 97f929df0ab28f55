package gr.syndesmos.hub.registers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gr.syndesmos.mappings.text.GreekText;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Diavgeia stand-in's registers: the recorded ones as recorded, a stable made-up one for every other organisation
 * of the official list, and the ids of every shipped municipality's Diavgeia mapping taken from them.
 */
class DiavgeiaRegistersTest {

    private static final Path FIXTURES = Path.of(System.getProperty("syndesmos.reference",
            "../../shared/reference")).resolve("diavgeia/api_fixtures");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final DiavgeiaRegisters registers = DiavgeiaRegisters.load();

    @Test
    void aRecordedOrganisationsRegistersAreAnsweredAsRecorded() throws Exception {
        DiavgeiaRegisters.Answer units = registers.units("6174").orElseThrow();
        DiavgeiaRegisters.Answer signers = registers.signers("6174").orElseThrow();
        assertThat(units.generated()).isFalse();
        assertThat(signers.generated()).isFalse();
        assertThat(units.body().path("units")).hasSize(recorded("units").path("units").size());
        assertThat(units.body().path("units").get(0).path("label").asText()).isEqualTo("ΓΡΑΦΕΙΟ ΑΝΤΙΔΗΜΑΡΧΟΥ");
        assertThat(signers.body().path("signers")).hasSize(31);
        if (Files.isDirectory(FIXTURES)) {
            assertThat(units.body()).isEqualTo(recorded("units"));
            assertThat(signers.body()).isEqualTo(recorded("signers"));
        }
    }

    @Test
    void everyOrganisationOfTheListHasAStableRegisterMarkedAsMadeUp() {
        DiavgeiaRegisters again = DiavgeiaRegisters.load();
        JsonNode organizations = registers.organizations().path("organizations");
        assertThat(organizations).hasSize(407);
        for (JsonNode organization : organizations) {
            String uid = organization.path("uid").asText();
            if (uid.equals("6174")) {
                continue;
            }
            DiavgeiaRegisters.Answer units = registers.units(uid).orElseThrow();
            DiavgeiaRegisters.Answer signers = registers.signers(uid).orElseThrow();
            assertThat(units.generated()).as(uid).isTrue();
            assertThat(units.body().path("standIn").asText()).isEqualTo("generated");
            assertThat(units.body().path("units")).as(uid).isNotEmpty();
            assertThat(signers.body().path("signers")).as(uid).isNotEmpty();
            assertThat(units.body()).as("the same on every start").isEqualTo(again.units(uid).orElseThrow().body());
            assertThat(signers.body()).isEqualTo(again.signers(uid).orElseThrow().body());
            Set<String> ids = new HashSet<>();
            units.body().path("units").forEach(u -> ids.add(u.path("uid").asText()));
            signers.body().path("signers").forEach(s -> ids.add(s.path("uid").asText()));
            assertThat(ids).as("%s: every id its own", uid)
                    .hasSize(units.body().path("units").size() + signers.body().path("signers").size());
            Set<String> names = new HashSet<>();
            signers.body().path("signers").forEach(s -> names.add(s.path("firstName").asText() + " "
                    + s.path("lastName").asText()));
            assertThat(names).as("%s: no two signers share a name", uid)
                    .hasSize(signers.body().path("signers").size());
            for (JsonNode signer : signers.body().path("signers")) {
                assertThat(signer.path("organizationId").asText()).isEqualTo(uid);
                assertThat(signer.at("/units/0/positionLabel").asText()).as("%s: a position", uid).isNotBlank();
            }
        }
        assertThat(registers.units("99999999")).isEmpty();
        assertThat(registers.positions("99999999")).isEmpty();
    }

    @Test
    void theShippedMunicipalitiesMappingsUseTheStandInsIdsUnderTheSameNames() throws Exception {
        for (String code : new String[] {"9318", "9305", "9325"}) {
            JsonNode mapping;
            try (InputStream in = getClass().getResourceAsStream("/mappings/" + code
                    + "/council-decisions/diavgeia.yml")) {
                mapping = YAML.readTree(in);
            }
            String organization = mapping.path("organizationId").asText();
            assertThat(registers.organization(organization)).as(code).isPresent();
            Map<String, String> units = new HashMap<>();
            registers.units(organization).orElseThrow().body().path("units")
                    .forEach(u -> units.put(u.path("uid").asText(), GreekText.matchKey(u.path("label").asText())));
            Map<String, String> signers = new HashMap<>();
            registers.signers(organization).orElseThrow().body().path("signers")
                    .forEach(s -> signers.put(s.path("uid").asText(), GreekText.matchKey(
                            s.path("firstName").asText() + " " + s.path("lastName").asText())));
            mapping.path("units").fields().forEachRemaining(unit -> assertThat(units.get(unit.getValue().asText()))
                    .as("%s unit %s", code, unit.getKey()).isEqualTo(GreekText.matchKey(unit.getKey())));
            mapping.path("signers").fields().forEachRemaining(signer -> assertThat(
                    signers.get(signer.getValue().asText())).as("%s signer %s", code, signer.getKey())
                    .isEqualTo(GreekText.matchKey(signer.getKey())));
        }
    }

    @Test
    void typesAndDictionariesAreThePortals() {
        assertThat(registers.types().path("decisionTypes")).isNotEmpty();
        assertThat(registers.dictionaries().findValuesAsText("uid")).contains("THK", "FEKTYPES");
        assertThat(registers.dictionary("THK").orElseThrow().path("items").findValuesAsText("uid")).contains("20");
        assertThat(registers.dictionary("FEKTYPES").orElseThrow().path("name").asText()).isEqualTo("FEKTYPES");
        assertThat(registers.dictionary("NOPE")).isEmpty();
        assertThat(registers.dictionary("../registers/diavgeia-organizations")).isEmpty();
    }

    private static JsonNode recorded(String register) throws Exception {
        try (InputStream in = DiavgeiaRegistersTest.class.getResourceAsStream("/sandbox/diavgeia/6174/" + register
                + ".json")) {
            JsonNode shipped = JSON.readTree(in);
            Path fixture = FIXTURES.resolve("organizations__an_orgs_" + register + ".json");
            return Files.exists(fixture) ? JSON.readTree(fixture.toFile()) : shipped;
        }
    }
}
