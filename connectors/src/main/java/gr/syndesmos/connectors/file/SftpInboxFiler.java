package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java half of the {@code sftp-inbox} Kamelet, as its bean: hands the hub the complete staged copy of a remote
 * file, then picks the file's folder on the server ({@code done/} unless the hub said {@code error}). Java because the
 * staged copy must be proven to lie inside the staging folder, and a refused file's copy is kept with the hub's
 * report, which no sftp endpoint option does.
 */
public class SftpInboxFiler {

    private static final Logger LOG = LoggerFactory.getLogger(SftpInboxFiler.class);
    private static final String REMOTE_PATH = "syndesmosRemoteFilePath";
    private static final String REMOTE_NAME = "syndesmosRemoteFileName";

    /** The handler reads the complete staged copy; the remote path is kept for the move on the server. */
    public void handToTheLocalCopy(Exchange exchange) throws java.io.IOException {
        exchange.setProperty(REMOTE_PATH, exchange.getMessage().getHeader(Exchange.FILE_PATH));
        exchange.setProperty(REMOTE_NAME, exchange.getMessage().getHeader(Exchange.FILE_NAME));
        String localCopy = exchange.getMessage().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class);
        java.nio.file.Path local = java.nio.file.Path.of(localCopy).toAbsolutePath().normalize();
        java.nio.file.Path staging = java.nio.file.Path.of(((org.apache.camel.component.file.GenericFileEndpoint<?>)
                exchange.getFromEndpoint()).getLocalWorkDirectory()).toAbsolutePath().normalize();
        if (!local.startsWith(staging)) {
            // Never expected once InboxFileNames refused the name; a last check that nothing is read from elsewhere.
            throw new IllegalStateException("The local copy " + local + " is outside the staging folder " + staging);
        }
        exchange.getMessage().setHeader(ConnectorHeaders.LOCAL_FILE, local);
        exchange.getMessage().setHeader(ConnectorHeaders.FILE_PATH, localCopy);
    }

    /**
     * Restores the remote file's headers and picks its folder on the server: done unless the hub said error. A refused
     * file's staged copy is kept under {@code <stagingDirectory>/error/} with the hub's report beside it, for the
     * region's administrators (the municipality sees the file in {@code error/} on its server).
     */
    public void backToTheRemoteFile(Exchange exchange) throws java.io.IOException {
        String outcome = exchange.getMessage().getHeader(ConnectorHeaders.FILE_OUTCOME, String.class);
        if (!"done".equals(outcome) && !"error".equals(outcome)) {
            if (outcome != null) {
                LOG.warn("sftp-inbox: unknown file outcome '{}' for {}; moving it to error/", outcome,
                        exchange.getProperty(REMOTE_NAME));
                outcome = "error";
            } else {
                outcome = "done";
            }
        }
        java.nio.file.Path local = exchange.getMessage().getHeader(ConnectorHeaders.LOCAL_FILE, java.nio.file.Path.class);
        String report = exchange.getMessage().getHeader(ConnectorHeaders.FILE_REPORT, String.class);
        if ("error".equals(outcome) && report != null && local != null && java.nio.file.Files.exists(local)) {
            InboxFiles.moveToError(local, report);
        }
        exchange.getMessage().setHeader(ConnectorHeaders.FILE_OUTCOME, outcome);
        exchange.getMessage().setHeader(Exchange.FILE_PATH, exchange.getProperty(REMOTE_PATH));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, exchange.getProperty(REMOTE_NAME));
    }
}
