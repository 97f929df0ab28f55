package gr.syndesmos.mappings.rows;

import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.engine.CompiledField;
import gr.syndesmos.mappings.engine.DeclarativeLegacyMapping;
import gr.syndesmos.mappings.engine.RawRecord;
import gr.syndesmos.mappings.engine.RecordTranslator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Translates records that arrive as key → value rows: a database row, a JSON object. A field's {@code column} names
 * the key, matched exactly, else ignoring case (drivers differ in how they case column labels). A key that is
 * absent is the same as a null value. Values keep their Java type until the field converts them, so a
 * {@code timestamptz} needs no pattern. A record's "line" is its 1-based position in the batch.
 */
public final class RowRecordReader implements RecordReader, RawRecord {

    private final Iterator<? extends Map<String, ?>> rows;
    private final SourceContext context;
    private final RecordTranslator translator;
    private Map<String, ?> row;
    private int position;

    public RowRecordReader(DeclarativeLegacyMapping mapping, Iterator<? extends Map<String, ?>> rows,
            SourceContext context) {
        this.rows = rows;
        this.context = context;
        this.translator = mapping.translator();
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public MappedRecord next() {
        if (!rows.hasNext()) {
            throw new NoSuchElementException();
        }
        row = rows.next();
        position++;
        if (row == null) {
            row = Map.of();
        }
        return translator.translate(this, context, position);
    }

    @Override
    public Object object(CompiledField field) {
        String key = field.column();
        if (key == null) {
            return null;
        }
        Object value = row.get(key);
        if (value == null && !row.containsKey(key)) {
            for (Map.Entry<String, ?> entry : row.entrySet()) {
                if (entry.getKey() != null && entry.getKey().toLowerCase(Locale.ROOT)
                        .equals(key.toLowerCase(Locale.ROOT))) {
                    return entry.getValue();
                }
            }
        }
        return value;
    }

    @Override
    public String value(CompiledField field) {
        Object value = object(field);
        return value == null ? null : value.toString();
    }

    /** A list field may arrive as a JSON array or SQL array as well as one (separated) text. */
    @Override
    public List<String> values(CompiledField field) {
        Object value = object(field);
        if (value == null) {
            return List.of();
        }
        Collection<?> items = value instanceof Collection<?> c ? c
                : value instanceof Object[] array ? List.of(array) : null;
        if (items == null) {
            return List.of(value.toString());
        }
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item != null) {
                out.add(item.toString());
            }
        }
        return out;
    }

    @Override
    public void close() {
        // The rows belong to the caller.
    }
}
