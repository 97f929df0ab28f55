package gr.syndesmos.mappings.engine;

import gr.syndesmos.mappings.AdaWriteBackFormat;
import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.mappings.csv.CsvRecordReader;
import gr.syndesmos.mappings.xml.XmlRecordReader;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;

/** A legacy export described entirely by its mapping.yml; the file format picks the reader. */
public final class DeclarativeLegacyMapping implements LegacyMapping {

    private final MappingDefinition definition;
    private final List<CompiledField> fields;
    private final RecordTranslator translator;
    private final AdaWriteBackFormat writeBack;

    DeclarativeLegacyMapping(MappingDefinition definition, List<CompiledField> fields, RecordTranslator translator,
            AdaWriteBackFormat writeBack) {
        this.definition = definition;
        this.fields = fields;
        this.translator = translator;
        this.writeBack = writeBack;
    }

    @Override
    public String municipalityCode() {
        return definition.municipalityCode();
    }

    @Override
    public String flow() {
        return definition.flow();
    }

    @Override
    public String legacySystem() {
        return definition.legacySystem();
    }

    public MappingDefinition definition() {
        return definition;
    }

    public List<CompiledField> fields() {
        return fields;
    }

    public RecordTranslator translator() {
        return translator;
    }

    public Charset charset() {
        return Charset.forName(definition.charset());
    }

    @Override
    public RecordReader open(InputStream export, String fileName, String municipalityName)
            throws UnreadableFileException {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(municipalityName, "municipalityName");
        return switch (definition.format()) {
            case "csv" -> CsvRecordReader.open(this, export, fileName, municipalityName);
            case "xml" -> XmlRecordReader.open(this, export, fileName, municipalityName);
            default -> throw new IllegalStateException("format " + definition.format());
        };
    }

    @Override
    public AdaWriteBackFormat writeBack() {
        return writeBack;
    }
}
