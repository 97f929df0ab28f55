package gr.syndesmos.mappings.fixedwidth;

import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.MappedRecord.Problem;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.mappings.encoding.EncodingSniffer;
import gr.syndesmos.mappings.encoding.StrictDecodingReader;
import gr.syndesmos.mappings.engine.CompiledField;
import gr.syndesmos.mappings.engine.DeclarativeLegacyMapping;
import gr.syndesmos.mappings.engine.ReadingLimits;
import gr.syndesmos.mappings.fixedwidth.FixedWidthLayout.Slice;
import gr.syndesmos.mappings.fixedwidth.FixedWidthFormat.FixedWidthOptions;
import gr.syndesmos.mappings.engine.RawRecord;
import gr.syndesmos.mappings.engine.RecordTranslator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams a fixed-width export (AS/400 style) one line at a time, slicing each line by the layout the municipality
 * handed over. Every line is one record of {@code recordLength} characters whose record type is at position 1: one
 * header first (its municipality code must be the context's), detail records, one trailer last (the number of
 * detail records).
 *
 * <p>The file is refused whole ({@link UnreadableFileException}) for: a first line that is not the header
 * ({@code malformed}), another municipality's header ({@code wrong-municipality}), a byte that is not a character
 * of the charset ({@code encoding}), no trailer or a trailer whose count differs from the detail records read
 * ({@code truncated}), and anything but empty lines after the trailer or a second header ({@code malformed}).
 * Records returned before such a refusal are complete. One detail line of the wrong length is quarantined
 * ({@code bad-line-length}), a line of an unknown record type too ({@code unknown-record-type}); the other lines
 * still flow. A short line that is the last line of a file without trailer is the cut itself: it is not returned.
 */
public final class FixedWidthRecordReader implements RecordReader, RawRecord {

    /** Reason code of a detail line that is not exactly one record long. */
    public static final String BAD_LINE_LENGTH = "bad-line-length";
    /** Reason code of a line whose record type is neither header, detail nor trailer. */
    public static final String UNKNOWN_RECORD_TYPE = "unknown-record-type";

    private final BufferedReader lines;
    private final SourceContext context;
    private final RecordTranslator translator;
    private final FixedWidthOptions options;
    private final FixedWidthLayout layout;
    private final int recordLength;
    private final int typeLength;
    private final ReadingLimits limits;
    private final int maxLineLength;
    /** The layout slice of each mapped field, by field index; null for a constant field. */
    private final Slice[] sliceOfField;
    private String line;
    private int lineNumber;
    private String lookahead;
    private boolean lookaheadRead;
    private long details;
    private boolean trailerSeen;
    private MappedRecord next;
    private boolean done;

    private FixedWidthRecordReader(DeclarativeLegacyMapping mapping, BufferedReader lines, SourceContext context) {
        this.lines = lines;
        this.context = context;
        this.translator = mapping.translator();
        FixedWidthFormat.Compiled compiled = (FixedWidthFormat.Compiled) mapping.formatOptions();
        this.options = compiled.options();
        this.layout = compiled.layout();
        this.recordLength = options.recordLength();
        this.limits = mapping.limits();
        this.maxLineLength = limits.maxRecordLength();
        this.typeLength = options.detailRecord().length();
        List<CompiledField> fields = mapping.fields();
        this.sliceOfField = new Slice[fields.size()];
        for (CompiledField f : fields) {
            if (f.column() != null) {
                sliceOfField[f.index()] = layout.slice(f.column(), options.detailRecord());
            }
        }
    }

