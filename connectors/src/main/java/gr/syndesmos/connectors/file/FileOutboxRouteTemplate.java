package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

/**
 * Connector {@value #ID} (descriptor {@code connectors/file-outbox.connector.yaml}): the hub sends a message to
 * {@code direct:<endpoint>} with the file's bytes as body and its name in {@code CamelFileName}; the connector writes it
 * whole into {@code directory} with {@link OutboxFiles#writeNew}, never over an existing file, and answers with the
 * written file's path in {@code CamelFileNameProduced}.
 */
public class FileOutboxRouteTemplate extends RouteBuilder {

    public static final String ID = "file-outbox";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("directory")
                .templateParameter("endpoint")
                .templateBean("outboxWriter", Writer.class,
                        rtc -> new Writer(Path.of((String) rtc.getProperty("directory", String.class))))
                .from("direct:{{endpoint}}")
                .process("{{outboxWriter}}");
    }

    /** Writes one message's body as one file. */
    static final class Writer implements Processor {

        private final Path directory;

        Writer(Path directory) {
            this.directory = directory;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            String name = exchange.getMessage().getHeader(ConnectorHeaders.FILE_NAME, String.class);
            byte[] content = exchange.getMessage().getMandatoryBody(byte[].class);
            Path written = OutboxFiles.writeNew(directory, name, content);
            exchange.getMessage().setHeader(Exchange.FILE_NAME_PRODUCED, written.toAbsolutePath().toString());
        }
    }
}
