package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The reading options a file source passes on to the hub in header {@value ConnectorHeaders#READER_OPTIONS}: a bean
 * of the file Kamelets, its properties set from the Kamelet's. A Kamelet property cannot be null, so an option not
 * given arrives as an empty string and is left out here.
 */
public final class ReaderOptions implements Processor {

    private final Map<String, String> options = new LinkedHashMap<>();

    public void setCharset(String charset) {
        put("charset", charset);
    }

    public void setDelimiter(String delimiter) {
        put("delimiter", delimiter);
    }

    public void setQuote(String quote) {
        put("quote", quote);
    }

    public void setHeaderNames(String headerNames) {
        put("headerNames", headerNames);
    }

    private void put(String name, String value) {
        if (value == null || value.isEmpty()) {
            options.remove(name);
        } else {
            options.put(name, value);
        }
    }

    Map<String, String> options() {
        return Map.copyOf(options);
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setHeader(ConnectorHeaders.READER_OPTIONS, Map.copyOf(options));
    }
}
