package gr.syndesmos.mappings.xml;

import com.thoughtworks.xstream.converters.ConversionException;
import com.thoughtworks.xstream.converters.Converter;
import com.thoughtworks.xstream.converters.MarshallingContext;
import com.thoughtworks.xstream.converters.UnmarshallingContext;
import com.thoughtworks.xstream.io.HierarchicalStreamReader;
import com.thoughtworks.xstream.io.HierarchicalStreamWriter;

/**
 * Walks one record element into a {@link LegacyXmlRecord} by path. It never looks at {@code class} or other XStream
 * system attributes below the record: they are data like any other attribute, so nothing is ever instantiated from
 * them. Depth is bounded (deep nesting is a denial-of-service shape, RELIABILITY.md H3).
 */
final class LegacyXmlRecordConverter implements Converter {

    static final int MAX_DEPTH = 16;

    @Override
    public boolean canConvert(@SuppressWarnings("rawtypes") Class type) {
        return type == LegacyXmlRecord.class;
    }

    @Override
    public void marshal(Object source, HierarchicalStreamWriter writer, MarshallingContext context) {
        throw new UnsupportedOperationException("legacy records are only read");
    }

    @Override
    public Object unmarshal(HierarchicalStreamReader reader, UnmarshallingContext context) {
        LegacyXmlRecord record = new LegacyXmlRecord();
        try {
            readElement(reader, "", record, 0);
        } catch (IllegalStateException e) {
            throw new ConversionException(e.getMessage());
        }
        return record;
    }

    private static void readElement(HierarchicalStreamReader reader, String path, LegacyXmlRecord record,
            int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("a record nests deeper than " + MAX_DEPTH + " elements");
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String name = reader.getAttributeName(i);
            record.add(path.isEmpty() ? "@" + name : path + "/@" + name, reader.getAttribute(i));
        }
        if (reader.hasMoreChildren()) {
            while (reader.hasMoreChildren()) {
                reader.moveDown();
                String name = reader.getNodeName();
                readElement(reader, path.isEmpty() ? name : path + "/" + name, record, depth + 1);
                reader.moveUp();
            }
        } else if (!path.isEmpty()) {
            record.add(path, reader.getValue());
        }
    }
}
