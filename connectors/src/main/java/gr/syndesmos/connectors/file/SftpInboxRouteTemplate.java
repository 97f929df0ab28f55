package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connector {@value #ID} (descriptor {@code connectors/sftp-inbox.connector.yaml}): whole export files from a folder
 * on an SFTP server. Camel's sftp consumer (jsch) downloads each file whole into {@code stagingDirectory} (under a
 * temporary name, renamed when complete), and the handler gets the LOCAL staged path in {@code CamelFilePath} with the
 * reading options in {@code SyndesmosReaderOptions}. When the handler returns, the remote file moves to {@code done/}
 * or {@code error/} beside it on the server, as header {@code SyndesmosFileOutcome} says (no header: {@code done});
 * when the handler throws, the remote file stays and is taken again at a later poll.
 *
 * <p>A file is taken only once its remote time is older than {@code stableForMillis} ({@code readLock=changed} with a
 * minimum age, which works on plain SFTP servers; the rename and done-file read locks would need the exporter's help).
 * Connection failures are logged as one WARN line per failed poll by {@link SftpProblemLog}; after one the consumer
 * skips {@code backoffMultiplier - 1} polls before trying again.
 */
public class SftpInboxRouteTemplate extends RouteBuilder {

    public static final String ID = "sftp-inbox";

    private static final Logger LOG = LoggerFactory.getLogger(SftpInboxRouteTemplate.class);
    private static final String REMOTE_PATH = "syndesmosRemoteFilePath";
    private static final String REMOTE_NAME = "syndesmosRemoteFileName";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("host")
                .templateParameter("port", "22")
                .templateParameter("username")
                .templateParameter("password", "")
                .templateParameter("privateKeyFile", "")
                .templateParameter("privateKeyPassphrase", "")
                .templateParameter("knownHostsFile", "")
                .templateParameter("strictHostKeyChecking", "yes")
                .templateParameter("connectTimeoutMillis", "10000")
                .templateParameter("readTimeoutMillis", "30000")
                .templateParameter("directory")
                .templateParameter("include")
                .templateParameter("stableForMillis", "1000")
                .templateParameter("pollDelayMillis", "10000")
                .templateParameter("backoffMultiplier", "6")
                .templateParameter("stagingDirectory")
                .templateParameter("charset", "")
                .templateParameter("delimiter", "")
                .templateParameter("quote", "")
                .templateParameter("headerNames", "")
                .templateParameter("handler")
                .configure(SftpConnection::refuseUnknownHostKeyChecking)
                .templateBean("readerOptions", ReaderOptions.class, ReaderOptions::of)
                .templateBean("inboxFileNames", InboxFileNames.class, rtc -> new InboxFileNames(ID))
                .templateBean("problemLog", SftpProblemLog.class, rtc -> new SftpProblemLog(ID,
                        rtc.getProperty("host", String.class), rtc.getProperty("port", String.class),
                        rtc.getProperty("username", String.class), rtc.getProperty("directory", String.class)))
                .from(SftpConnection.URI
                        + "&antInclude={{include}}&recursive=false&autoCreate=false&localWorkDirectory={{stagingDirectory}}"
                        + "&filter=#{{inboxFileNames}}"
                        + "&readLock=changed&readLockMinAge={{stableForMillis}}&readLockCheckInterval=250"
                        + "&readLockTimeout=0&delay={{pollDelayMillis}}&sortBy=file:modified&maxMessagesPerPoll=1"
                        + "&move=${header." + ConnectorHeaders.FILE_OUTCOME + "}/${file:name}"
                        + "&throwExceptionOnConnectFailed=true&maximumReconnectAttempts=0"
                        + "&exceptionHandler=#{{problemLog}}"
                        + "&backoffErrorThreshold=1&backoffMultiplier={{backoffMultiplier}}")
                .process("{{readerOptions}}")
                .process(SftpInboxRouteTemplate::handToTheLocalCopy)
                .to("{{handler}}")
                .process(SftpInboxRouteTemplate::backToTheRemoteFile);
    }

    /** The handler reads the complete staged copy; the remote path is kept for the move on the server. */
    private static void handToTheLocalCopy(Exchange exchange) throws java.io.IOException {
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
    private static void backToTheRemoteFile(Exchange exchange) throws java.io.IOException {
        String outcome = exchange.getMessage().getHeader(ConnectorHeaders.FILE_OUTCOME, String.class);
        if (!"done".equals(outcome) && !"error".equals(outcome)) {
            if (outcome != null) {
                LOG.warn("{}: unknown file outcome '{}' for {}; moving it to error/", ID, outcome,
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
