package gr.syndesmos.connectors.file;

import gr.syndesmos.connectors.catalog.KameletRoutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sftp-inbox connector against an embedded SFTP server: whole files, remote moves, and a server that misbehaves. */
class SftpInboxKameletTest extends CamelTestSupport {

    private static final String PASSWORD = "Ρέθυμνο-sftp&pass+1";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path serverRoot;
    @TempDir
    Path staging;
    @TempDir
    Path config;

    private EmbeddedSftpServer server;
    private CapturedLog log;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private MockEndpoint handler;


    @BeforeEach
    void setUpServerAndHandler() {
        log = new CapturedLog();
        server = new EmbeddedSftpServer(serverRoot, PASSWORD);
        handler = getMockEndpoint("mock:handler");
    }

    @AfterEach
    void stopServer() throws Exception {
        context.stop();
        server.close();
        log.close();
    }

    private void startConnector(int port, String password) throws Exception {
        startConnector(port, password, server.knownHostsFile(config, port));
    }

    private void startConnector(int port, String password, Path knownHosts) throws Exception {
        Map<String, Object> params = new HashMap<>();
        params.put("host", "127.0.0.1");
        params.put("port", String.valueOf(port));
        params.put("username", EmbeddedSftpServer.USER);
        params.put("password", password);
        params.put("knownHostsFile", knownHosts.toString());
        params.put("directory", "exports");
        params.put("include", "apofaseis_*.csv");
        params.put("stableForMillis", "0");
        params.put("pollDelayMillis", "100");
        params.put("backoffMultiplier", "2");
        params.put("stagingDirectory", staging.toString());
        params.put("charset", "windows-1253");
        params.put("delimiter", ";");
        params.put("handler", "mock:handler");
        KameletRoutes.add(context, "sftp-inbox-test", "sftp-inbox", params);
    }

    /** The handler reads the staged local file, as the hub does, and reports the outcome. */
    private void handlerAnswers(String outcome) {
        handler.whenAnyExchangeReceived(exchange -> readAndAnswer(exchange, outcome));
    }

    private void readAndAnswer(Exchange exchange, String outcome) throws Exception {
        Path local = Path.of(exchange.getIn().getHeader("CamelFilePath", String.class));
        assertThat(local).as("a complete local copy in the staging folder").startsWith(staging).isRegularFile();
        received.add(Files.readAllBytes(local));
        exchange.getIn().setHeader("SyndesmosFileOutcome", outcome);
    }

    private Path exports() {
        return serverRoot.resolve("exports");
    }

