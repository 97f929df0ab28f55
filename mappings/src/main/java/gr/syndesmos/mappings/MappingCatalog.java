package gr.syndesmos.mappings;

import java.util.Optional;

/**
 * Finds the mapping of a municipality's flow: {@code classpath:mappings/<municipality code>/<flow>/mapping.yml},
 * with its code lists beside it. Mappings are data; adding a municipality that runs a known legacy format adds
 * files, not Java. Extra folders (the hub's {@code $SYNDESMOS_CONFIG_DIR/mappings}) may add or replace mappings
 * ({@code catalog.FolderMappingCatalog} builds one).
 */
public interface MappingCatalog {

    /**
     * The mapping for one municipality and flow, loaded and checked once.
     *
     * @throws IllegalArgumentException naming the missing or broken file and the problem
     */
    LegacyMapping mapping(String municipalityCode, String flow);

    /** Whether a mapping exists, without loading it. */
    boolean has(String municipalityCode, String flow);

    /** The mapping built into the hub for a flow whose wire format every municipality shares (sensor readings). */
    Optional<LegacyMapping> builtIn(String flow);
}
