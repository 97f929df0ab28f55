package gr.syndesmos.mappings.xml;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.mappings.engine.DeclarativeLegacyMapping;
import gr.syndesmos.mappings.engine.MappingDefinition;
import gr.syndesmos.mappings.engine.MappingLoader;
import gr.syndesmos.mappings.engine.MappingSource;
import gr.syndesmos.mappings.engine.RecordFormat;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;

/** {@code format: xml}: one element per record below a root that names the municipality (see {@link XmlRecordReader}). */
public final class XmlFormat implements RecordFormat {

    /**
     * The {@code xml:} section of a mapping.yml: the root element, the root attribute that carries the municipality
     * code, and the element of one record (a direct child of the root).
     */
    public record XmlOptions(String root, String municipalityAttribute, String record) {
    }

    @Override
    public String name() {
        return "xml";
    }

    @Override
    public String optionsKey() {
        return "xml";
    }

    @Override
    public boolean namesPaths() {
        return true;
    }

    @Override
    public Object compile(JsonNode options, MappingDefinition definition, MappingSource source) {
        XmlOptions xml = MappingLoader.section(options, "xml", XmlOptions.class);
        MappingLoader.require(xml.root() != null && xml.record() != null && xml.municipalityAttribute() != null,
                "xml.root, xml.record and xml.municipalityAttribute are required");
        return xml;
    }

    /** The file says its own encoding in its prolog (ISO-8859-7 for Heraklion). */
    @Override
    public Charset wholeFileCharset(DeclarativeLegacyMapping mapping, Path file, SourceContext context)
            throws UnreadableFileException {
        return XmlProlog.encoding(file);
    }

    @Override
    public RecordReader open(DeclarativeLegacyMapping mapping, InputStream export, SourceContext context) {
        return XmlRecordReader.open(mapping, export, context);
    }
}
