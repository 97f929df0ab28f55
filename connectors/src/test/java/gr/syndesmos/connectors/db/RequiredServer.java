package gr.syndesmos.connectors.db;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need one of the machine's real servers skip with a message when it is absent, except under
 * {@code CI=true}, where an absent server is a failure (a CI run must not pass by skipping everything).
 */
public final class RequiredServer {

    private RequiredServer() {
    }

    public static void assumeListening(String what, String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
        } catch (IOException absent) {
            String message = what + " is not listening on " + host + ":" + port + " (" + absent.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + "; under CI=true this test must run", absent);
            }
            Assumptions.abort(message + "; skipping");
        }
    }
}
