package gr.syndesmos.connectors.file;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an SFTP connector's consumer could not do (connect, log in, list, move a file), said once per failed poll as a
 * WARN line an operator can act on: the server, the user and the reason, never a password. The consumer tries again at
 * a later poll.
 */
public final class SftpProblemLog implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SftpProblemLog.class);

    private String connector = "sftp-inbox";
    private String host;
    private String port;
    private String username;
    private String directory;

    public void setConnector(String connector) {
        this.connector = connector;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public void setPort(String port) {
        this.port = port;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    /**
     * jsch acts on "yes" and "no" only: any other value (say "true") would neither refuse an unknown host nor say so.
     * The catalogue refuses such a value already; this bean is made before the first connection, so the Kamelet used
     * on its own refuses it too.
     */
    public void setStrictHostKeyChecking(String value) {
        if (!"yes".equals(value) && !"no".equals(value)) {
            throw new IllegalArgumentException("strictHostKeyChecking must be yes or no, not '" + value + "'");
        }
    }

    private String where() {
        return connector + " sftp://" + username + "@" + host + ":" + port + "/" + directory;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        LOG.warn("{}: {}; will try again at a later poll", where(), reason(exception));
    }

    /** The cause in plain words, then the messages of the exception chain. */
    static String reason(Throwable exception) {
        Set<String> messages = new LinkedHashSet<>();
        String plain = null;
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            String text = String.valueOf(cause.getMessage());
            if (plain == null) {
                plain = plainWords(cause, text);
            }
            if (cause.getMessage() != null) {
                messages.add(text);
            }
        }
        return (plain != null ? plain : "cannot poll the server") + " (" + String.join(" <- ", messages) + ")";
    }

    private static String plainWords(Throwable cause, String text) {
        if (text.startsWith("Auth fail") || text.startsWith("Auth cancel")) {
            return "authentication refused: wrong user name, password or key";
        }
        if (text.contains("HostKey has been changed") || text.startsWith("UnknownHostKey")
                || text.startsWith("reject HostKey")) {
            return "host key not trusted: the server's key is not (or no longer) in the known hosts file";
        }
        if (cause instanceof ConnectException || text.contains("Connection refused")) {
            return "cannot connect: nothing answers at this address";
        }
        if (cause instanceof UnknownHostException) {
            return "cannot connect: unknown host";
        }
        if (cause instanceof SocketTimeoutException || text.contains("timeout")) {
            return "cannot connect: the server did not answer in time";
        }
        return null;
    }
}
