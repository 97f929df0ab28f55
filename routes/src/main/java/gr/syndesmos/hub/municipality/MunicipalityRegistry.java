package gr.syndesmos.hub.municipality;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gr.syndesmos.hub.HubProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The municipalities the hub serves: the built-in files ({@code classpath:municipalities/*.yml}) and those an
 * operator adds under {@code $SYNDESMOS_CONFIG_DIR/municipalities/}, which replace a built-in one with the same
 * code. Every file is checked at start; a broken one stops the hub with a message naming the file and the problem.
 */
@Component
public class MunicipalityRegistry {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, Municipality> byCode = new TreeMap<>();

    public MunicipalityRegistry(HubProperties properties) throws IOException {
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:municipalities/*.yml")) {
            try (InputStream in = resource.getInputStream()) {
                add(read(in, resource.getFilename()), resource.getFilename());
            }
        }
        Path operatorDir = properties.configDir() == null ? null : properties.configDir().resolve("municipalities");
        if (operatorDir != null && Files.isDirectory(operatorDir)) {
            try (Stream<Path> files = Files.list(operatorDir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        add(read(in, file.toString()), file.toString());
                    }
                }
            }
        }
    }

    private static Municipality read(InputStream in, String source) {
        try {
            return YAML.readValue(in, Municipality.class);
        } catch (IOException e) {
            throw new IllegalStateException("Municipality file " + source + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void add(Municipality municipality, String source) {
        List<String> problems = new ArrayList<>();
        if (municipality.code() == null || !municipality.code().matches("[0-9]{4}")) {
            problems.add("code must be the 4-digit Kallikratis code, as a string (e.g. \"9318\")");
        } else if (!source.endsWith(municipality.code() + ".yml")) {
            problems.add("the file must be named after the code: " + municipality.code() + ".yml");
        }
        if (municipality.name() == null || municipality.name().isBlank()) {
            problems.add("name is missing");
        }
        if (municipality.flows() != null) {
            municipality.flows().forEach((flow, settings) -> {
                if (settings == null || settings.include() == null || settings.include().isBlank()) {
                    problems.add("flow " + flow + ": include (the export file pattern) is missing");
                }
                if (settings == null || settings.destinations() == null || settings.destinations().isEmpty()) {
                    problems.add("flow " + flow + ": destinations are missing");
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Municipality file " + source + " is not valid: "
                    + String.join("; ", problems));
        }
        byCode.put(municipality.code(), municipality);
    }

    public Collection<Municipality> all() {
        return byCode.values();
    }

    public Optional<Municipality> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Municipality require(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("Unknown municipality " + code));
    }

    /** The municipalities taking part in a flow. */
    public List<Municipality> inFlow(String flow) {
        return byCode.values().stream().filter(m -> m.takesPartIn(flow)).toList();
    }
}
