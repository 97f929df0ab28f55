package gr.syndesmos.mappings.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.mappings.encoding.EncodingSniffer;
import gr.syndesmos.mappings.encoding.StrictDecodingReader;
import gr.syndesmos.mappings.engine.CompiledField;
import gr.syndesmos.mappings.engine.DeclarativeLegacyMapping;
import gr.syndesmos.mappings.engine.RawRecord;
import gr.syndesmos.mappings.engine.ReadingLimits;
import gr.syndesmos.mappings.engine.RecordTranslator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams a delimited export one row at a time with Jackson's CSV parser (quoted fields may hold the delimiter,
 * doubled quotes and line breaks). Columns are found by header name; unknown columns, an empty trailing column and
 * empty lines are ignored. The line of a record is the physical line where it starts (header = line 1).
 */
public final class CsvRecordReader implements RecordReader, RawRecord {

    /** One factory for every CSV export: thread-safe, and bounded so an unclosed quote cannot eat the heap. */
    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1_000_000).build())
            .build();

    private final CsvParser parser;
    private final SourceContext context;
    private final RecordTranslator translator;
    /** Column index of each mapped field, by position in {@link DeclarativeLegacyMapping#fields()}; -1 if absent. */
    private final int[] columnOfField;
    private final ReadingLimits limits;
    private String[] row = new String[16];
    private int rowLength;
    private MappedRecord next;
    private boolean done;

    private CsvRecordReader(DeclarativeLegacyMapping mapping, CsvParser parser, SourceContext context,
            int[] columnOfField) {
        this.parser = parser;
        this.context = context;
        this.translator = mapping.translator();
        this.columnOfField = columnOfField;
        this.limits = mapping.limits();
    }

    /**
     * Opens a delimited export. The context's reader options may override {@code charset}, {@code delimiter},
     * {@code quote}, and give {@code headerNames} (comma-separated) for an export without a header line, whose first
     * line is then data.
     */
    public static CsvRecordReader open(DeclarativeLegacyMapping mapping, InputStream export, SourceContext context) {
        Map<String, String> options = context.readerOptions();
        Charset charset = mapping.charset(context);
        CsvFormat.CsvOptions dialect = (CsvFormat.CsvOptions) mapping.formatOptions();
        char delimiter = oneCharacter(options, "delimiter", dialect.delimiter());
        char quote = oneCharacter(options, "quote", dialect.quote());
        List<String> givenHeader = null;
        if (options.containsKey("headerNames")) {
            givenHeader = Arrays.stream(options.get("headerNames").split(",", -1)).map(String::strip).toList();
            if (givenHeader.stream().allMatch(String::isEmpty)) {
                throw new IllegalArgumentException("reader option headerNames names no column");
            }
        }
        // UTF-8 read as a single-byte Greek charset decodes "successfully" into mojibake: look before decoding.
        InputStream checked = charset.newEncoder().maxBytesPerChar() == 1
                ? EncodingSniffer.checkSingleByte(export, charset.name()) : export;
        CsvParser parser = null;
        try {
            parser = FACTORY.createParser(new StrictDecodingReader(checked, charset));
            parser.setSchema(CsvSchema.emptySchema()
                    .withColumnSeparator(delimiter)
                    .withQuoteChar(quote)
                    .withoutEscapeChar());
            List<String> header = givenHeader != null ? givenHeader : readRow(parser, mapping.limits());
            if (header == null) {
                // Only empty lines: no header at all is as empty as 0 bytes.
                throw new UnreadableFileException("empty", "the file holds no header line");
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i) == null ? "" : header.get(i).strip();
                if (!name.isEmpty()) {
                    columns.putIfAbsent(name, i);
                }
            }
            List<CompiledField> fields = mapping.fields();
            int[] columnOfField = new int[fields.size()];
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                CompiledField f = fields.get(i);
                Integer index = f.column() == null ? null : columns.get(f.column());
                columnOfField[i] = index == null ? -1 : index;
                if (index == null && f.column() != null && f.required()) {
                    missing.add(f.column());
                }
            }
            if (!missing.isEmpty()) {
                throw new UnreadableFileException("missing-columns",
                        (givenHeader != null ? "the reader option headerNames lacks" : "the header lacks")
                                + " the required columns " + String.join(", ", missing)
                                + " (columns are found by name; is the delimiter '" + delimiter + "'?)");
            }
            return new CsvRecordReader(mapping, parser, context, columnOfField);
        } catch (JsonProcessingException e) {
            closeQuietly(parser);
            throw malformed(e);
        } catch (IOException e) {
            closeQuietly(parser);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeQuietly(parser);
            throw e;
        }
    }

    /** The header row as a list, or null at the end of the input. */
    private static List<String> readRow(CsvParser parser, ReadingLimits limits) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        long length = 0;
        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
            String value = parser.getText();
            length += value.length();
            check(limits, values.size() + 1, value.length(), length, 1);
            values.add(value);
        }
        return values;
    }

    /** The limits on one row, checked as it streams: a malformed export must not fill the heap before it fails. */
    private static void check(ReadingLimits limits, int fields, int fieldLength, long rowLength, int line) {
        if (fields > limits.maxFields()) {
            throw limits.exceeded("the row at line " + line + " has more fields", "maxFields", limits.maxFields());
        }
        if (fieldLength > limits.maxFieldLength()) {
            throw limits.exceeded("a field of the row at line " + line + " holds more characters", "maxFieldLength",
                    limits.maxFieldLength());
        }
        if (rowLength > limits.maxRecordLength()) {
            throw limits.exceeded("the row at line " + line + " holds more characters", "maxRecordLength",
                    limits.maxRecordLength());
        }
    }

    /** Reads the next row into {@link #row}; returns its first physical line or -1 at the end. */
    private int advance() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return -1;
        }
        // The row's start token carries the previous row's position; its first value has the physical line.
        int line = -1;
        int n = 0;
        long length = 0;
        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
            if (n == 0) {
                line = parser.currentTokenLocation().getLineNr();
            }
            String value = parser.getText();
            length += value.length();
            check(limits, n + 1, value.length(), length, Math.max(line, 1));
            if (n == row.length) {
                row = Arrays.copyOf(row, n * 2);
            }
            row[n++] = value;
        }
        rowLength = n;
        return Math.max(line, 1);
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            int line = advance();
            if (line < 0) {
                done = true;
                return false;
            }
            next = translator.translate(this, context, line);
            return true;
        } catch (JsonProcessingException e) {
            done = true;
            throw malformed(e);
        } catch (IOException e) {
            done = true;
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public MappedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MappedRecord record = next;
        next = null;
        return record;
    }

    @Override
    public String value(CompiledField field) {
        int column = columnOfField[field.index()];
        return column >= 0 && column < rowLength ? row[column] : null;
    }

    @Override
    public List<String> values(CompiledField field) {
        String value = value(field);
        return value == null ? List.of() : List.of(value);
    }

    @Override
    public void close() {
        closeQuietly(parser);
    }

    private static char oneCharacter(Map<String, String> options, String name, String declared) {
        String value = options.getOrDefault(name, declared);
        if (value == null || value.length() != 1) {
            throw new IllegalArgumentException("reader option " + name + " must be one character, not '" + value
                    + "'");
        }
        return value.charAt(0);
    }

    private static UnreadableFileException malformed(JsonProcessingException e) {
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        return new UnreadableFileException("malformed", "the CSV cannot be parsed"
                + (line > 0 ? " at line " + line : "") + ": " + e.getOriginalMessage(), e);
    }

    private static void closeQuietly(CsvParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // closing a reader we are abandoning; nothing to report
            }
        }
    }
}
