package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files an inbox file once the hub said what became of it ({@link ConnectorHeaders#FILE_OUTCOME}): {@code done}
 * moves it to {@code done/} and watches it there a while ({@link DoneFilesWatch}); {@code error} moves it to
 * {@code error/} with the hub's report beside it; {@code changed} leaves it in the inbox, to be read again once it
 * stops changing. The inbox is the connector's folder: the hub only says the outcome.
 *
 * <p>A bean of the {@code file-inbox} Kamelet: {@link #handOver} before the hub, {@link #file} after it. Java because
 * a file's fate depends on what it was when handed over and on the watch of {@code done/}, which no Camel file option
 * expresses.
 */
public class InboxFiler {

    /** Exchange property: what the file was when it was handed over. */
    static final String HANDED_OVER = "syndesmosFileHandedOver";

    private static final Logger LOG = LoggerFactory.getLogger(InboxFiler.class);

    private String connector = "file-inbox";
    private long watchDoneForMillis = 600_000;
    private long watchDoneEveryMillis = 2_000;
    private DoneFilesWatch doneWatch;

    public void setConnector(String connector) {
        this.connector = connector;
    }

    public void setWatchDoneForMillis(long watchDoneForMillis) {
        this.watchDoneForMillis = watchDoneForMillis;
    }

    public void setWatchDoneEveryMillis(long watchDoneEveryMillis) {
        this.watchDoneEveryMillis = watchDoneEveryMillis;
    }

    /**
     * The hub gets the file the consumer listed ({@code SyndesmosLocalFile}), not a path rebuilt from Camel's
     * headers, and {@code CamelFilePath} is made to agree with it.
     */
    public void handOver(Exchange exchange) {
        GenericFile<?> listed = exchange.getMessage().getBody(GenericFile.class);
        File file = (File) listed.getFile();
        exchange.getMessage().setHeader(ConnectorHeaders.LOCAL_FILE, file.toPath().toAbsolutePath());
        exchange.getMessage().setHeader(ConnectorHeaders.FILE_PATH, file.getAbsolutePath());
        exchange.getMessage().setHeader(ConnectorHeaders.FILE_NAME, file.getName());
        exchange.setProperty(HANDED_OVER, FileSnapshot.of(file.toPath()));
    }

    /** Moves the file as the hub's outcome says. */
    public void file(Exchange exchange) throws Exception {
        Path file = exchange.getMessage().getHeader(ConnectorHeaders.LOCAL_FILE, Path.class);
        String outcome = exchange.getMessage().getHeader(ConnectorHeaders.FILE_OUTCOME, String.class);
        if ("done".equals(outcome)) {
            Path done = InboxFiles.moveToDone(file);
            FileSnapshot read = exchange.getProperty(HANDED_OVER, FileSnapshot.class);
            if (read != null) {
                doneWatch(exchange).watch(done, file, read);
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

    /** The watch of done/, started with the first file moved there and stopped with the Camel context. */
    private synchronized DoneFilesWatch doneWatch(Exchange exchange) throws Exception {
        if (doneWatch == null) {
            DoneFilesWatch watch = new DoneFilesWatch(Duration.ofMillis(watchDoneForMillis),
                    Duration.ofMillis(watchDoneEveryMillis));
            exchange.getContext().addService(watch, true, true);
            doneWatch = watch;
        }
        return doneWatch;
    }

    /** Stops the watch when the Kamelet's route goes. */
    public synchronized void close() throws Exception {
        if (doneWatch != null) {
            doneWatch.stop();
        }
    }
}
