package gr.syndesmos.hub.destinations;

import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.mappings.destinations.DiavgeiaMetadataMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each municipality's Diavgeia ids ({@code diavgeia.yml}: organisation, units, signers), from the built-in mappings or
 * {@code <config-dir>/mappings/<code>/council-decisions/}, loaded once.
 */
final class DiavgeiaMappers {

    private final List<Path> folders;
    private final Map<String, DiavgeiaMetadataMapper> loaded = new ConcurrentHashMap<>();

    DiavgeiaMappers(HubProperties properties) {
        this.folders = properties.configDir() == null ? List.of()
                : List.of(properties.configDir().resolve("mappings"));
    }

    /** @throws IllegalArgumentException naming the file when it is missing or broken */
    DiavgeiaMetadataMapper forMunicipality(String code) {
        return loaded.computeIfAbsent(code, c -> DiavgeiaMetadataMapper.load(c, folders));
    }
}
