package gr.syndesmos.mappings;

import gr.syndesmos.mappings.engine.MappingLoader;
import gr.syndesmos.mappings.engine.MappingSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mappings from extra folders ({@code <folder>/<code>/<flow>/mapping.yml}, the first folder holding one wins), then
 * from the classpath; each loaded and checked once, then shared (mappings are immutable). All files of a mapping
 * come from the folder that holds its mapping.yml.
 */
final class ClasspathMappingCatalog implements MappingCatalog {

    static final ClasspathMappingCatalog INSTANCE = new ClasspathMappingCatalog(List.of());

    private final List<Path> folders;
    private final Map<String, LegacyMapping> loaded = new ConcurrentHashMap<>();

    ClasspathMappingCatalog(List<Path> folders) {
        this.folders = List.copyOf(folders);
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