    @Test
    void aFileArrivesWholeWithTheReadingOptionsAndMovesToDoneOnTheServer() throws Exception {
        server.start();
        byte[] content = "ΑΡΙΘΜΟΣ;ΘΕΜΑ\r\n245;Έγκριση\r\n".getBytes("windows-1253");
        server.drop("exports", "apofaseis_20261120_2300.csv", content);
        handler.expectedMessageCount(1);
        handlerAnswers("done");

        startConnector(server.port(), PASSWORD);

        MockEndpoint.assertIsSatisfied(30, TimeUnit.SECONDS, handler);
        assertThat(received.get(0)).isEqualTo(content);
        assertThat(handler.getReceivedExchanges().get(0).getIn().getHeader("SyndesmosReaderOptions"))
                .isEqualTo(Map.of("charset", "windows-1253", "delimiter", ";"));
        assertThat(handler.getReceivedExchanges().get(0).getIn().getHeader("CamelFileName"))
                .isEqualTo("apofaseis_20261120_2300.csv");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(exports().resolve("done/apofaseis_20261120_2300.csv")).hasBinaryContent(content);
            assertThat(exports().resolve("apofaseis_20261120_2300.csv")).doesNotExist();
        });
        assertThat(exports().resolve(".apofaseis_20261120_2300.csv.part")).doesNotExist();
    }

    @Test
    void aFileTheHubRefusedMovesToErrorOnTheServer() throws Exception {
        server.start();
        server.drop("exports", "apofaseis_bad.csv", "not a valid export".getBytes(StandardCharsets.UTF_8));
        handler.expectedMessageCount(1);
        handlerAnswers("error");

        startConnector(server.port(), PASSWORD);

        MockEndpoint.assertIsSatisfied(30, TimeUnit.SECONDS, handler);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(exports().resolve("error/apofaseis_bad.csv")).exists();
            assertThat(exports().resolve("apofaseis_bad.csv")).doesNotExist();
        });
    }

    @Test
    void aFileTheHandlerFailedOnStaysAndIsDeliveredAgain() throws Exception {
        server.start();
        server.drop("exports", "apofaseis_1.csv", "x".getBytes(StandardCharsets.UTF_8));
        handler.expectedMinimumMessageCount(2);
        handler.whenExchangeReceived(1, exchange -> {
            throw new IllegalStateException("broker down");
        });
        handler.whenExchangeReceived(2, exchange -> readAndAnswer(exchange, "done"));

        startConnector(server.port(), PASSWORD);

        MockEndpoint.assertIsSatisfied(30, TimeUnit.SECONDS, handler);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(exports().resolve("done/apofaseis_1.csv")).exists());
        assertThat(exports().resolve("error/apofaseis_1.csv")).doesNotExist();
    }

    @Test
    void aWrongPasswordIsReportedClearlyAndTheFileArrivesOnceTheServerAcceptsIt() throws Exception {
        String wrongPassword = "not-the-password-9318";
        server.start();
        server.drop("exports", "apofaseis_1.csv", "x".getBytes(StandardCharsets.UTF_8));
        handler.expectedMessageCount(1);
        handlerAnswers("done");

        startConnector(server.port(), wrongPassword);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                .contains("sftp-inbox", "syndesmos@127.0.0.1:" + server.port(), "authentication refused")));
        assertThat(handler.getReceivedCounter()).as("nothing processed without a login").isZero();
        assertThat(exports().resolve("apofaseis_1.csv")).exists();

        server.acceptPassword(wrongPassword);

        MockEndpoint.assertIsSatisfied(30, TimeUnit.SECONDS, handler);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(exports().resolve("done/apofaseis_1.csv")).exists());
        assertThat(log.allText()).doesNotContain(wrongPassword).doesNotContain(PASSWORD);
    }

    @Test
    void aServerThatIsDownWhenTheConnectorStartsIsReachedWhenItComesUp() throws Exception {
        server.drop("exports", "apofaseis_1.csv", "waiting for the server".getBytes(StandardCharsets.UTF_8));
        handler.expectedMessageCount(1);
        handlerAnswers("done");

        startConnector(server.port(), PASSWORD);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                .contains("syndesmos@127.0.0.1:" + server.port(), "cannot connect")));
        server.start();

        MockEndpoint.assertIsSatisfied(30, TimeUnit.SECONDS, handler);
        assertThat(received.get(0)).asString(StandardCharsets.UTF_8).isEqualTo("waiting for the server");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(exports().resolve("done/apofaseis_1.csv")).exists());
    }

    @Test
    void aSlowServerStillDeliversTheWholeFile() throws Exception {
        server.start();
        byte[] content = new byte[256 * 1024];
        new Random(9318).nextBytes(content);
        server.drop("exports", "apofaseis_big.csv", content);
        handler.expectedMessageCount(1);
        handlerAnswers("done");

        try (DelayingTcpProxy slowLine = new DelayingTcpProxy(server.port(), 4096, 5)) {
            startConnector(slowLine.port(), PASSWORD);

            MockEndpoint.assertIsSatisfied(60, TimeUnit.SECONDS, handler);
            assertThat(received.get(0)).isEqualTo(content);
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(exports().resolve("done/apofaseis_big.csv")).hasBinaryContent(content));
        }
    }

    @Test
    void aServerWhoseHostKeyIsNotKnownIsRefused(@TempDir Path otherConfig) throws Exception {
        server.start();
        server.drop("exports", "apofaseis_1.csv", "x".getBytes(StandardCharsets.UTF_8));
        Path someoneElsesKey = new EmbeddedSftpServer(serverRoot, PASSWORD, server.port())
                .knownHostsFile(otherConfig, server.port());

        startConnector(server.port(), PASSWORD, someoneElsesKey);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(log.warnings()).anySatisfy(warning -> assertThat(warning)
                .contains("syndesmos@127.0.0.1:" + server.port(), "host key not trusted")));
        assertThat(handler.getReceivedCounter()).isZero();
        assertThat(exports().resolve("apofaseis_1.csv")).exists();
    }
}
