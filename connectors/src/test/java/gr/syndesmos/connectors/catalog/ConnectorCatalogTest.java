package gr.syndesmos.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every descriptor on the class path, whoever wrote it, is checked at build time: against the descriptor meta-schema,
 * and against the route template its implementation declares.
 */
class ConnectorCatalogTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<ClasspathFolder.Entry> descriptorFiles() {
        return ClasspathFolder.list(ConnectorCatalogTest.class.getClassLoader(), ConnectorCatalog.FOLDER,
                ConnectorCatalog.SUFFIX);
    }

    @Test
    void theFileConnectorsAreInTheCatalogue() {
        ConnectorCatalog catalog = ConnectorCatalog.fromClasspath();

        assertThat(catalog.all()).extracting(ConnectorDescriptor::name)
                .contains("file-inbox", "file-outbox", "sftp-inbox", "sftp-outbox");
        assertThat(catalog.all()).hasSize(descriptorFiles().size());
    }

    @TestFactory
    Stream<DynamicTest> everyDescriptorFollowsTheMetaSchema() {
        return descriptorFiles().stream().map(file -> DynamicTest.dynamicTest(file.fileName(), () -> {
            JsonNode descriptor = YAML.readTree(file.read());
            assertThat(ConnectorCatalog.check(file.fileName(), descriptor)).as(file.fileName()).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyDescriptorMatchesItsRouteTemplate() {
        return descriptorFiles().stream().map(file -> DynamicTest.dynamicTest(file.fileName(), () -> {
            ConnectorDescriptor descriptor = ConnectorCatalog.read(file.fileName(), file.read());
            assertThat(TemplateConformance.problems(descriptor)).as(file.fileName()).isEmpty();
        }));
    }

    @Test
    void aBrokenDescriptorIsRefusedNamingTheFileAndEachProblem() {
        assertThatThrownBy(() -> ConnectorCatalog.load(getClass().getClassLoader(), "broken-connectors"))
                .isInstanceOf(InvalidConnectorDescriptorException.class)
                .hasMessageContaining("Connector descriptor broken-inbox.connector.yaml is invalid")
                .hasMessageContaining("must be named after the connector: Broken_Inbox.connector.yaml")
                .hasMessageContaining("name")
                .hasMessageContaining("produces")
                .hasMessageContaining("definition.properties.password")
                .hasMessageContaining("x-descriptors")
                .hasMessageContaining("definition.properties.directory")
                .hasMessageContaining("description")
                .hasMessageContaining("definition.properties.pollDelayMillis.default")
                .hasMessageContaining("required parameter 'include' is not among the properties");
    }

    @Test
    void aTemplateThatDiffersFromItsDescriptorIsReported() throws Exception {
        ConnectorCatalog catalog = ConnectorCatalog.load(getClass().getClassLoader(), "mismatched-connectors");

        List<String> problems = TemplateConformance.problems(catalog.get("mismatched-inbox"));

        assertThat(problems).containsExactlyInAnyOrder(
                "the route template's id is 'mismatched', not the connector's name 'mismatched-inbox'",
                "parameter 'pollDelayMillis' defaults to '1000' in the descriptor but to '500' in the template",
                "the template's parameters differ from the descriptor's; missing in the template: [include];"
                        + " not in the descriptor: [includes]");
    }
}
