package gr.syndesmos.hub.municipality;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import gr.syndesmos.connectors.catalog.ConnectorCatalog;
import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.mappings.MappingCatalog;
import java.nio.file.Path;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What municipality files are checked against and resolved with: the connector catalogue, the mappings (built in,
 * and those an integrator adds under {@code <config-dir>/mappings/}) and the credentials referenced.
 */
@Configuration(proxyBeanMethods = false)
public class OnboardingConfiguration {

    @Bean
    ConnectorCatalog connectorCatalog() {
        return ConnectorCatalog.fromClasspath();
    }

    @Bean
    MappingCatalog mappingCatalog(HubProperties properties) {
        return properties.configDir() == null ? FolderMappingCatalog.fromClasspath()
                : FolderMappingCatalog.withFolders(List.of(properties.configDir().resolve("mappings")));
    }

    @Bean
    Credentials credentials(HubProperties properties) {
        Path secretsFolder = properties.configDir() == null ? null : properties.configDir().resolve("secrets");
        return new Credentials(System::getenv, properties.secretsFile(), secretsFolder);
    }
}
