package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files an inbox file once the hub said what became of it ({@link ConnectorHeaders#FILE_OUTCOME}): {@code done}
 * moves it to {@code done/} and watches it there a while ({@link DoneFilesWatch}); {@code error} moves it to
 * {@code error/} with the hub's report beside it; {@code changed} leaves it in the inbox, to be read again once it
 * stops changing. The inbox is the connector's folder: the hub only says the outcome.
 */
public class InboxFiler implements Processor {

    /** Exchange property: what the file was when it was handed over. */
    static final String HANDED_OVER = "syndesmosFileHandedOver";

    private static final Logger LOG = LoggerFactory.getLogger(InboxFiler.class);

    private final String connector;
    private final DoneFilesWatch doneWatch;

    public InboxFiler(String connector, DoneFilesWatch doneWatch) {
        this.connector = connector;
        this.doneWatch = doneWatch;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Path file = exchange.getMessage().getHeader(ConnectorHeaders.LOCAL_FILE, Path.class);
        String outcome = exchange.getMessage().getHeader(ConnectorHeaders.FILE_OUTCOME, String.class);
        if ("done".equals(outcome)) {
            Path done = InboxFiles.moveToDone(file);
            FileSnapshot read = exchange.getProperty(HANDED_OVER, FileSnapshot.class);
            if (read != null) {
                doneWatch.watch(done, file, read);
            }
            LOG.debug("{}: {} moved to {}", connector, file.getFileName(), done);
        } else if ("error".equals(outcome)) {
            String report = exchange.getMessage().getHeader(ConnectorHeaders.FILE_REPORT, String.class);
            Path moved = InboxFiles.moveToError(file, report == null ? "Syndesmos refused this file; the hub gave "
                    + "no reason. Its log says more." : report);
            LOG.debug("{}: {} moved to {}", connector, file.getFileName(), moved);
        } else if (!"changed".equals(outcome)) {
            // Left in place and taken again at the next poll: a handler that says nothing has not finished with it.
            LOG.warn("{}: the hub gave no outcome for {} ('{}'); it stays in the inbox", connector,
                    file.getFileName(), outcome);
        }
    }
}
