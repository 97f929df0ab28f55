package gr.syndesmos.mappings.csv;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.engine.DeclarativeLegacyMapping;
import gr.syndesmos.mappings.engine.MappingDefinition;
import gr.syndesmos.mappings.engine.MappingLoader;
import gr.syndesmos.mappings.engine.MappingSource;
import gr.syndesmos.mappings.engine.RecordFormat;
import java.io.InputStream;
import java.util.Set;

/** {@code format: csv}: a delimited export with a header line (see {@link CsvRecordReader}). */
public final class CsvFormat implements RecordFormat {

    /**
     * The {@code csv:} section of a mapping.yml: the dialect, one-character delimiter and quote.
     */
    public record CsvOptions(String delimiter, String quote) {
    }

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public String optionsKey() {
        return "csv";
    }

    @Override
    public Set<String> readerOptions() {
        return Set.of(DeclarativeLegacyMapping.CHARSET, "delimiter", "quote", "headerNames");
    }

    @Override
    public Object compile(JsonNode options, MappingDefinition definition, MappingSource source) {
        CsvOptions csv = MappingLoader.section(options, "csv", CsvOptions.class);
        MappingLoader.require(one(csv.delimiter()) && one(csv.quote()),
                "csv.delimiter and csv.quote must be single characters");
        return csv;
    }

    @Override
    public RecordReader open(DeclarativeLegacyMapping mapping, InputStream export, SourceContext context) {
        return CsvRecordReader.open(mapping, export, context);
    }

    private static boolean one(String s) {
        return s != null && s.length() == 1;
    }
}
