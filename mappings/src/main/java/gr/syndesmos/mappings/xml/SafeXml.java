package gr.syndesmos.mappings.xml;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.converters.Converter;
import com.thoughtworks.xstream.io.xml.StaxDriver;
import com.thoughtworks.xstream.security.NoTypePermission;
import com.thoughtworks.xstream.security.NullPermission;
import com.thoughtworks.xstream.security.PrimitiveTypePermission;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

/**
 * The only place that creates XML parsers, writers and XStream instances (RELIABILITY.md §2.4, §3.1). Raw factories
 * leak external entities; an XStream without an allow-list instantiates whatever a {@code class} attribute names.
 */
public final class SafeXml {

    private SafeXml() {
    }

    /**
     * A StAX factory that never reads a DTD, never resolves or expands an entity and never fetches anything. The
     * JDK's own implementation is used on purpose, so behaviour does not change with whatever StAX provider another
     * module puts on the classpath. DOCTYPE events still surface; {@link XmlRecordReader} refuses them.
     */
    public static XMLInputFactory inputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are refused: " + systemId);
        });
        return factory;
    }

    /**
     * An XStream that can build exactly one type, through exactly one converter. {@code NoTypePermission.NONE}
     * wipes every default permission first; nothing from the JDK is allowed, so a {@code class} attribute naming a
     * gadget type fails with {@code ForbiddenClassException} before anything is constructed.
     */
    public static XStream recordXStream(Class<?> recordType, String elementName, Converter converter) {
        XStream xstream = new XStream(new StaxDriver() {
            @Override
            protected XMLInputFactory createInputFactory() {
                return inputFactory();
            }
        });
        xstream.addPermission(NoTypePermission.NONE);
        xstream.addPermission(NullPermission.NULL);
        xstream.addPermission(PrimitiveTypePermission.PRIMITIVES);
        xstream.allowTypes(new Class<?>[] {recordType});
        xstream.setMode(XStream.NO_REFERENCES);
        xstream.setCollectionUpdateLimit(5);
        xstream.ignoreUnknownElements();
        xstream.alias(elementName, recordType);
        xstream.registerConverter(converter, XStream.PRIORITY_VERY_HIGH);
        return xstream;
    }
}
