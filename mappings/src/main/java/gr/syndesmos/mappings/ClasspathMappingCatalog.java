package gr.syndesmos.mappings;

import gr.syndesmos.mappings.engine.MappingLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Mappings shipped on the classpath, each loaded and checked once, then shared (mappings are immutable). */
final class ClasspathMappingCatalog implements MappingCatalog {

    static final ClasspathMappingCatalog INSTANCE = new ClasspathMappingCatalog();

    private final Map<String, LegacyMapping> loaded = new ConcurrentHashMap<>();

    private ClasspathMappingCatalog() {
    }

    @Override
    public LegacyMapping mapping(String municipalityCode, String flow) {
        checkName(municipalityCode, "municipality code");
        checkName(flow, "flow");
        return loaded.computeIfAbsent(municipalityCode + "/" + flow,
                key -> MappingLoader.load(municipalityCode, flow));
    }

    @Override
    public boolean has(String municipalityCode, String flow) {
        if (!safe(municipalityCode) || !safe(flow)) {
            return false;
        }
        return ClasspathMappingCatalog.class.getClassLoader()
                .getResource(MappingLoader.folder(municipalityCode, flow) + "mapping.yml") != null;
    }

    /** Codes and flows become classpath paths: refuse anything that could climb out of mappings/. */
    private static boolean safe(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9-]*");
    }

    private static void checkName(String name, String what) {
        if (!safe(name)) {
            throw new IllegalArgumentException("not a valid " + what + ": " + name);
        }
    }
}
