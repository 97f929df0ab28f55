package gr.syndesmos.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every connector's Kamelet on the class path, whoever wrote it, is checked at build time: against the Kamelet
 * meta-schema and the catalogue's rules (secrets, descriptions, placeholders), and as Camel itself reads it.
 */
class ConnectorCatalogTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<ClasspathFolder.Entry> kameletFiles() {
        return ClasspathFolder.list(ConnectorCatalogTest.class.getClassLoader(), ConnectorCatalog.FOLDER,
                ConnectorCatalog.SUFFIX);
    }

    @Test
    void everyConnectorIsInTheCatalogue() {
        ConnectorCatalog catalog = ConnectorCatalog.fromClasspath();

        assertThat(catalog.all()).extracting(ConnectorDescriptor::name).containsExactlyInAnyOrder(
                "broker-in", "broker-out", "certificate-files", "certificate-tables", "db-poll", "file-inbox",
                "file-outbox", "http-in", "http-out", "mqtt-in", "sftp-inbox", "sftp-outbox", "transfer-files-in",
                "transfer-files-out", "transfer-tables-in", "transfer-tables-out");
        assertThat(catalog.all()).hasSize(kameletFiles().size());
        assertThat(catalog.get("mqtt-in").produces()).contains("messages");
        assertThat(catalog.get("http-out").kind()).isEqualTo(ConnectorDescriptor.Kind.SINK);
        assertThat(catalog.get("certificate-tables").kind()).isEqualTo(ConnectorDescriptor.Kind.ACTION);
        assertThat(catalog.isSecret("certificate-tables", "password")).isTrue();
        assertThat(catalog.isSecret("sftp-inbox", "privateKeyPassphrase")).isTrue();
    }

    @TestFactory
    Stream<DynamicTest> everyKameletFollowsTheCatalogueRules() {
        return kameletFiles().stream().map(file -> DynamicTest.dynamicTest(file.fileName(), () -> {
            JsonNode kamelet = YAML.readTree(file.read());
            assertThat(ConnectorCatalog.check(file.fileName(), kamelet)).as(file.fileName()).isEmpty();
        }));
    }

    /** Camel's own Kamelet loader makes a route template with the parameters, required ones and defaults we read. */
    @TestFactory
    Stream<DynamicTest> camelReadsEveryKameletAsTheCatalogueDoes() {
        return kameletFiles().stream().map(file -> DynamicTest.dynamicTest(file.fileName(), () -> {
            ConnectorDescriptor descriptor = ConnectorCatalog.read(file.fileName(), file.read());
            try (DefaultCamelContext context = new DefaultCamelContext()) {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromBytes(
                        "classpath:" + ConnectorCatalog.FOLDER + "/" + file.fileName(), file.read()));
                RouteTemplateDefinition template = context.getRouteTemplateDefinition(descriptor.name());
                assertThat(template).as("Camel's route template of " + file.fileName()).isNotNull();
                Map<String, String> camelDefaults = new LinkedHashMap<>();
                Map<String, Boolean> camelRequired = new LinkedHashMap<>();
                for (RouteTemplateParameterDefinition parameter : template.getTemplateParameters()) {
                    camelDefaults.put(parameter.getName(), parameter.getDefaultValue());
                    camelRequired.put(parameter.getName(), parameter.isRequired());
                }
                assertThat(camelDefaults.keySet()).containsExactlyInAnyOrderElementsOf(
                        descriptor.parameters().keySet());
                descriptor.parameters().values().forEach(parameter -> {
                    assertThat(camelDefaults.get(parameter.name())).as(parameter.name())
                            .isEqualTo(parameter.defaultText().orElse(null));
                    if (parameter.required()) {
                        assertThat(camelRequired.get(parameter.name())).as(parameter.name() + " required").isTrue();
                    }
                });
            }
        }));
    }

    @Test
    void aBrokenKameletIsRefusedNamingTheFileAndEachProblem() {
        assertThatThrownBy(() -> ConnectorCatalog.load(getClass().getClassLoader(), "broken-kamelets"))
                .isInstanceOf(InvalidConnectorDescriptorException.class)
                .hasMessageContaining("Kamelet broken-inbox.kamelet.yaml is invalid")
                .hasMessageContaining("must be named after the connector: Broken_Inbox.kamelet.yaml")
                .hasMessageContaining("metadata.name")
                .hasMessageContaining("syndesmos.gr/produces")
                .hasMessageContaining("spec.definition.properties.password")
                .hasMessageContaining("x-descriptors")
                .hasMessageContaining("spec.definition.properties.directory")
                .hasMessageContaining("description")
                .hasMessageContaining("property 'apiKey' holds a secret: mark it format: password")
                .hasMessageContaining("the template uses {{charset}}, which is neither a property nor a bean")
                .hasMessageContaining("property 'neverUsed' is never used by the template")
                .hasMessageContaining("required parameter 'include' is not among the properties");
    }

    @Test
    void anEndpointUriCarriesAnyValueUnchanged() {
        assertThat(ConnectorCatalog.endpointUri("http-in", "flow.source.9318",
                Map.of("apiKey", "a&b=c+d (1)")))
                .isEqualTo("kamelet:http-in/flow.source.9318?apiKey=RAW{a&b=c+d (1)}");
        assertThat(ConnectorCatalog.endpointUri("http-in", "r", Map.of("apiKey", "x%20y")))
                .isEqualTo("kamelet:http-in/r?apiKey=RAW(x%20y)");
        assertThatThrownBy(() -> ConnectorCatalog.endpointUri("http-in", "r", Map.of("apiKey", "a)b}")))
                .hasMessageContaining("holds both ')' and '}'");
    }
}
