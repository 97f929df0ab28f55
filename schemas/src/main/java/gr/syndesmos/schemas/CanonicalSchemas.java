package gr.syndesmos.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks canonical records against their JSON Schema (draft 2020-12) at the hub's boundary. Schemas live in
 * {@code schemas/<record type>/v<version>/<record type>.schema.json}; a new version is a new folder.
 */
public final class CanonicalSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> { });
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private CanonicalSchemas() {
    }

    /** The classpath location of a record type's schema. */
    public static String location(String recordType, int version) {
        return "schemas/" + recordType + "/v" + version + "/" + recordType + ".schema.json";
    }

    /** Validation errors in plain words, empty when the record is valid. */
    public static List<String> validate(String recordType, int version, JsonNode record) {
        Schema schema = SCHEMAS.computeIfAbsent(recordType + "/" + version, key -> load(recordType, version));
        List<Error> errors = schema.validate(record);
        return errors.stream().map(Error::toString).toList();
    }

    private static Schema load(String recordType, int version) {
        String location = location(recordType, version);
        try (InputStream in = CanonicalSchemas.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalArgumentException("No schema for record type " + recordType + " v" + version
                        + " (expected classpath:" + location + ")");
            }
            Schema schema = REGISTRY.getSchema(in);
            schema.initializeValidators();
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
