package gr.syndesmos.mappings;

/**
 * Finds the mapping of a municipality's flow: {@code classpath:mappings/<municipality code>/<flow>/mapping.yml},
 * with its code lists beside it. Mappings are data; adding a municipality that runs a known legacy format adds
 * files, not Java.
 */
public interface MappingCatalog {

    /** The catalogue of every mapping shipped on the classpath. */
    static MappingCatalog fromClasspath() {
        return ClasspathMappingCatalog.INSTANCE;
    }

    /**
     * The mapping for one municipality and flow, loaded and checked once.
     *
     * @throws IllegalArgumentException naming the missing or broken file and the problem
     */
    LegacyMapping mapping(String municipalityCode, String flow);

    /** Whether a mapping exists, without loading it. */
    boolean has(String municipalityCode, String flow);
}
