package gr.syndesmos.connectors.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy that passes bytes on in small chunks with a pause before each one, to stand for a slow server
 * or a slow line. The pause is the simulated slowness, not a wait in the test. (Each module keeps its own copy of such
 * a helper under src/test.)
 */
final class DelayingTcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final int chunkBytes;
    private final long pauseNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    DelayingTcpProxy(int targetPort, int chunkBytes, long pauseMillis) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.chunkBytes = chunkBytes;
        this.pauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
        Thread acceptor = new Thread(this::accept, "delaying-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                sockets.add(client);
                sockets.add(server);
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[chunkBytes];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    LockSupport.parkNanos(pauseNanos);
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException closed) {
                // one side went away: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "delaying-proxy-" + direction);
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

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(DelayingTcpProxy::closeQuietly);
    }
}
