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
final class SftpProblemLog implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SftpProblemLog.class);

    private final String where;

    SftpProblemLog(String connector, String host, String port, String username, String directory) {
        this.where = connector + " sftp://" + username + "@" + host + ":" + port + "/" + directory;
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
        LOG.warn("{}: {}; will try again at a later poll", where, reason(exception));
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
