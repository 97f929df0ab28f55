package gr.syndesmos.mappings.fixedwidth;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The record layout a municipality hands over with a fixed-width export: a UTF-8 CSV with header
 * {@code field,record,start,length,description}, one row per field; {@code record} is the record type found at
 * position 1 of a line, {@code start} is 1-based. Checked when loaded: names unique, fields inside the record
 * length, no two fields of one record overlapping.
 */
public final class FixedWidthLayout {

    private static final CsvMapper CSV = new CsvMapper();

    /**
     * One field of the layout.
     *
     * @param start 1-based first position
     */
    public record Slice(String field, String record, int start, int length) {

        int end() {
            return start + length - 1;
        }

        /** The field's text on a line, or null when the line ends before the field does. */
        public String of(String line) {
            return line.length() < end() ? null : line.substring(start - 1, end());
        }
    }

    private final String location;
    private final Map<String, Slice> fields;

    private FixedWidthLayout(String location, Map<String, Slice> fields) {
        this.location = location;
        this.fields = fields;
    }

    static FixedWidthLayout load(InputStream in, String location, int recordLength) throws IOException {
        Map<String, Slice> fields = new LinkedHashMap<>();
        Map<String, boolean[]> used = new HashMap<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class).with(schema)
                     .readValues(reader)) {
            int line = 1;
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                line++;
                if (line == 2 && !row.keySet().containsAll(Set.of("field", "record", "start", "length"))) {
                    throw new IllegalArgumentException(location
                            + ": the header must be field,record,start,length,description");
                }
                String where = location + " line " + line + ": ";
                String field = strip(row.get("field"));
                String record = strip(row.get("record"));
                if (field.isEmpty() || record.isEmpty()) {
                    throw new IllegalArgumentException(where + "field and record are required");
                }
                int start = number(row.get("start"), where + "start");
                int length = number(row.get("length"), where + "length");
                Slice slice = new Slice(field, record, start, length);
                if (slice.end() > recordLength) {
                    throw new IllegalArgumentException(where + field + " ends at position " + slice.end()
                            + ", beyond the record length " + recordLength);
                }
                if (fields.put(field, slice) != null) {
                    throw new IllegalArgumentException(where + "duplicate field " + field);
                }
                boolean[] positions = used.computeIfAbsent(record, r -> new boolean[recordLength + 1]);
                for (int p = start; p <= slice.end(); p++) {
                    if (positions[p]) {
                        throw new IllegalArgumentException(where + field + " overlaps another field of record "
                                + record + " at position " + p);
                    }
                    positions[p] = true;
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(location + ": cannot be read: " + e.getOriginalMessage(), e);
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(location + ": no fields");
        }
        return new FixedWidthLayout(location, Map.copyOf(fields));
    }

    /** Where the layout was read from, for messages. */
    public String location() {
        return location;
    }

    /**
     * The named field of a record type.
     *
     * @throws IllegalArgumentException naming the layout file and the field when the record has no such field
     */
    public Slice slice(String field, String record) {
        Slice slice = fields.get(field);
        if (slice == null || !slice.record().equals(record)) {
            throw new IllegalArgumentException(field + " is not a field of record " + record + " in " + location);
        }
        return slice;
    }

    boolean hasRecord(String record) {
        return fields.values().stream().anyMatch(s -> s.record().equals(record));
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private static int number(String s, String what) {
        try {
            int n = Integer.parseInt(strip(s));
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a whole number of at least 1, not '" + s + "'");
    }
}
