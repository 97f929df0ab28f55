package gr.syndesmos.mappings.fixedwidth;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.engine.DeclarativeLegacyMapping;
import gr.syndesmos.mappings.engine.MappingDefinition;
import gr.syndesmos.mappings.engine.MappingLoader;
import gr.syndesmos.mappings.engine.MappingSource;
import gr.syndesmos.mappings.engine.RecordFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * {@code format: fixed-width}: a header line, detail lines and a trailer, every field at a fixed position of a layout
 * table beside mapping.yml (see {@link FixedWidthRecordReader}).
 */
public final class FixedWidthFormat implements RecordFormat {

    /**
     * The {@code fixedWidth:} section: the layout table beside mapping.yml ({@code field,record,start,length,
     * description}), the length every line has, and the record types found at position 1: one header (carrying the
     * municipality code), detail records (one record each) and one trailer (carrying the number of detail records).
     */
    public record FixedWidthOptions(String layout, Integer recordLength, String headerRecord,
            String municipalityField, String detailRecord, String trailerRecord, String countField) {
    }

    /** What the reader gets: the options and the layout they name, checked. */
    record Compiled(FixedWidthOptions options, FixedWidthLayout layout) {
    }

    @Override
    public String name() {
        return "fixed-width";
    }

    @Override
    public String optionsKey() {
        return "fixedWidth";
    }

    @Override
    public Set<String> readerOptions() {
        return Set.of(DeclarativeLegacyMapping.CHARSET);
    }

    @Override
    public Object compile(JsonNode section, MappingDefinition definition, MappingSource source) {
        FixedWidthOptions options = MappingLoader.section(section, "fixedWidth", FixedWidthOptions.class);
        MappingLoader.require(options.layout() != null && options.recordLength() != null
                        && options.recordLength() > 1 && options.headerRecord() != null
                        && options.detailRecord() != null && options.trailerRecord() != null
                        && options.municipalityField() != null && options.countField() != null,
                "fixedWidth needs layout, recordLength, headerRecord, municipalityField, detailRecord, "
                        + "trailerRecord and countField");
        String h = options.headerRecord();
        String d = options.detailRecord();
        String t = options.trailerRecord();
        MappingLoader.require(!h.isEmpty() && h.length() == d.length() && d.length() == t.length()
                        && !h.equals(d) && !d.equals(t) && !h.equals(t),
                "fixedWidth: headerRecord, detailRecord and trailerRecord must be distinct codes of one length");
        MappingLoader.checkFileName(options.layout(), "fixedWidth.layout");
        String location = source.describe(options.layout());
        MappingLoader.require(source.exists(options.layout()), "fixedWidth.layout " + location + " does not exist");
        FixedWidthLayout layout;
        try (InputStream in = source.open(options.layout())) {
            layout = FixedWidthLayout.load(in, location, options.recordLength());
        } catch (IOException e) {
            throw new IllegalArgumentException(location + ": cannot be read: " + e.getMessage(), e);
        }
        MappingLoader.require(layout.hasRecord(d), "the layout " + location + " has no field of detail record " + d);
        layout.slice(options.municipalityField(), h);
        layout.slice(options.countField(), t);
        definition.fields().forEach((name, field) -> {
            if (field.column() != null) {
                try {
                    layout.slice(field.column(), d);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("field " + name + ": column " + e.getMessage(), e);
                }
            }
        });
        return new Compiled(options, layout);
    }

    @Override
    public RecordReader open(DeclarativeLegacyMapping mapping, InputStream export, SourceContext context) {
        return FixedWidthRecordReader.open(mapping, export, context);
    }
}
