package gr.syndesmos.hub.municipality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.hub.HubProperties;
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

    private static HubProperties properties(Path configDir) {
        return new HubProperties(null, configDir, null, null, Map.of(), null);
    }

    private void operatorFile(String name, String yaml) throws Exception {
        Path dir = Files.createDirectories(configDir.resolve("municipalities"));
        Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
    }

    @Test
    void builtInMunicipalitiesLoad() throws Exception {
        MunicipalityRegistry registry = new MunicipalityRegistry(properties(null));

        assertThat(registry.all()).extracting(Municipality::code).containsExactly("9305", "9318");

        Municipality rethymno = registry.require("9318");
        assertThat(rethymno.name()).isEqualTo("Ρεθύμνης");
        assertThat(rethymno.latinName()).isEqualTo("Rethymno");
        assertThat(rethymno.diavgeiaOrganizationId()).isEqualTo("6263");
        assertThat(rethymno.flows().get("council-decisions").include()).isEqualTo("apofaseis_*.csv");
        assertThat(rethymno.flows().get("council-decisions").destinations()).containsExactly("diavgeia", "regional");

        Municipality heraklion = registry.require("9305");
        assertThat(heraklion.name()).isEqualTo("Ηρακλείου");
        assertThat(heraklion.diavgeiaOrganizationId()).isEqualTo("6325");
        assertThat(heraklion.flows().get("council-decisions").include()).isEqualTo("export_apofaseon_*.xml");

        assertThat(registry.inFlow("council-decisions")).extracting(Municipality::code)
                .containsExactly("9305", "9318");
        assertThat(registry.find("9999")).isEmpty();
    }

    @Test
    void aValidOperatorFileAddsAMunicipality() throws Exception {
        operatorFile("9999.yml", """
                code: "9999"
                name: Δοκιμής
                latinName: Test
                flows:
                  council-decisions:
                    include: "x_*.csv"
                    destinations: [regional]
                """);
        MunicipalityRegistry registry = new MunicipalityRegistry(properties(configDir));
        assertThat(registry.all()).extracting(Municipality::code).containsExactly("9305", "9318", "9999");
        assertThat(registry.require("9999").flows().get("council-decisions").destinations())
                .isEqualTo(List.of("regional"));
    }

    @Test
    void operatorFileWithoutIncludeIsRefusedNamingTheFile() throws Exception {
        operatorFile("9999.yml", """
                code: "9999"
                name: Δοκιμής
                flows:
                  council-decisions:
                    destinations: [diavgeia, regional]
                """);
        Path file = configDir.resolve("municipalities").resolve("9999.yml");

        assertThatThrownBy(() -> new MunicipalityRegistry(properties(configDir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("include");
    }

    @Test
    void operatorFileNamedAfterAnotherCodeIsRefusedNamingTheFile() throws Exception {
        operatorFile("9999.yml", """
                code: "9998"
                name: Δοκιμής
                flows:
                  council-decisions:
                    include: "x_*.csv"
                    destinations: [regional]
                """);
        Path file = configDir.resolve("municipalities").resolve("9999.yml");

        assertThatThrownBy(() -> new MunicipalityRegistry(properties(configDir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("9998.yml");
    }

    @Test
    void unreadableOperatorFileIsRefusedNamingTheFile() throws Exception {
        operatorFile("9999.yml", """
                code: "9999"
                name: Δοκιμής
                colour: blue
                """);
        Path file = configDir.resolve("municipalities").resolve("9999.yml");

        assertThatThrownBy(() -> new MunicipalityRegistry(properties(configDir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString());
    }
}
