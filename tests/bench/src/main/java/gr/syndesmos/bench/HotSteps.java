package gr.syndesmos.bench;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappingCatalog;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.engine.CompiledField;
import gr.syndesmos.mappings.engine.DeclarativeLegacyMapping;
import gr.syndesmos.mappings.engine.RawRecord;
import gr.syndesmos.mappings.engine.RecordTranslator;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.CanonicalSchemas;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot steps of ingest, one at a time, on the benchmark's own generated exports: microseconds per record. Every
 * step runs the production code ({@code mappings}, {@code schemas}); only the CSV row parse calls the CSV library
 * directly, configured as the Rethymno reader configures it, so that parsing can be told apart from mapping.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotSteps {

    static final int RECORDS = 1000;

    private static final CsvFactory CSV = new CsvFactory();
    private static final ObjectMapper JSON = CanonicalJson.mapper();

    private byte[] csvExport;
    private byte[] xmlExport;
    private DeclarativeLegacyMapping rethymno;
    private DeclarativeLegacyMapping heraklion;
    private List<RawRecord> rawRecords;
    private List<CouncilDecision> decisions;
    private List<JsonNode> trees;
    private SourceContext rethymnoContext;

    @Setup(Level.Trial)
    public void exports() throws IOException {
        Path dir = Files.createTempDirectory("syndesmos-jmh");
        try {
            Path csv = dir.resolve("apofaseis_jmh.csv");
            LegacyExports.rethymnoCsvOfRows(csv, RECORDS, 1);
            csvExport = Files.readAllBytes(csv);
            Path xml = dir.resolve("export_apofaseon_jmh.xml");
            LegacyExports.heraklionXmlOfRecords(xml, RECORDS, 1);
            xmlExport = Files.readAllBytes(xml);
        } finally {
            BenchFiles.deleteTree(dir);
        }
        MappingCatalog catalog = FolderMappingCatalog.fromClasspath();
        rethymno = (DeclarativeLegacyMapping) catalog.mapping("9318", "council-decisions");
        heraklion = (DeclarativeLegacyMapping) catalog.mapping("9305", "council-decisions");
        rethymnoContext = SourceContext.of("apofaseis_jmh.csv", "9318", "Ρεθύμνης");

        rawRecords = new ArrayList<>();
        for (String[] row : csvRows()) {
            rawRecords.add(new ParsedRow(row, rethymno.fields(), header()));
        }
        decisions = new ArrayList<>();
        trees = new ArrayList<>();
        try (RecordReader reader = rethymno.open(new ByteArrayInputStream(csvExport), rethymnoContext)) {
            while (reader.hasNext()) {
                MappedRecord record = reader.next();
                if (record.outcome() == MappedRecord.Outcome.VALID) {
                    decisions.add(record.as(CouncilDecision.class));
                    trees.add(JSON.valueToTree(record.as(CouncilDecision.class)));
                }
            }
        }
    }

    /** Decode windows-1253 and split the rows: the CSV library as the Rethymno reader configures it. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void csvRowParse(Blackhole sink) throws IOException {
        try (CsvParser parser = csvParser()) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.VALUE_STRING) {
                    sink.consume(parser.getText());
                }
            }
        }
    }

    /** Rethymno's CSV read and mapped by the production reader (parse + map), per row. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void csvReadAndMap(Blackhole sink) throws Exception {
        try (RecordReader reader = rethymno.open(new ByteArrayInputStream(csvExport), rethymnoContext)) {
            while (reader.hasNext()) {
                sink.consume(reader.next());
            }
        }
    }

    /** Heraklion's XML read by the production reader (StAX + XStream allow-list + map), per record. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void xmlRecordRead(Blackhole sink) throws Exception {
        try (RecordReader reader = heraklion.open(new ByteArrayInputStream(xmlExport),
                SourceContext.of("export_apofaseon_jmh.xml", "9305", "Ηρακλείου"))) {
            while (reader.hasNext()) {
                sink.consume(reader.next());
            }
        }
    }

    /** Mapping only: already-split rows to canonical decisions (types, codes, AFM check, record id). */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void mapping(Blackhole sink) {
        RecordTranslator translator = rethymno.translator();
        int line = 2;
        for (RawRecord raw : rawRecords) {
            sink.consume(translator.translate(raw, rethymnoContext, line++));
        }
    }

    /** JSON Schema validation of one canonical decision, as ingest does before publishing. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void schemaValidation(Blackhole sink) {
        for (int i = 0; i < RECORDS; i++) {
            sink.consume(CanonicalSchemas.validate(CouncilDecision.RECORD_TYPE, CouncilDecision.SCHEMA_VERSION,
                    trees.get(i % trees.size())));
        }
    }

    /** Canonical JSON of one decision, as ingest writes it (tree for validation, then text for the broker). */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void jsonWrite(Blackhole sink) throws IOException {
        for (int i = 0; i < RECORDS; i++) {
            sink.consume(JSON.writeValueAsString(JSON.valueToTree(decisions.get(i % decisions.size()))));
        }
    }

    private CsvParser csvParser() throws IOException {
        CsvParser parser = CSV.createParser(new InputStreamReader(new ByteArrayInputStream(csvExport),
                LegacyExports.WINDOWS_1253));
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(';').withQuoteChar('"').withoutEscapeChar());
        return parser;
    }

    private List<String> header() throws IOException {
        try (CsvParser parser = csvParser()) {
            parser.nextToken();
            List<String> header = new ArrayList<>();
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                header.add(parser.getText());
            }
            return header;
        }
    }

    private List<String[]> csvRows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (CsvParser parser = csvParser()) {
            boolean first = true;
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                List<String> row = new ArrayList<>();
                while (parser.nextToken() == JsonToken.VALUE_STRING) {
                    row.add(parser.getText());
                }
                if (!first) {
                    rows.add(row.toArray(String[]::new));
                }
                first = false;
            }
        }
        return rows;
    }

    /** One split CSV row seen through the mapping's fields, as the production CSV reader presents it. */
    private static final class ParsedRow implements RawRecord {
        private final String[] row;
        private final int[] columnOfField;

        ParsedRow(String[] row, List<CompiledField> fields, List<String> header) {
            this.row = row;
            this.columnOfField = new int[fields.size()];
            for (CompiledField field : fields) {
                columnOfField[field.index()] = field.column() == null ? -1 : header.indexOf(field.column());
            }
        }

        @Override
        public String value(CompiledField field) {
            int column = columnOfField[field.index()];
            return column >= 0 && column < row.length ? row[column] : null;
        }

        @Override
        public List<String> values(CompiledField field) {
            String value = value(field);
            return value == null ? List.of() : List.of(value);
        }
    }
}
