package gr.syndesmos.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.SyndesmosHub;
import gr.syndesmos.schemas.CanonicalJson;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Who gets into the hub's broker, tried with real CORE (Artemis), AMQP 1.0 (Qpid JMS) and STOMP clients on its TCP
 * acceptor: nobody anonymous, nobody with a wrong password, and a municipality's own account (Chersonisos, 9309,
 * whose legacy system talks to the broker) only to send to its inbound queue and read its outbound queue. It cannot
 * publish a record, read or destroy anyone's dead letters, send management messages or reach another
 * municipality's queues; what it does send is published and its ADA comes back on its outbound queue.
 */
@SpringBootTest(classes = SyndesmosHub.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerAccessTest {

    private static final String LEGACY_USER = "chersonisos-legacy";
    private static final String LEGACY_PASSWORD = "legacy-" + UUID.randomUUID();
    private static final String INBOUND = "inbound.9309.council-decisions";
    private static final String OUTBOUND = "outbound.9309.council-decisions";
    private static final String HERAKLION_DEAD_LETTERS = "dead-letter::dead-letter.9305.diavgeia";
    private static final String ROW = """
            [{"id": 7001, "arithmos": 70, "etos": 2026, "synedriasi": 3, "im_synedriasis": "2026-11-10",
              "thema_ar": 1, "thema": "Έγκριση πρακτικού", "eidos": "ΚΑΝΟΝΙΣΤΙΚΗ", "ypiresia": "Δημοτικό Συμβούλιο",
              "ypografontes": "Βασιλική Νικολάου", "katastasi": "ΟΡΙΣΤΙΚΗ", "teleftaia_allagi": "2026-11-10T12:00:00+02:00"}]
            """;

    @TempDir
    static Path data;

    static final int HTTP_PORT = freePort();
    static final int BROKER_PORT = freePort();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) throws IOException {
        // Chersonisos with a broker account of its own for user LEGACY_USER (shared with the tests module).
        Path config = data.resolve("config");
        FileSystemUtils.copyRecursively(Path.of("src/test/resources/broker-access/config"), config);
        Path secrets = Files.writeString(data.resolve("secrets.yml"), "chersonisos-broker: " + LEGACY_PASSWORD + "\n");
        registry.add("syndesmos.data-dir", () -> data.toString());
        registry.add("syndesmos.config-dir", config::toString);
        registry.add("syndesmos.secrets-file", secrets::toString);
        registry.add("server.port", () -> HTTP_PORT);
        registry.add("syndesmos.broker.port", () -> BROKER_PORT);
        registry.add("syndesmos.security.users-file", BrokerAccessTest::testUsersFile);
    }

    @Test
    void anonymousAndWrongPasswordLoginsAreRefusedOnEveryProtocol() throws Exception {
        ActiveMQConnectionFactory core = new ActiveMQConnectionFactory(coreUrl());
        assertThatThrownBy(() -> core.createConnection().close()).as("CORE, anonymous")
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> core.createConnection("syndesmos-hub", "guess").close()).as("CORE, wrong password")
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> core.createConnection(LEGACY_USER, "guess").close())
                .isInstanceOf(JMSSecurityException.class);

        assertThatThrownBy(() -> amqp(null, null)).as("AMQP, anonymous (SASL ANONYMOUS)")
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> amqp("syndesmos-hub", "guess")).as("AMQP, wrong password")
                .isInstanceOf(JMSSecurityException.class);

        try (StompClient stomp = new StompClient(BROKER_PORT)) {
            assertThat(stomp.connect(null, null).command()).as("STOMP, anonymous").isEqualTo("ERROR");
        }
        try (StompClient stomp = new StompClient(BROKER_PORT)) {
            assertThat(stomp.connect(LEGACY_USER, "guess").command()).as("STOMP, wrong password").isEqualTo("ERROR");
        }
    }

    @Test
    void theHubsOwnPasswordIsGeneratedOnceAndKeptForItsUserOnly() throws Exception {
        Path stored = data.resolve("security").resolve("broker-password");
        assertThat(stored).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("broker"))))
                .isEqualTo("rwx------");
        String password = Files.readString(stored).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        // The one account that may do everything, management included.
        try (Connection hub = new ActiveMQConnectionFactory(coreUrl()).createConnection("syndesmos-hub", password)) {
            Session session = hub.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createBrowser(session.createQueue(HERAKLION_DEAD_LETTERS)).getEnumeration();
        }
    }

    @Test
    void aMunicipalityAccountCannotPublishRecordsReadDeadLettersOrManageTheBroker() throws Exception {
        try (Connection legacy = new ActiveMQConnectionFactory(coreUrl()).createConnection(LEGACY_USER,
                LEGACY_PASSWORD)) {
            legacy.start();
            Session session = legacy.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message forged = session.createTextMessage("{\"recordId\":\"9305-council-decision-2026-1\"}");
            forged.setStringProperty("municipality", "9305");
            assertThatThrownBy(() -> session.createProducer(session.createTopic("council-decision")).send(forged))
                    .as("publish a record as Heraklion").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(HERAKLION_DEAD_LETTERS)))
                    .as("consume Heraklion's dead letters by their fully qualified name")
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createBrowser(session.createQueue("quarantine::quarantine.9305"))
                    .getEnumeration()).as("browse Heraklion's quarantine").isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("activemq.management"))
                    .send(session.createMessage())).as("send a management message")
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("inbound.9318.council-decisions"))
                    .send(session.createTextMessage(ROW))).as("send to another municipality's inbound address (Rethymno"
                            + " has none: nothing is created on demand)").isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(INBOUND)))
                    .as("read back its own inbound queue").isInstanceOf(JMSSecurityException.class);
        }

        assertThatThrownBy(() -> {
            try (Connection legacy = amqp(LEGACY_USER, LEGACY_PASSWORD)) {
                Session session = legacy.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createConsumer(session.createQueue(HERAKLION_DEAD_LETTERS));
            }
        }).as("AMQP: Heraklion's dead letters").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> {
            try (Connection legacy = amqp(LEGACY_USER, LEGACY_PASSWORD)) {
                Session session = legacy.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createTopic("council-decision")).send(session.createTextMessage("{}"));
            }
        }).as("AMQP: publish a record").isInstanceOf(JMSSecurityException.class);

        try (StompClient stomp = new StompClient(BROKER_PORT)) {
            assertThat(stomp.connect(LEGACY_USER, LEGACY_PASSWORD).command()).isEqualTo("CONNECTED");
            assertThat(stomp.sendTo("council-decision", Map.of("municipality", "9305"), "{}").command())
                    .as("STOMP: publish a record as Heraklion").isEqualTo("ERROR");
        }
        try (StompClient stomp = new StompClient(BROKER_PORT)) {
            stomp.connect(LEGACY_USER, LEGACY_PASSWORD);
            assertThat(stomp.subscribe(HERAKLION_DEAD_LETTERS).command())
                    .as("STOMP: subscribe to Heraklion's dead letters").isEqualTo("ERROR");
        }
    }

    @Test
    void aMunicipalitySendsToItsInboundQueueAndReadsItsAnswersFromItsOutboundQueue() throws Exception {
        try (StompClient stomp = new StompClient(BROKER_PORT)) {
            assertThat(stomp.connect(LEGACY_USER, LEGACY_PASSWORD).command()).isEqualTo("CONNECTED");
            // A header claiming another municipality changes nothing: the queue says whose records these are.
            assertThat(stomp.sendTo(INBOUND, Map.of("municipality", "9305", "persistent", "true"), ROW).command())
                    .isEqualTo("RECEIPT");
        }
        await("the record delivered to both destinations").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> record("9309-council-decision-2026-70").path("status").asText(), "delivered"::equals);

        try (Connection legacy = amqp(LEGACY_USER, LEGACY_PASSWORD)) {
            legacy.start();
            Session session = legacy.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer answers = session.createConsumer(session.createQueue(OUTBOUND));
            Message answer = answers.receive(30_000);
            assertThat(answer).as("the ADA file on its outbound queue").isInstanceOf(BytesMessage.class);
            assertThat(answer.getStringProperty("fileName")).startsWith("ada_").endsWith(".csv");
            byte[] content = new byte[(int) ((BytesMessage) answer).getBodyLength()];
            ((BytesMessage) answer).readBytes(content);
            assertThat(new String(content, StandardCharsets.UTF_8)).contains("7001,2026,70,");
        }
    }

    private static JsonNode record(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + HTTP_PORT + "/api/records/" + id))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "region-admin:region-admin-password".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? CanonicalJson.mapper().readTree(response.body())
                : CanonicalJson.mapper().createObjectNode();
    }

    private static Connection amqp(String user, String password) throws JMSException {
        JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + BROKER_PORT);
        Connection connection = user == null ? factory.createConnection() : factory.createConnection(user, password);
        try {
            // Qpid JMS connects on first use.
            connection.start();
            return connection;
        } catch (JMSException e) {
            connection.close();
            throw e;
        }
    }

    private static String coreUrl() {
        return "tcp://127.0.0.1:" + BROKER_PORT + "?reconnectAttempts=0";
    }

    private static String testUsersFile() {
        try {
            return Path.of(BrokerAccessTest.class.getClassLoader().getResource("operators/users.yml").toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
