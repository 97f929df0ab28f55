package gr.syndesmos.connectors.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of one of the machine's real servers, so a test can make that server "stop"
 * ({@link #stop()}: the port refuses connections and open connections are cut) and "come back" ({@link #restart()}:
 * the same port listens again), or make it "slow" ({@link #delayEachChunk}) without touching the server itself.
 * Public so the MQTT tests use the same one.
 */
public final class LoopbackTcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile ServerSocket server;
    private volatile long delayMillis;

    private LoopbackTcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = bind(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    public static LoopbackTcpProxy to(String targetHost, int targetPort) throws IOException {
        return new LoopbackTcpProxy(targetHost, targetPort);
    }

    public int port() {
        return port;
    }

    /** Each chunk of bytes, either way, waits this long before it is passed on (0: at once). */
    public void delayEachChunk(long millis) {
        this.delayMillis = millis;
    }

    /** The server "stops": nothing listens on the port any more and every open connection is cut. */
    public synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** The server "comes back" on the same port. */
    public synchronized void restart() throws IOException {
        if (server == null) {
            server = bind(port);
            accept(server);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void accept(ServerSocket listening) {
        daemon("proxy-accept-" + port, () -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket();
                    try {
                        upstream.connect(target, 5000);
                    } catch (IOException unreachable) {
                        closeQuietly(client);
                        continue;
                    }
                    open.add(client);
                    open.add(upstream);
                    daemon("proxy-up-" + port, () -> pump(client, upstream));
                    daemon("proxy-down-" + port, () -> pump(upstream, client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                long delay = delayMillis;
                if (delay > 0) {
                    // The simulated latency itself, not a test waiting for a condition.
                    Thread.sleep(delay);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException cut) {
            // either side closed: close the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
