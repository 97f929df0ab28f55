package gr.syndesmos.mappings.xml;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.XStreamException;
import com.thoughtworks.xstream.mapper.CannotResolveClassException;
import com.thoughtworks.xstream.security.ForbiddenClassException;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.engine.CompiledField;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.mappings.engine.DeclarativeLegacyMapping;
import gr.syndesmos.mappings.engine.RecordTranslator;
import gr.syndesmos.mappings.encoding.EncodingSniffer;
import gr.syndesmos.mappings.encoding.RecordBudgetReader;
import gr.syndesmos.mappings.encoding.StrictDecodingReader;
import gr.syndesmos.mappings.engine.ReadingLimits;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Streams an XML export one record element at a time from a hardened StAX parser. The values the mapping names (its
 * paths) are taken straight from the parser's events, and everything else below the record is passed over unread:
 * at this speed a 1 GB export is read like a CSV one. A record element that names a type ({@code class},
 * {@code resolves-to}) is a shape the mapping does not know: that one record goes to XStream, whose allow-list (only
 * {@link LegacyXmlRecord}) refuses the file. The file is refused whole for a DOCTYPE or a root of another
 * municipality; a file cut short yields its complete records, then {@code truncated}.
 */
public final class XmlRecordReader implements RecordReader {

    private static final Map<String, XStream> XSTREAMS = new ConcurrentHashMap<>();

    /** XStream's attributes that name a type to build. */
    private static final Set<String> TYPE_ATTRIBUTES = Set.of("class", "resolves-to");

    private final XMLStreamReader xml;
    private final KnownPaths known;
    private final EofTrackingStream input;
    private final RecordBudgetReader budget;
    private final XStream xstream;
    private final String recordElement;
    private final RecordTranslator translator;
    private final SourceContext context;
    private MappedRecord next;
    private boolean done;

    private XmlRecordReader(XMLStreamReader xml, KnownPaths known, EofTrackingStream input, RecordBudgetReader budget,
            XStream xstream, String recordElement, RecordTranslator translator, SourceContext context) {
        this.budget = budget;
        this.xml = xml;
        this.known = known;
        this.input = input;
        this.xstream = xstream;
        this.recordElement = recordElement;
        this.translator = translator;
        this.context = context;
    }

