package gr.syndesmos.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.connectors.catalog.ConnectorCatalog;
import gr.syndesmos.hub.configfiles.InvalidConfigurationFileException;
import gr.syndesmos.hub.destinations.DestinationClients;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Credentials;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan joins flows, municipalities, connectors and mappings before anything starts, and refuses what cannot fit. */
class PipelinePlanTest {

    @TempDir
    Path configDir;

    @TempDir
    Path dataDir;

    private PipelinePlan plan() throws Exception {
        HubProperties properties = new HubProperties(dataDir, configDir, null, null, null, Map.of(
                "diavgeia", new HubProperties.Destination(java.net.URI.create("http://127.0.0.1:9/diavgeia"), Map.of()),
                "regional", new HubProperties.Destination(java.net.URI.create("http://127.0.0.1:9/regional"), Map.of())),
                new HubProperties.Http(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)), null);
        var mappings = FolderMappingCatalog.withFolders(List.of(configDir.resolve("mappings")));
        FlowRegistry flows = new FlowRegistry(properties, mappings);
        MunicipalityRegistry municipalities = new MunicipalityRegistry(properties, ConnectorCatalog.fromClasspath(),
                new Credentials(Map.of("AGIOS_NIKOLAOS_KEY", "a-long-enough-key-for-the-test")::get, null,
                        configDir.resolve("secrets")), mappings, flows);
        return new PipelinePlan(flows, municipalities, mappings, properties, new DestinationClients(properties));
    }

    @Test
    void everyMunicipalityOfEveryFlowIsALane() throws Exception {
        PipelinePlan plan = plan();

        assertThat(plan.lanes()).extracting(lane -> lane.flow().name() + "." + lane.code())
                .containsExactlyInAnyOrder("council-decisions.9305", "council-decisions.9318");
        PipelinePlan.Lane rethymno = plan.lane("council-decisions", "9318");
        assertThat(rethymno.intake()).isEqualTo(gr.syndesmos.hub.flows.Flow.Intake.FILE);
        assertThat(rethymno.destinations()).extracting(d -> d.name()).containsExactly("diavgeia", "regional");
        assertThat(rethymno.writeBack()).as("Rethymno's system imports the portal's ADAs").isNotNull();
    }

    @Test
    void aDestinationWithoutAnAddressIsRefusedForEveryMunicipalityThatUsesIt() throws Exception {
        HubProperties properties = new HubProperties(dataDir, configDir, null, null, null, Map.of(), null, null);
        var mappings = FolderMappingCatalog.withFolders(List.of(configDir.resolve("mappings")));
        FlowRegistry flows = new FlowRegistry(properties, mappings);
        MunicipalityRegistry municipalities = new MunicipalityRegistry(properties, ConnectorCatalog.fromClasspath(),
                new Credentials(Map.<String, String>of()::get, null, configDir.resolve("secrets")), mappings, flows);

        assertThatThrownBy(() -> new PipelinePlan(flows, municipalities, mappings, properties,
                new DestinationClients(properties)))
                .isInstanceOf(InvalidConfigurationFileException.class)
                .hasMessageContaining("the hub does not start")
                .hasMessageContaining("9318.yml: flow council-decisions: No URL configured for destination "
                        + "'diavgeia' (syndesmos.destinations.diavgeia.url)")
                .hasMessageContaining("9305.yml: flow council-decisions: No URL configured for destination "
                        + "'regional'");
    }

    @Test
    void aConnectorThatHandsRowsToAMappingThatReadsFilesIsRefusedNamingTheFileAndTheFix() throws Exception {
        Path file = Files.createDirectories(configDir.resolve("municipalities")).resolve("9310.yml");
        Files.writeString(file, """
                code: "9310"
                name: Αγίου Νικολάου
                latinName: Agios Nikolaos
                flows:
                  council-decisions:
                    source:
                      connector: http-in
                      parameters:
                        apiKey: "${env:AGIOS_NIKOLAOS_KEY}"
                    destinations: [regional]
                """, StandardCharsets.UTF_8);

        assertThatThrownBy(this::plan)
                .isInstanceOf(InvalidConfigurationFileException.class)
                .hasMessageContaining("9310.yml")
                .hasMessageContaining("flow council-decisions: connector http-in hands rows")
                .hasMessageContaining("use a connector that hands files, or another mapping");
    }
}
