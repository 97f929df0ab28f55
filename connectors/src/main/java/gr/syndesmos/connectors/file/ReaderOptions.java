package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RouteTemplateContext;

/**
 * The reading options a file source passes on to the handler in header {@value ConnectorHeaders#READER_OPTIONS}.
 * Route template parameters cannot be null, so an option not given arrives as an empty string and is left out here.
 */
final class ReaderOptions implements Processor {

    /** Template parameters that are reading options, each with an empty default. */
    static final List<String> NAMES = List.of("charset", "delimiter", "quote", "headerNames");

    private final Map<String, String> options;

    private ReaderOptions(Map<String, String> options) {
        this.options = Map.copyOf(options);
    }

    /** The options a templated route was given: a template bean supplier. */
    static ReaderOptions of(RouteTemplateContext template) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = template.getProperty(name, String.class);
            if (value != null && !value.isEmpty()) {
                given.put(name, value);
            }
        }
        return new ReaderOptions(given);
    }

    Map<String, String> options() {
        return options;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setHeader(ConnectorHeaders.READER_OPTIONS, options);
    }
}
