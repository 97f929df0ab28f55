package gr.syndesmos.mappings.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import gr.syndesmos.mappings.WriteBackFormat;
import gr.syndesmos.mappings.engine.MappingDefinition.WriteBackDefinition;
import gr.syndesmos.mappings.engine.MappingDefinition.WriteBackField;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes destinations' answers in the import format a municipality's system expects, as declared in the
 * {@code writeBack} section of its mapping.yml: a delimited file (one column per field) or an XML list (one
 * attribute per field). A field's value is {@code reference} (the destination's id for the record, Diavgeia's ADA),
 * {@code answeredAt} (when it published it, written with {@code pattern} in the write-back zone) or a JSON pointer
 * into the record ({@code /decisionNumber}, {@code /source/recordId}), checked against its schema when the mapping
 * is loaded. Characters the target charset lacks make the write fail instead of turning into {@code ?}.
 */
public final class DeclarativeWriteBack implements WriteBackFormat {

    static final String REFERENCE = "reference";
    static final String ANSWERED_AT = "answeredAt";
    private static final CsvFactory CSV = new CsvFactory();
    /** The JDK's own writer (not whichever StAX library is on the class path): the same output everywhere. */
    private static final XMLOutputFactory XML = XMLOutputFactory.newDefaultFactory();

    private final WriteBackDefinition definition;
    private final DateTimeFormatter fileName;
    private final Charset charset;
    private final ZoneId zone;
    private final DateTimeFormatter[] patterns;
    private final JsonPointer[] pointers;
    private final Set<String> recordMembers;

    private DeclarativeWriteBack(WriteBackDefinition definition) {
        this.definition = definition;
        this.fileName = DateTimeFormatter.ofPattern(definition.fileName());
        this.charset = Charset.forName(definition.charset());
        this.zone = ZoneId.of(definition.zone());
        List<WriteBackField> fields = definition.fields();
        this.patterns = new DateTimeFormatter[fields.size()];
        this.pointers = new JsonPointer[fields.size()];
        Set<String> members = new LinkedHashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            WriteBackField f = fields.get(i);
            if (ANSWERED_AT.equals(f.value())) {
                patterns[i] = DateTimeFormatter.ofPattern(f.pattern() == null ? "uuuu-MM-dd'T'HH:mm:ss"
                        : f.pattern());
            } else if (!REFERENCE.equals(f.value())) {
                pointers[i] = JsonPointer.compile(f.value());
                members.add(f.value());
            }
        }
        this.recordMembers = Set.copyOf(members);
    }

    /**
     * Checks and compiles a writeBack section against the record's schema.
     *
     * @throws IllegalArgumentException naming the problem
     */
    static WriteBackFormat of(WriteBackDefinition definition, RecordSchema schema) {
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
        for (int i = 0; i < definition.fields().size(); i++) {
            WriteBackField f = definition.fields().get(i);
            String where = "writeBack.fields[" + i + "]: ";
            if (f.name() == null || f.value() == null) {
                throw new IllegalArgumentException(where + "needs a name and a value");
            }
            boolean pointer = f.value().startsWith("/");
            if (!pointer && !REFERENCE.equals(f.value()) && !ANSWERED_AT.equals(f.value())) {
                throw new IllegalArgumentException(where + "value " + f.value() + " is none of " + REFERENCE + ", "
                        + ANSWERED_AT + " or a member of the record (/decisionNumber)");
            }
            if (pointer && schema.at(f.value()) == null) {
                throw new IllegalArgumentException(where + "value " + f.value() + " is not a member of "
                        + schema.recordType() + " v" + schema.version());
            }
            if (f.pattern() != null && !ANSWERED_AT.equals(f.value())) {
                throw new IllegalArgumentException(where + "a pattern belongs to " + ANSWERED_AT);
            }
        }
        return new DeclarativeWriteBack(definition);
    }

    @Override
    public String fileName(LocalDateTime writtenAt) {
        return fileName.format(writtenAt);
    }

    @Override
    public Set<String> recordMembers() {
        return recordMembers;
    }

    @Override
    public void write(List<Answer> answers, OutputStream out) throws IOException {
        if ("csv".equals(definition.format())) {
            writeCsv(answers, out);
        } else {
            writeXml(answers, out);
        }
    }

    private String value(Answer answer, int field) {
        if (pointers[field] != null) {
            JsonNode value = answer.record().at(pointers[field]);
            return value.isMissingNode() || value.isNull() ? "" : value.isNumber() ? value.numberValue().toString()
                    : value.asText();
        }
        if (patterns[field] != null) {
            return patterns[field].format(answer.answeredAt().atZoneSameInstant(zone));
        }
        return answer.reference();
    }

    private void writeCsv(List<Answer> answers, OutputStream out) throws IOException {
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
            for (Answer a : answers) {
                csv.writeStartArray();
                for (int i = 0; i < n; i++) {
                    csv.writeString(value(a, i));
                }
                csv.writeEndArray();
            }
        }
        writer.flush();
    }

    private void writeXml(List<Answer> answers, OutputStream out) throws IOException {
        try {
            Writer writer = new OutputStreamWriter(out, charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
            XMLStreamWriter xml = XML.createXMLStreamWriter(writer);
            xml.writeStartDocument(charset.name(), "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement(definition.root());
            for (Answer a : answers) {
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
            throw new IOException("cannot write the write-back file: " + e.getMessage(), e);
        }
    }
}
