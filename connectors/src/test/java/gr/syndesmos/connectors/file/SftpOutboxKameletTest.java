package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.KameletRoutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sftp-outbox connector against an embedded SFTP server. */
class SftpOutboxKameletTest extends CamelTestSupport {

    private static final String PASSWORD = "outbox-Χανιά-1";

    @TempDir
    Path serverRoot;
    @TempDir
    Path config;

    private EmbeddedSftpServer server;


    @BeforeEach
    void startServerAndConnector() throws Exception {
        server = new EmbeddedSftpServer(serverRoot, PASSWORD).start();
        Files.createDirectories(serverRoot.resolve("imports"));
        KameletRoutes.add(context, "sftp-outbox-test", "sftp-outbox", Map.of(
                "host", "127.0.0.1", "port", String.valueOf(server.port()), "username", EmbeddedSftpServer.USER,
                "password", PASSWORD, "knownHostsFile", server.knownHostsFile(config, server.port()).toString(),
                "directory", "imports", "endpoint", "outbox-9320"));
    }

    @AfterEach
    void stopServer() throws Exception {
        context.stop();
        server.close();
    }

    private void send(String name, byte[] content) {
        template.sendBodyAndHeader("direct:outbox-9320", content, "CamelFileName", name);
    }

    private Stream<String> remoteFiles() throws Exception {
        try (Stream<Path> files = Files.list(serverRoot.resolve("imports"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void writesTheFileWholeUnderItsNameAndLeavesNoTemporaryFile() throws Exception {
        byte[] content = new byte[128 * 1024];
        new Random(9320).nextBytes(content);

        send("ada_20261120T230000.xml", content);

        assertThat(serverRoot.resolve("imports/ada_20261120T230000.xml")).hasBinaryContent(content);
        assertThat(remoteFiles()).containsExactly("ada_20261120T230000.xml");
    }

    @Test
    void neverOverwritesAnExistingFile() throws Exception {
        send("ada.xml", "first".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> send("ada.xml", "second".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CamelExecutionException.class)
                .hasStackTraceContaining("already exist");
        assertThat(serverRoot.resolve("imports/ada.xml")).hasContent("first");
        assertThat(remoteFiles()).containsExactly("ada.xml");
    }
}
