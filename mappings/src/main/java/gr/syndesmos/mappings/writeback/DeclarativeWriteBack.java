package gr.syndesmos.mappings.writeback;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import gr.syndesmos.mappings.AdaWriteBackFormat;
import gr.syndesmos.mappings.engine.MappingDefinition.WriteBackDefinition;
import gr.syndesmos.mappings.engine.MappingDefinition.WriteBackField;
import gr.syndesmos.mappings.xml.SafeXml;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes ADAs in the import format a municipality's system expects, as declared in the {@code writeBack} section
 * of its mapping.yml: a delimited file (one column per field) or an XML list (one attribute per field). Characters
 * the target charset lacks make the write fail instead of turning into {@code ?}.
 */
public final class DeclarativeWriteBack implements AdaWriteBackFormat {

    private static final Set<String> VALUES = Set.of("legacyId", "year", "decisionNumber", "ada", "publishedAt");
    private static final CsvFactory CSV = new CsvFactory();

    private final WriteBackDefinition definition;
    private final DateTimeFormatter fileName;
    private final Charset charset;
    private final ZoneId zone;
    private final DateTimeFormatter[] patterns;

    private DeclarativeWriteBack(WriteBackDefinition definition) {
        this.definition = definition;
        this.fileName = DateTimeFormatter.ofPattern(definition.fileName());
        this.charset = Charset.forName(definition.charset());
        this.zone = ZoneId.of(definition.zone());
        List<WriteBackField> fields = definition.fields();
        this.patterns = new DateTimeFormatter[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            WriteBackField f = fields.get(i);
            if (f.name() == null || !VALUES.contains(f.value())) {
                throw new IllegalArgumentException("writeBack.fields[" + i + "]: needs a name and a value among "
                        + VALUES);
            }
            if ("publishedAt".equals(f.value())) {
                patterns[i] = DateTimeFormatter.ofPattern(f.pattern() == null ? "uuuu-MM-dd'T'HH:mm:ss"
                        : f.pattern());
            }
        }
    }

    /** Checks and compiles a writeBack section; throws IllegalArgumentException naming the problem. */
    public static AdaWriteBackFormat of(WriteBackDefinition definition) {
        if (definition == null) {
            throw new IllegalArgumentException("writeBack is missing");
        }
        if (definition.fileName() == null || definition.charset() == null || definition.zone() == null
                || definition.fields() == null || definition.fields().isEmpty()) {
            throw new IllegalArgumentException("writeBack needs fileName, charset, zone and fields");
        }
        if ("csv".equals(definition.format())) {
            if (definition.delimiter() == null || definition.delimiter().length() != 1
                    || definition.lineSeparator() == null) {
                throw new IllegalArgumentException("writeBack: a csv needs a one-character delimiter and a "
                        + "lineSeparator");
            }
        } else if ("xml".equals(definition.format())) {
            if (definition.root() == null || definition.element() == null) {
                throw new IllegalArgumentException("writeBack: an xml needs root and element");
            }
        } else {
            throw new IllegalArgumentException("writeBack.format must be csv or xml, not " + definition.format());
        }
        return new DeclarativeWriteBack(definition);
    }

    @Override
    public String fileName(LocalDateTime writtenAt) {
        return fileName.format(writtenAt);
    }

    @Override
    public void write(List<AdaAssignment> assignments, OutputStream out) throws IOException {
        if ("csv".equals(definition.format())) {
            writeCsv(assignments, out);
        } else {
            writeXml(assignments, out);
        }
    }

    private String value(AdaAssignment a, int field) {
        return switch (definition.fields().get(field).value()) {
            case "legacyId" -> a.legacyId() == null ? "" : a.legacyId();
            case "year" -> Integer.toString(a.year());
            case "decisionNumber" -> Integer.toString(a.decisionNumber());
            case "ada" -> a.ada();
            case "publishedAt" -> patterns[field].format(a.publishedAt().atZoneSameInstant(zone));
            default -> throw new IllegalStateException();
        };
    }

    private void writeCsv(List<AdaAssignment> assignments, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        CsvSchema schema = CsvSchema.emptySchema()
                .withColumnSeparator(definition.delimiter().charAt(0))
                .withLineSeparator(definition.lineSeparator())
                .withQuoteChar('"');
        int n = definition.fields().size();
        try (CsvGenerator csv = CSV.createGenerator(writer)) {
            csv.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // Quote only values that need it (delimiter, quote, line break): the importer expects plain values.
            csv.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
            csv.setSchema(schema);
            csv.writeStartArray();
            for (int i = 0; i < n; i++) {
                csv.writeString(definition.fields().get(i).name());
            }
            csv.writeEndArray();
            for (AdaAssignment a : assignments) {
                csv.writeStartArray();
                for (int i = 0; i < n; i++) {
                    csv.writeString(value(a, i));
                }
                csv.writeEndArray();
            }
        }
        writer.flush();
    }

    private void writeXml(List<AdaAssignment> assignments, OutputStream out) throws IOException {
        try {
            Writer writer = new OutputStreamWriter(out, charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
            XMLStreamWriter xml = SafeXml.outputFactory().createXMLStreamWriter(writer);
            xml.writeStartDocument(charset.name(), "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement(definition.root());
            for (AdaAssignment a : assignments) {
                xml.writeCharacters("\n  ");
                xml.writeEmptyElement(definition.element());
                for (int i = 0; i < definition.fields().size(); i++) {
                    xml.writeAttribute(definition.fields().get(i).name(), value(a, i));
                }
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close(); // does not close the underlying stream
            writer.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the ADA list: " + e.getMessage(), e);
        }
    }
}