    /** Opens an XML export of the context's municipality: the root attribute must carry its code. */
    public static XmlRecordReader open(DeclarativeLegacyMapping mapping, InputStream export, SourceContext context) {
        XmlFormat.XmlOptions options = (XmlFormat.XmlOptions) mapping.formatOptions();
        ReadingLimits limits = mapping.limits();
        BufferedInputStream buffered = new BufferedInputStream(export, 1 << 16);
        EofTrackingStream input = new EofTrackingStream(buffered);
        XMLStreamReader xml = null;
        try {
            // The encoding comes from the prolog (ISO-8859-7 for Heraklion). The hub decodes, strictly: the JDK's
            // parser would put U+FFFD in place of a byte the charset lacks.
            buffered.mark(XmlProlog.HEAD);
            Charset charset = XmlProlog.encoding(buffered.readNBytes(XmlProlog.HEAD));
            buffered.reset();
            InputStream checked = charset.newEncoder().maxBytesPerChar() == 1
                    ? EncodingSniffer.checkSingleByte(input, charset.name()) : input;
            RecordBudgetReader budget = new RecordBudgetReader(new StrictDecodingReader(checked, charset),
                    // The header and every record each get the budget; the characters between records count too.
                    limits.maxRecordLength(), () -> limits.exceeded("an XML record holds more characters",
                            "maxRecordLength", limits.maxRecordLength()));
            xml = new DoctypeRefusingReader(SafeXml.inputFactory().createXMLStreamReader(budget));
            // To the root element, passing (and so refusing) any DOCTYPE before it.
            while (xml.getEventType() != XMLStreamConstants.START_ELEMENT) {
                xml.next();
            }
            if (!options.root().equals(xml.getLocalName())) {
                throw new UnreadableFileException("malformed", "the root element is <" + xml.getLocalName()
                        + ">, expected <" + options.root() + ">");
            }
            String municipality = xml.getAttributeValue(null, options.municipalityAttribute());
            if (!context.municipalityCode().equals(municipality)) {
                throw new UnreadableFileException("wrong-municipality", "the file is for municipality "
                        + municipality + " (" + options.root() + "/@" + options.municipalityAttribute()
                        + "), not " + context.municipalityCode());
            }
            XStream xstream = XSTREAMS.computeIfAbsent(options.record(),
                    name -> SafeXml.recordXStream(LegacyXmlRecord.class, name, new LegacyXmlRecordConverter()));
            return new XmlRecordReader(xml, KnownPaths.of(mapping), input, budget, xstream, options.record(),
                    mapping.translator(), context);
        } catch (UnreadableFileException e) {
            closeQuietly(xml, input);
            throw e;
        } catch (XMLStreamException | XStreamException e) {
            closeQuietly(xml, input);
            throw classify(e, input, xml);
        } catch (IOException e) {
            closeQuietly(xml, input);
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeQuietly(xml, input);
            throw e;
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
            while (true) {
                int event = xml.next();
                if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
                    done = true; // the root's end
                    return false;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue; // white space and comments between records
                }
                int line = xml.getLocation().getLineNumber();
                budget.newRecord();
                if (!recordElement.equals(xml.getLocalName())) {
                    skipElement(1); // another element beside the records: newer exports may add some
                    continue;
                }
                LegacyXmlRecord record = namesAType() ? throughXStream() : readRecord();
                next = translator.translate(record, context, line);
                return true;
            }
        } catch (XMLStreamException e) {
            done = true;
            throw classify(e, input, xml);
        } catch (IllegalStateException e) {
            done = true;
            throw new UnreadableFileException("malformed", "a record cannot be read: " + e.getMessage(), e);
        } catch (UnreadableFileException e) {
            done = true;
            throw e;
        } catch (XStreamException e) {
            done = true;
            throw classify(e, input, xml);
        } catch (RuntimeException e) {
            done = true;
            // The parser may wrap what the decoder or the budget threw.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UnreadableFileException u) {
                    throw u;
                }
            }
            throw e;
        }
    }

    /** The record element's values at the mapping's paths, read from the parser up to the record's end tag. */
    private LegacyXmlRecord readRecord() throws XMLStreamException {
        LegacyXmlRecord record = new LegacyXmlRecord();
        readElement(known, record, 0);
        return record;
    }

    /**
     * One element (the parser on its start tag) and what is below it, as the XStream converter did before: every
     * attribute and the text of every element without children, by path; nothing the mapping does not name is kept.
     * Names are looked up in the mapping's tree of paths, never joined into a path string per element.
     */
    private void readElement(KnownPaths at, LegacyXmlRecord record, int depth) throws XMLStreamException {
        if (depth > LegacyXmlRecordConverter.MAX_DEPTH) {
            throw new IllegalStateException("a record nests deeper than " + LegacyXmlRecordConverter.MAX_DEPTH
                    + " elements");
        }
        if (!at.attributes.isEmpty()) {
            for (int i = 0; i < xml.getAttributeCount(); i++) {
                String path = at.attributes.get(xml.getAttributeLocalName(i));
                if (path != null) {
                    record.add(path, xml.getAttributeValue(i));
                }
            }
        }
        StringBuilder text = null;
        boolean children = false;
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    children = true;
                    KnownPaths child = at.children.get(xml.getLocalName());
                    if (child != null) {
                        readElement(child, record, depth + 1);
                    } else {
                        skipElement(depth + 1);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!children && at.text != null) {
                        text = text == null ? new StringBuilder() : text;
                        text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (!children && at.text != null) {
                        record.add(at.text, text == null ? "" : text.toString());
                    }
                    return;
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("end of file inside a record");
                default -> {
                    // comments and processing instructions carry no values
                }
            }
        }
    }

    /** Passes over an element the mapping does not name (the parser on its start tag), still bounding its depth. */
    private void skipElement(int depth) throws XMLStreamException {
        int open = 1;
        while (open > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                open++;
                if (depth + open - 1 > LegacyXmlRecordConverter.MAX_DEPTH) {
                    throw new IllegalStateException("a record nests deeper than "
                            + LegacyXmlRecordConverter.MAX_DEPTH + " elements");
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                open--;
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("end of file inside an element");
            }
        }
    }

    private boolean namesAType() {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            if (TYPE_ATTRIBUTES.contains(xml.getAttributeLocalName(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A record element that names a type: copied as it stands and handed to XStream, whose allow-list decides (and
     * refuses anything but {@link LegacyXmlRecord}, before building anything).
     */
    private LegacyXmlRecord throughXStream() throws XMLStreamException {
        StringWriter copy = new StringWriter();
        XMLStreamWriter writer = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(copy);
        int open = 0;
        do {
            switch (xml.getEventType()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    open++;
                    if (open > LegacyXmlRecordConverter.MAX_DEPTH + 1) {
                        throw new IllegalStateException("a record nests deeper than "
                                + LegacyXmlRecordConverter.MAX_DEPTH + " elements");
                    }
                    writer.writeStartElement(xml.getLocalName());
                    for (int i = 0; i < xml.getAttributeCount(); i++) {
                        writer.writeAttribute(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    open--;
                    writer.writeEndElement();
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        writer.writeCharacters(xml.getText());
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("end of file inside a record");
                default -> {
                    // comments carry no values
                }
            }
            if (open > 0) {
                xml.next();
            }
        } while (open > 0);
        writer.close();
        return (LegacyXmlRecord) xstream.fromXML(copy.toString());
    }

    /**
     * The paths a mapping reads, as a tree from the record element down: at each element, the attributes it reads
     * (local name to path), whether it reads the element's own text, and the child elements on the way to a value.
     * The reader descends only where a value may be.
     */
    private static final class KnownPaths {

        final Map<String, KnownPaths> children = new java.util.HashMap<>();
        final Map<String, String> attributes = new java.util.HashMap<>();
        String text;

        static KnownPaths of(DeclarativeLegacyMapping mapping) {
            KnownPaths root = new KnownPaths();
            for (CompiledField field : mapping.fields()) {
                if (field.path() == null) {
                    continue;
                }
                KnownPaths at = root;
                String[] steps = field.path().split("/");
                for (int i = 0; i < steps.length; i++) {
                    boolean last = i == steps.length - 1;
                    if (last && steps[i].startsWith("@")) {
                        at.attributes.put(steps[i].substring(1), field.path());
                    } else {
                        at = at.children.computeIfAbsent(steps[i], name -> new KnownPaths());
                        if (last) {
                            at.text = field.path();
                        }
                    }
                }
            }
            return root;
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
    public void close() {
        closeQuietly(xml, input);
    }

    /** Tells a file cut short from one that is broken, and a smuggled type from both. */
    private static UnreadableFileException classify(Exception e, EofTrackingStream input, XMLStreamReader xml) {
        if (!input.anyByte()) {
            return new UnreadableFileException("empty", "the file is empty (0 bytes)", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnreadableFileException u) {
                return u;
            }
            if (t instanceof ForbiddenClassException || t instanceof CannotResolveClassException) {
                return new UnreadableFileException("forbidden-type", "a record carries a type attribute ("
                        + "class or resolves-to) naming a type that is not allowed; reading stopped there", e);
            }
        }
        XMLStreamException xmlError = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof XMLStreamException x) {
                xmlError = x;
                break;
            }
        }
        int line = -1;
        if (xmlError != null && xmlError.getLocation() != null) {
            line = xmlError.getLocation().getLineNumber();
        } else if (xml != null) {
            try {
                Location location = xml.getLocation();
                line = location == null ? -1 : location.getLineNumber();
            } catch (RuntimeException ignored) {
                // no location to report
            }
        }
        String message = xmlError != null ? String.valueOf(xmlError.getMessage()) : String.valueOf(e.getMessage());
        String where = line > 0 ? " at line " + line : "";
        if (input.reachedEnd() && looksCutShort(message)) {
            // Cut short means it stopped at the very end of the bytes: the last line of the file.
            return new UnreadableFileException("truncated", "the file ends in the middle of the XML at line "
                    + input.lines()
                    + "; records before that point were complete", e);
        }
        return new UnreadableFileException("malformed", "the XML is not well-formed" + where + ": "
                + firstLine(message), e);
    }

    /** The JDK parser's words for running out of input inside the document. */
    private static boolean looksCutShort(String message) {
        return message.contains("must start and end within the same entity")
                || message.contains("end of file") || message.contains("Premature end")
                || message.contains("EOF");
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String first = nl < 0 ? message : message.substring(0, nl);
        return first.length() > 200 ? first.substring(0, 200) : first;
    }

    private static void closeQuietly(XMLStreamReader xml, InputStream input) {
        try {
            if (xml != null) {
                xml.close();
            }
        } catch (XMLStreamException ignored) {
            // abandoning the file
        }
        try {
            input.close();
        } catch (IOException ignored) {
            // abandoning the file
        }
    }

    /** Refuses a DOCTYPE (and any entity reference) the moment the parser meets it, before any record. */
    static final class DoctypeRefusingReader extends StreamReaderDelegate {

        DoctypeRefusingReader(XMLStreamReader reader) {
            super(reader);
            check(reader.getEventType());
        }

        @Override
        public int next() throws XMLStreamException {
            return check(super.next());
        }

        @Override
        public int nextTag() throws XMLStreamException {
            return check(super.nextTag());
        }

        private static int check(int event) {
            if (event == XMLStreamConstants.DTD) {
                throw new UnreadableFileException("doctype",
                        "the file carries a DOCTYPE; such files are refused whole, unparsed");
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE || event == XMLStreamConstants.ENTITY_DECLARATION) {
                throw new UnreadableFileException("doctype",
                        "the file uses an entity; such files are refused whole, unexpanded");
            }
            return event;
        }
    }

    /** Notes whether the parser ran into the end of the bytes, to tell a cut file from a broken one. */
    static final class EofTrackingStream extends FilterInputStream {

        private boolean reachedEnd;
        private long bytes;
        private long newlines;

        EofTrackingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                reachedEnd = true;
            } else {
                bytes++;
                newlines += b == '\n' ? 1 : 0;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                reachedEnd = true;
            } else {
                bytes += n;
                for (int i = offset; i < offset + n; i++) {
                    if (buffer[i] == '\n') {
                        newlines++;
                    }
                }
            }
            return n;
        }

        boolean reachedEnd() {
            return reachedEnd;
        }

        /** Lines read so far (every declared charset of our exports is ASCII-compatible). */
        long lines() {
            return newlines + 1;
        }

        boolean anyByte() {
            return bytes > 0;
        }
    }
}
