package gr.syndesmos.mappings.rows;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.engine.DeclarativeLegacyMapping;
import gr.syndesmos.mappings.engine.MappingDefinition;
import gr.syndesmos.mappings.engine.MappingSource;
import gr.syndesmos.mappings.engine.RecordFormat;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code format: rows}: records that arrive as key → value rows (a database table, JSON pushed over HTTP), with
 * their values already typed (see {@link RowRecordReader}).
 */
public final class RowsFormat implements RecordFormat {

    @Override
    public String name() {
        return "rows";
    }

    @Override
    public boolean readsFiles() {
        return false;
    }

    @Override
    public Object compile(JsonNode options, MappingDefinition definition, MappingSource source) {
        return null;
    }

    @Override
    public Charset wholeFileCharset(DeclarativeLegacyMapping mapping, Path file, SourceContext context) {
        return null;
    }

    @Override
    public RecordReader rows(DeclarativeLegacyMapping mapping, Iterator<? extends Map<String, ?>> rows,
            SourceContext context) {
        return new RowRecordReader(mapping, rows, context);
    }
}
