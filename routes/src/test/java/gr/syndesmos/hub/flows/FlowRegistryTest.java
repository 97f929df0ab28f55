package gr.syndesmos.hub.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flow files: the shipped ones, a region's own, and every way a file can be wrong, each named by file and line. */
class FlowRegistryTest {

    @TempDir
    Path configDir;

    private FlowRegistry registry() throws Exception {
        HubProperties properties = new HubProperties(configDir.resolve("data"), configDir, null, null, null, Map.of(),
                null, null);
        return new FlowRegistry(properties, FolderMappingCatalog.withFolders(List.of(configDir.resolve("mappings"))));
    }

    private Path flowFile(String name, String yaml) throws Exception {
        Path dir = Files.createDirectories(configDir.resolve("flows"));
        return Files.writeString(dir.resolve(name + ".flow.yml"), yaml);
    }

    @Test
    void theShippedFlowsAreDeclaredByTheirFiles() throws Exception {
        FlowRegistry flows = registry();
        assertThat(flows.names()).containsExactly("certificate-requests", "council-decisions",
                "residence-transfers", "sensor-readings");
        Flow transfers = flows.require("residence-transfers");
        assertThat(transfers.pattern()).isEqualTo(Flow.Pattern.CONVERSATION);
        assertThat(transfers.conversation().overdueAfter()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(transfers.conversation().stalledAfter()).isEqualTo(java.time.Duration.ofHours(72));

        Flow certificates = flows.require("certificate-requests");
        assertThat(certificates.pattern()).isEqualTo(Flow.Pattern.REQUEST_REPLY);
        assertThat(certificates.reply().operations()).containsExactly("getTapCertificate",
                "getPermanentResidenceCertificate");
        assertThat(certificates.reply().deadline()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(certificates.reply().lateAnswersFor()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(certificates.destinations()).isEmpty();

        Flow decisions = flows.require("council-decisions");
        assertThat(decisions.pattern()).isEqualTo(Flow.Pattern.PUBLISH);
        assertThat(decisions.recordType()).isEqualTo("council-decision");
        assertThat(decisions.versions()).isEqualTo(Flow.Versions.CORRECTIONS);
        assertThat(decisions.mapping()).isEqualTo(Flow.MappingKind.PER_MUNICIPALITY);
        assertThat(decisions.accepts()).containsExactlyInAnyOrder(Flow.Intake.FILE, Flow.Intake.ROWS);
        assertThat(decisions.destinations()).extracting(Flow.FlowDestination::name, Flow.FlowDestination::contract)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("diavgeia", "diavgeia-decision"),
                        org.assertj.core.groups.Tuple.tuple("regional", "regional-record"));
        assertThat(decisions.destinations()).as("in order per record, several records at once")
                .allSatisfy(d -> assertThat(d.inOrder()).isTrue())
                .allSatisfy(d -> assertThat(d.consumers()).isEqualTo(Flow.DEFAULT_CONSUMERS))
                .allSatisfy(d -> assertThat(d.acknowledgeEvery()).isEqualTo(Flow.DEFAULT_ACKNOWLEDGE_EVERY));
        assertThat(decisions.writeBackFrom()).isEqualTo("diavgeia");
        assertThat(decisions.file()).isEqualTo("classpath:flows/council-decisions.flow.yml");

        Flow readings = flows.require("sensor-readings");
        assertThat(readings.versions()).isEqualTo(Flow.Versions.IMMUTABLE);
        assertThat(readings.mapping()).isEqualTo(Flow.MappingKind.BUILT_IN);
        assertThat(readings.accepts()).containsExactlyInAnyOrder(Flow.Intake.ROWS, Flow.Intake.MESSAGES);
        assertThat(readings.writesBack()).isFalse();
    }

    @Test
    void aRegionsOwnFileReplacesTheShippedOneOfTheSameName() throws Exception {
        flowFile("sensor-readings", """
                name: sensor-readings
                pattern: publish
                record: { type: sensor-reading, schemaVersion: 1, versions: immutable }
                mapping: built-in
                accepts: [messages]
                destinations:
                  regional:
                    contract: regional-record
                    ordering: unordered
                    consumers: 6
                    acknowledgeEvery: 1
                    retry: { attempts: 5 }
                """);
        Flow readings = registry().require("sensor-readings");
        assertThat(readings.accepts()).containsExactly(Flow.Intake.MESSAGES);
        Flow.FlowDestination regional = readings.destination("regional").orElseThrow();
        assertThat(regional.inOrder()).isFalse();
        assertThat(regional.consumers()).isEqualTo(6);
        assertThat(regional.acknowledgeEvery()).isEqualTo(1);
        assertThat(regional.attempts()).isEqualTo(5);
        assertThat(readings.file()).endsWith("sensor-readings.flow.yml").doesNotStartWith("classpath:");
    }

    @Test
    void everyProblemOfEveryFileIsNamedWithItsFileAndLineAndNothingStarts() throws Exception {
        Path typo = flowFile("typo", """
                name: typo
                pattern: publish
                record: { type: council-decision, schemaVersion: 1, versions: corrections }
                mapping: per-municipality
                accepts: [file]
                destination:
                  regional: { contract: regional-record }
                """);
        Path contracts = flowFile("contracts", """
                name: contracts
                pattern: publish
                record:
                  type: sensor-reading
                  schemaVersion: 1
                  versions: corrections
                mapping: built-in
                accepts: [rows]
                destinations:
                  portal:
                    contract: diavgeia-decision
                  archive:
                    contract: national-archive
                  regional:
                    contract: regional-record
                    ordering: unordered
                writeBack:
                  answersFrom: regional
                """);
        Path version = flowFile("version", """
                name: version
                pattern: publish
                record:
                  type: council-decision
                  schemaVersion: 7
                  versions: corrections
                mapping: per-municipality
                accepts: [file]
                destinations:
                  regional: { contract: regional-record, consumers: 80, acknowledgeEvery: 0 }
                """);
        Path answered = flowFile("certificates", """
                name: certificates
                pattern: request-reply
                record: { type: council-decision, schemaVersion: 1, versions: immutable }
                reply: { operations: [getTapCertificate, getMarriageCertificate], deadline: P3D }
                """);
        Path reserved = flowFile("transfers", """
                name: transfers
                pattern: conversation
                record: { type: council-decision, schemaVersion: 1, versions: immutable }
                mapping: per-municipality
                accepts: [rows]
                destinations:
                  regional: { contract: regional-record }
                reply: { deadline: PT10S }
                """);

        assertThatThrownBy(this::registry).isInstanceOf(FlowRegistry.InvalidFlowFileException.class)
                .satisfies(e -> assertThat(((FlowRegistry.InvalidFlowFileException) e).problems()).satisfies(problems -> {
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(typo + ":6: unknown key "
                            + "'destination'").contains("destinations"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(contracts + ":11: contract "
                            + "diavgeia-decision cannot express sensor-reading"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(contracts + ":13: no contract is "
                            + "named national-archive").contains("regional-record"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(contracts + ":16: unordered "
                            + "delivery would let a correction overtake its original"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(contracts + ":18: destination "
                            + "regional (regional-record) answers with no reference"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(version + ":5: there is no schema "
                            + "schemas/council-decision/v7/council-decision.schema.json"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(version + ":10: consumers must be "
                            + "1 to 64, not 80"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(version + ":10: acknowledgeEvery "
                            + "must be 1 to 256, not 0"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(reserved + ":3: record belongs "
                            + "to the publish pattern; a conversation flow"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(reserved + ":6: destinations "
                            + "belongs to the publish pattern"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(answered + ":3: record belongs "
                            + "to the publish pattern"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(answered + ":4: the hub answers ")
                            .endsWith("not getMarriageCertificate"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(answered + ":4: reply.deadline "
                            + "must be from PT2S to PT1M, not P3D"));
                    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(reserved + ":8: reply belongs to "
                            + "the request-reply pattern"));
                }));
    }

    @Test
    void twoFlowsClaimingOneRecordTypeAreRefused() throws Exception {
        Path second = flowFile("more-decisions", """
                name: more-decisions
                pattern: publish
                record: { type: council-decision, schemaVersion: 1, versions: corrections }
                mapping: per-municipality
                accepts: [file]
                destinations:
                  regional: { contract: regional-record }
                """);
        assertThatThrownBy(this::registry).isInstanceOf(FlowRegistry.InvalidFlowFileException.class)
                .hasMessageContaining(second + ":3: flow more-decisions carries council-decision, as flow "
                        + "council-decisions (classpath:flows/council-decisions.flow.yml) already does");
    }
}
