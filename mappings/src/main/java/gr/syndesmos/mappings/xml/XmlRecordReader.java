package gr.syndesmos.mappings.xml;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.XStreamException;
import com.thoughtworks.xstream.io.naming.NoNameCoder;
import com.thoughtworks.xstream.io.xml.QNameMap;
import com.thoughtworks.xstream.io.xml.StaxReader;
import com.thoughtworks.xstream.mapper.CannotResolveClassException;
import com.thoughtworks.xstream.security.ForbiddenClassException;
import gr.syndesmos.mappings.MappedRecord;
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
import java.nio.charset.Charset;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Streams an XML export one record element at a time: a hardened StAX parser underneath, XStream (allow-listed to
 * {@link LegacyXmlRecord}) on each record. The file is refused whole for a DOCTYPE, a root of another municipality
 * or a {@code class} attribute on a record; a file cut short yields its complete records, then {@code truncated}.
 */
public final class XmlRecordReader implements RecordReader {

    private static final Map<String, XStream> XSTREAMS = new ConcurrentHashMap<>();

    private final XMLStreamReader xml;
    private final StaxReader reader;
    private final EofTrackingStream input;
    private final RecordBudgetReader budget;
    private final XStream xstream;
    private final String recordElement;
    private final RecordTranslator translator;
    private final SourceContext context;
    private MappedRecord next;
    private boolean done;

    private XmlRecordReader(XMLStreamReader xml, StaxReader reader, EofTrackingStream input, RecordBudgetReader budget,
            XStream xstream, String recordElement, RecordTranslator translator, SourceContext context) {
        this.budget = budget;
        this.xml = xml;
        this.reader = reader;
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
            // The constructor moves to the root element, passing (and so refusing) any DOCTYPE before it.
            StaxReader reader = new StaxReader(new QNameMap(), xml, new NoNameCoder());
            if (!options.root().equals(reader.getNodeName())) {
                throw new UnreadableFileException("malformed", "the root element is <" + reader.getNodeName()
                        + ">, expected <" + options.root() + ">");
            }
            String municipality = reader.getAttribute(options.municipalityAttribute());
            if (!context.municipalityCode().equals(municipality)) {
                throw new UnreadableFileException("wrong-municipality", "the file is for municipality "
                        + municipality + " (" + options.root() + "/@" + options.municipalityAttribute()
                        + "), not " + context.municipalityCode());
            }
            XStream xstream = XSTREAMS.computeIfAbsent(options.record(),
                    name -> SafeXml.recordXStream(LegacyXmlRecord.class, name, new LegacyXmlRecordConverter()));
            return new XmlRecordReader(xml, reader, input, budget, xstream, options.record(), mapping.translator(),
                    context);
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
            while (reader.hasMoreChildren()) {
                // The look-ahead of hasMoreChildren() stopped on the start tag: its line is the record's line.
                int line = xml.getLocation().getLineNumber();
                budget.newRecord();
                reader.moveDown();
                if (!recordElement.equals(reader.getNodeName())) {
                    reader.moveUp(); // another element beside the records: newer exports may add some
                    continue;
                }
                LegacyXmlRecord record = (LegacyXmlRecord) xstream.unmarshal(reader);
                reader.moveUp();
                next = translator.translate(record, context, line);
                return true;
            }
            done = true;
            return false;
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