    /** Opens a fixed-width export of the context's municipality; reads and checks its header line. */
    public static FixedWidthRecordReader open(DeclarativeLegacyMapping mapping, InputStream export,
            SourceContext context) {
        Charset charset = mapping.charset(context);
        InputStream checked = charset.newEncoder().maxBytesPerChar() == 1
                ? EncodingSniffer.checkSingleByte(export, charset.name()) : export;
        BufferedReader lines = new BufferedReader(new StrictDecodingReader(checked, charset), 1 << 16);
        FixedWidthRecordReader reader = new FixedWidthRecordReader(mapping, lines, context);
        try {
            reader.readHeader();
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private void readHeader() {
        String header = readLine();
        if (header == null) {
            throw new UnreadableFileException("empty", "the file holds no header line");
        }
        if (!header.startsWith(options.headerRecord())) {
            throw new UnreadableFileException("malformed", "line 1 is not a header record (record type "
                    + options.headerRecord() + " at position 1)");
        }
        if (header.length() != recordLength) {
            throw new UnreadableFileException("malformed", "the header line is " + header.length()
                    + " characters long; every record is " + recordLength);
        }
        String municipality = layout.slice(options.municipalityField(), options.headerRecord()).of(header).strip();
        if (!context.municipalityCode().equals(municipality)) {
            throw new UnreadableFileException("wrong-municipality", "the file is for municipality " + municipality
                    + " (header field " + options.municipalityField() + "), not " + context.municipalityCode());
        }
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
            next = advance();
        } catch (RuntimeException e) {
            done = true;
            throw e;
        }
        if (next == null) {
            done = true;
        }
        return next != null;
    }

    /** The next record, or null at a well-formed end; throws for a file that is cut short or broken. */
    private MappedRecord advance() {
        while (true) {
            line = readLine();
            if (line == null) {
                if (!trailerSeen) {
                    throw truncated("the file ends at line " + lineNumber + " without its trailer record");
                }
                return null;
            }
            if (line.isEmpty()) {
                continue; // a stray empty line carries nothing
            }
            if (trailerSeen) {
                throw new UnreadableFileException("malformed", "line " + lineNumber + " follows the trailer record");
            }
            String type = line.length() < typeLength ? line : line.substring(0, typeLength);
            if (type.equals(options.trailerRecord())) {
                checkTrailer();
                continue;
            }
            if (type.equals(options.headerRecord())) {
                throw new UnreadableFileException("malformed", "line " + lineNumber + " is a second header record; "
                        + "two exports joined into one file are refused");
            }
            if (!type.equals(options.detailRecord())) {
                return new MappedRecord(Outcome.INVALID, null, null, null, null, lineNumber, List.of(
                        new Problem(UNKNOWN_RECORD_TYPE, "record", "line " + lineNumber + " has record type '"
                                + type + "', neither " + options.headerRecord() + ", " + options.detailRecord()
                                + " nor " + options.trailerRecord())));
            }
            details++;
            if (line.length() == recordLength) {
                return translator.translate(this, context, lineNumber);
            }
            if (line.length() < recordLength && peekLine() == null) {
                // The last line of the bytes, short and with no trailer after it: the file was cut here.
                throw truncated("the file ends in the middle of the record at line " + lineNumber
                        + " without its trailer record");
            }
            return translator.translate(this, context, lineNumber, List.of(new Problem(BAD_LINE_LENGTH, "record",
                    "line " + lineNumber + " is " + line.length() + " characters long; every record is "
                            + recordLength)));
        }
    }

    private void checkTrailer() {
        String counted = layout.slice(options.countField(), options.trailerRecord()).of(line);
        long declared = counted != null && !counted.isBlank() && counted.strip().chars().allMatch(Character::isDigit)
                && counted.strip().length() <= 18 ? Long.parseLong(counted.strip()) : -1;
        if (declared != details) {
            throw truncated("the trailer at line " + lineNumber + " counts "
                    + (declared < 0 ? "'" + counted + "'" : declared) + " detail records, the file holds "
                    + details);
        }
        trailerSeen = true;
    }

    private UnreadableFileException truncated(String why) {
        return new UnreadableFileException("truncated", why + "; records before that point were complete");
    }

    private String readLine() {
        String read;
        if (lookaheadRead) {
            read = lookahead;
            lookahead = null;
            lookaheadRead = false;
        } else {
            read = readPhysicalLine();
        }
        if (read != null) {
            lineNumber++;
        }
        return read;
    }

    private String peekLine() {
        if (!lookaheadRead) {
            lookahead = readPhysicalLine();
            lookaheadRead = true;
        }
        return lookahead;
    }

    /** One line without its CR LF (a lone LF is taken too), refused past the mapping's record length limit. */
    private String readPhysicalLine() {
        try {
            StringBuilder line = new StringBuilder(recordLength + 2);
            int c;
            while ((c = lines.read()) >= 0 && c != '\n') {
                if (line.length() >= maxLineLength) {
                    throw limits.exceeded("line " + (lineNumber + 1) + " holds more characters", "maxRecordLength",
                            maxLineLength);
                }
                line.append((char) c);
            }
            if (c < 0 && line.length() == 0) {
                return null;
            }
            int end = line.length();
            if (end > 0 && line.charAt(end - 1) == '\r') {
                line.setLength(end - 1);
            }
            return line.toString();
        } catch (IOException e) {
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
        Slice slice = sliceOfField[field.index()];
        return slice == null ? null : slice.of(line);
    }

    @Override
    public List<String> values(CompiledField field) {
        String value = value(field);
        return value == null ? List.of() : List.of(value);
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException ignored) {
            // abandoning the file
        }
    }
}
