package gr.syndesmos.mappings;

import java.util.Map;
import java.util.Objects;

/**
 * Where records come from and whose they are. The municipality comes from the caller, not from mapping.yml, so that
 * a municipality running the same legacy system as another can use that other's mapping folder.
 *
 * @param sourceName the file's name, or a short name of a row source ({@code chania-db:apofaseis}); carried into
 *     each record's source
 * @param municipalityCode the Kallikratis code of the municipality whose records these are, e.g. {@code 9318}
 * @param municipalityName its official name, carried into each record
 * @param readerOptions overrides of how the mapping reads a file: for csv {@code charset}, {@code delimiter},
 *     {@code quote}, {@code headerNames}; for fixed-width {@code charset}; none for xml and rows. Unknown keys are
 *     refused with an IllegalArgumentException when the file is opened
 */
public record SourceContext(String sourceName, String municipalityCode, String municipalityName,
        Map<String, String> readerOptions) {

    public SourceContext {
        Objects.requireNonNull(municipalityCode, "municipalityCode");
        Objects.requireNonNull(municipalityName, "municipalityName");
        readerOptions = readerOptions == null ? Map.of() : Map.copyOf(readerOptions);
    }

    /** A context without reader options. */
    public static SourceContext of(String sourceName, String municipalityCode, String municipalityName) {
        return new SourceContext(sourceName, municipalityCode, municipalityName, Map.of());
    }

    public SourceContext withReaderOptions(Map<String, String> options) {
        return new SourceContext(sourceName, municipalityCode, municipalityName, options);
    }
}
