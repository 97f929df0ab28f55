package gr.syndesmos.connectors.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An Apache MINA SSHD SFTP server on 127.0.0.1 for tests: one user, a password that can be changed while it runs, a
 * fixed host key (so it can be stopped and started again on the same port, as a real server restarts), and a
 * folder as its whole file system.
 */
final class EmbeddedSftpServer implements AutoCloseable {

    static final String USER = "syndesmos";

    private final Path root;
    private final KeyPair hostKey;
    private final AtomicReference<String> acceptedPassword;
    private final int port;
    private SshServer server;

    EmbeddedSftpServer(Path root, String password) {
        this(root, password, freePort());
    }

    EmbeddedSftpServer(Path root, String password, int port) {
        this.root = root;
        this.acceptedPassword = new AtomicReference<>(password);
        this.port = port;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            this.hostKey = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port free at this moment, for a server that starts later. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EmbeddedSftpServer start() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, password, session) ->
                USER.equals(user) && password.equals(acceptedPassword.get()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        return this;
    }

    void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    void acceptPassword(String password) {
        acceptedPassword.set(password);
    }

    int port() {
        return port;
    }

    Path root() {
        return root;
    }

    /** A known_hosts file that trusts this server's host key at the given port (the server's, or a proxy's). */
    Path knownHostsFile(Path folder, int portSeen) throws IOException {
        Path file = folder.resolve("known_hosts");
        Files.writeString(file, "[127.0.0.1]:" + portSeen + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        return file;
    }

    /** Writes a file into the server's folder the way a careful exporter does: temporary name, then rename. */
    Path drop(String folder, String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(root.resolve(folder));
        Path temp = dir.resolve("." + name + ".part");
        Files.write(temp, content);
        return Files.move(temp, dir.resolve(name));
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
