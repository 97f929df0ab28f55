package gr.syndesmos.connectors.catalog;

/** Message headers between the hub and its connectors (see the connector contract in docs/guides/write-a-connector.md). */
public final class ConnectorHeaders {

    /**
     * Set by a {@code produces: file} source: {@code Map<String,String>} of the reading options the connector was
     * given ({@code charset}, {@code delimiter}, {@code quote}, {@code headerNames}), only those set.
     */
    public static final String READER_OPTIONS = "SyndesmosReaderOptions";

    /**
     * Set by the hub on a file exchange once it knows the outcome: {@code done}, {@code error} or {@code changed} (it
     * changed while it was read: leave it where it is, it is read again once it stops changing). The source files it
     * accordingly: a local inbox into {@code done/} or {@code error/} beside it, a remote one on its server.
     */
    public static final String FILE_OUTCOME = "SyndesmosFileOutcome";

    /** Set by the hub with an {@code error} outcome: the plain-language report a source keeps beside the refused file. */
    public static final String FILE_REPORT = "SyndesmosFileReport";

    /** Set by a {@code produces: rows} source: a short human name of where the rows came from. */
    public static final String SOURCE = "SyndesmosSource";

    /**
     * Set by a {@code produces: file} source: the {@code java.nio.file.Path} of the complete local file it hands over,
     * taken from the file the connector itself listed or downloaded. The hub reads this file and no other.
     */
    public static final String LOCAL_FILE = "SyndesmosLocalFile";

    /** Camel's header with the absolute path of the complete local file a file source hands over. */
    public static final String FILE_PATH = "CamelFilePath";

    /** Camel's header with the file name a file sink writes. */
    public static final String FILE_NAME = "CamelFileName";

    private ConnectorHeaders() {
    }
}
