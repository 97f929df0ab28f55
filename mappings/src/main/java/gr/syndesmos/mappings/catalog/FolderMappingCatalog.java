package gr.syndesmos.mappings.catalog;

import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.MappingCatalog;

import gr.syndesmos.mappings.engine.MappingLoader;
import gr.syndesmos.mappings.engine.MappingSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mappings from extra folders ({@code <folder>/<code>/<flow>/mapping.yml}, the first folder holding one wins), then
 * from the classpath; each loaded and checked once, then shared (mappings are immutable). All files of a mapping
 * come from the folder that holds its mapping.yml. Built-in mappings (a wire format every municipality shares) are
 * found with {@link ServiceLoader} ({@code META-INF/services/gr.syndesmos.mappings.LegacyMapping}), by the flow they
 * serve.
 */
public final class FolderMappingCatalog implements MappingCatalog {

    private static final FolderMappingCatalog CLASSPATH = new FolderMappingCatalog(List.of());
    private static final Map<String, LegacyMapping> BUILT_IN = builtIns();

    private final List<Path> folders;
    private final Map<String, LegacyMapping> loaded = new ConcurrentHashMap<>();

    private FolderMappingCatalog(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** The catalogue of every mapping shipped on the classpath. */
    public static MappingCatalog fromClasspath() {
        return CLASSPATH;
    }

    /**
     * A catalogue that looks in these folders first, in order, then on the classpath: a mapping in
     * {@code <folder>/<code>/<flow>/mapping.yml} wins over the classpath's for the same code and flow, with its code
     * lists and layout read from the same folder. Checked the same way; messages name the file by its path. A folder
     * that does not exist is skipped.
     *
     * @param folders roots like {@code $SYNDESMOS_CONFIG_DIR/mappings}
     */
    public static MappingCatalog withFolders(List<Path> folders) {
        return folders.isEmpty() ? CLASSPATH : new FolderMappingCatalog(folders);
    }

    private static Map<String, LegacyMapping> builtIns() {
        Map<String, LegacyMapping> builtIn = new TreeMap<>();
        for (LegacyMapping mapping : ServiceLoader.load(LegacyMapping.class, LegacyMapping.class.getClassLoader())) {
            if (builtIn.putIfAbsent(mapping.flow(), mapping) != null) {
                throw new IllegalStateException("two built-in mappings serve the flow " + mapping.flow());
            }
        }
        return Map.copyOf(builtIn);
    }

    @Override
    public Optional<LegacyMapping> builtIn(String flow) {
        return Optional.ofNullable(flow == null ? null : BUILT_IN.get(flow));
    }

    @Override
    public LegacyMapping mapping(String municipalityCode, String flow) {
        checkName(municipalityCode, "municipality code");
        checkName(flow, "flow");
        return loaded.computeIfAbsent(municipalityCode + "/" + flow,
                key -> MappingLoader.load(municipalityCode, flow, source(municipalityCode, flow)));
    }

    @Override
    public boolean has(String municipalityCode, String flow) {
        if (!safe(municipalityCode) || !safe(flow)) {
            return false;
        }
        return source(municipalityCode, flow).exists("mapping.yml");
    }

    /** The folder that holds this mapping's mapping.yml: an extra folder first, else the classpath. */
    private MappingSource source(String municipalityCode, String flow) {
        for (Path folder : folders) {
            if (Files.isRegularFile(folder.resolve(municipalityCode).resolve(flow).resolve("mapping.yml"))) {
                return MappingSource.directory(folder, municipalityCode, flow);
            }
        }
        return MappingSource.classpath(municipalityCode, flow);
    }

    /** Codes and flows become paths: refuse anything that could climb out of mappings/. */
    static boolean safe(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9-]*");
    }

    private static void checkName(String name, String what) {
        if (!safe(name)) {
            throw new IllegalArgumentException("not a valid " + what + ": " + name);
        }
    }
}
