package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The bean of the {@code file-outbox} Kamelet: writes one message's body as one new file named by
 * {@code SyndesmosFileName}. Java because the file must appear whole and never replace another ({@link OutboxFiles}),
 * under a name checked like an inbox file's, which the file component's options do not promise together.
 */
public final class OutboxFileWriter implements Processor {

    private Path directory;

    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getMessage().getHeader(ConnectorHeaders.FILE_NAME, String.class);
        byte[] content = exchange.getMessage().getMandatoryBody(byte[].class);
        Path written = OutboxFiles.writeNew(directory, name, content);
        exchange.getMessage().setHeader(Exchange.FILE_NAME_PRODUCED, written.toAbsolutePath().toString());
    }
}
