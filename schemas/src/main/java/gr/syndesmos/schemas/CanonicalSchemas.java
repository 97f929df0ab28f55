package gr.syndesmos.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks canonical records against their JSON Schema (draft 2020-12) at the hub's boundary. Schemas live in
 * {@code schemas/<record type>/v<version>/<record type>.schema.json}, on the class path or in a folder given with
 * {@link #useFolders} (a region's own record types, under {@code $SYNDESMOS_CONFIG_DIR/schemas}); a new version is a
 * new folder.
 */
public final class CanonicalSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> { });
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static volatile List<Path> folders = List.of();
    private static volatile int generation;

    private CanonicalSchemas() {
    }

    /** The classpath location of a record type's schema. */
    public static String location(String recordType, int version) {
        return "schemas/" + recordType + "/v" + version + "/" + recordType + ".schema.json";
    }

    /**
     * Folders searched before the class path, each holding {@code <record type>/v<version>/<record type>.schema.json}
     * (the hub's {@code $SYNDESMOS_CONFIG_DIR/schemas}). Set once at start; setting other folders forgets the schemas
     * read so far.
     */
    public static synchronized void useFolders(List<Path> searched) {
        if (!searched.equals(folders)) {
            folders = List.copyOf(searched);
            SCHEMAS.clear();
            generation++;
        }
    }

    /** Changes whenever {@link #useFolders} changes where schemas come from (for caches of what was read). */
    public static int generation() {
        return generation;
    }

    /**
     * Opens a record type's schema: the first folder that holds it, else the class path.
     *
     * @return null when there is none
     */
    public static InputStream open(String recordType, int version) throws IOException {
        if (!recordType.matches("[a-z][a-z0-9-]*")) {
            return null;
        }
        String location = location(recordType, version);
        for (Path folder : folders) {
            Path file = folder.resolve(location.substring("schemas/".length()));
            if (Files.isRegularFile(file)) {
                return Files.newInputStream(file);
            }
        }
        return CanonicalSchemas.class.getClassLoader().getResourceAsStream(location);
    }

    /** Whether a record type has a schema of this version. */
    public static boolean exists(String recordType, int version) {
        try (InputStream in = open(recordType, version)) {
            return in != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Validation errors in plain words, empty when the record is valid. */
    public static List<String> validate(String recordType, int version, JsonNode record) {
        Schema schema = SCHEMAS.computeIfAbsent(recordType + "/" + version, key -> load(recordType, version));
        List<Error> errors = schema.validate(record);
        return errors.stream().map(Error::toString).toList();
    }

    private static Schema load(String recordType, int version) {
        String location = location(recordType, version);
        try (InputStream in = open(recordType, version)) {
            if (in == null) {
                throw new IllegalArgumentException("No schema for record type " + recordType + " v" + version
                        + " (expected " + location + ")");
            }
            Schema schema = REGISTRY.getSchema(in);
            schema.initializeValidators();
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
