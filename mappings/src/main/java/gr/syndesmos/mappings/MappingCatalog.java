package gr.syndesmos.mappings;

import java.nio.file.Path;
import java.util.List;

/**
 * Finds the mapping of a municipality's flow: {@code classpath:mappings/<municipality code>/<flow>/mapping.yml},
 * with its code lists beside it. Mappings are data; adding a municipality that runs a known legacy format adds
 * files, not Java. Extra folders (the hub's {@code $SYNDESMOS_CONFIG_DIR/mappings}) may add or replace mappings.
 */
public interface MappingCatalog {

    /** The catalogue of every mapping shipped on the classpath. */
    static MappingCatalog fromClasspath() {
        return ClasspathMappingCatalog.INSTANCE;
    }

    /**
     * A catalogue that looks in these folders first, in order, then on the classpath: a mapping in
     * {@code <folder>/<code>/<flow>/mapping.yml} wins over the classpath's for the same code and flow, with its code
     * lists and layout read from the same folder. Checked the same way; messages name the file by its path. A folder
     * that does not exist is skipped.
     *
     * @param folders roots like {@code $SYNDESMOS_CONFIG_DIR/mappings}
     */
    static MappingCatalog withFolders(List<Path> folders) {
        return folders.isEmpty() ? fromClasspath() : new ClasspathMappingCatalog(folders);
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
