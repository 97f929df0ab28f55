package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * The hub on an external Artemis broker, as a region runs it in production: the broker made from the Artemis
 * distribution with login required, its broker.xml written by the hub's {@code broker-config} command, TLS on its only
 * acceptor (a key store made for the test). The hub waits for a broker that is not there yet, reporting DOWN; names
 * the account and broker that refuse it and keeps trying; stops, listing what is missing, on a broker whose
 * configuration does not match the region's files; and otherwise runs every flow on it. A municipality's own broker
 * account is held to its own addresses by the broker itself.
 */
class ExternalBrokerIT {

    private static final String LEGACY_USER = "chersonisos-legacy";
    private static final String LEGACY_PASSWORD = "legacy-" + Long.toHexString(System.nanoTime());
    /** A word of a message the broker refuses: it must not reach the broker's log. */
    private static final String BODY_MARKER = "ΑΠΟΡΡΗΤΟ-ΠΕΡΙΕΧΟΜΕΝΟ-7731";

    @TempDir
    Path work;

    @Test
    void aHubWaitsForItsBrokerThenRunsItsFlowsOnItAndTheBrokerHoldsEachMunicipalityToItsOwnAddresses()
            throws Exception {
        ArtemisBroker.TestKeys keys = ArtemisBroker.TestKeys.generate(work);
        Path config = regionWithChersonisos();
        try (ArtemisBroker broker = ArtemisBroker.create(work, "broker", "single", HubProcess.freePort(), null,
                config, keys, Map.of(LEGACY_USER, "municipality-9309"), Map.of(LEGACY_USER, LEGACY_PASSWORD));
             HubProcess hub = new HubProcess(work.resolve("data"), hubEnv(broker.url(), ArtemisBroker.HUB_PASSWORD))
                     .withConfigDir(config)) {
            hub.launch();
            // No broker yet: the web side answers, health is DOWN and says why, no export is read.
            await("health DOWN while the broker is away").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> hub.status("/actuator/health") == 503
                            && brokerHealth(hub).path("details").path("reason").asText().startsWith("Cannot reach"));
            assertThat(brokerHealth(hub).path("details").path("reason").asText())
                    .startsWith("Cannot reach the broker tcp://127.0.0.1:" + broker.port());
            Path sample = Path.of(System.getProperty("syndesmos.samples", "../samples"), "rethymno",
                    "apofaseis_20261120_2300.csv");
            hub.drop(sample, "9318");
            await("the export stays in the inbox while the broker is away").during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5)).until(() -> Files.exists(hub.inbox("9318")
                            .resolve(sample.getFileName())));

            broker.start().awaitReady();
            await("health UP once the broker answers").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> hub.status("/actuator/health") == 200);
            assertThat(brokerHealth(hub).path("details").path("version").asText()).isEqualTo("2.44.0");
            assertThat(hub.logText()).contains("Connected to the broker tcp://127.0.0.1:" + broker.port())
                    .contains("trustStorePassword=***").doesNotContain(keys.password());

            // The export is read, published through the external broker and delivered to the stand-ins.
            await("the export read").atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(hub.inbox("9318").resolve("done").resolve(sample.getFileName())));
            long published = metric(hub, "syndesmos_records_published_total{flow=\"council-decisions\",municipality=\"9318\"}");
            assertThat(published).isPositive();
            await("every published record at the regional stand-in").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> hub.get("/sandbox/regional/received").size() == published);
            // The operators' views read the external broker's queues: the quarantined record, no dead letters.
            JsonNode quarantine = hub.get("/api/quarantine/9318");
            assertThat(quarantine.path("count").asLong()).isPositive();
            assertThat(quarantine.path("messages").get(0).path("sourceFile").asText())
                    .isEqualTo(sample.getFileName().toString());
            assertThat(hub.get("/api/dead-letters/9318/diavgeia").path("count").asLong()).isZero();

            // Chersonisos's legacy system may send to its own inbound queue, and nowhere else.
            ActiveMQConnectionFactory legacy = new ActiveMQConnectionFactory(broker.url());
            try (Connection connection = legacy.createConnection(LEGACY_USER, LEGACY_PASSWORD);
                 Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                MessageProducer anywhere = session.createProducer(null);
                assertThatThrownBy(() -> anywhere.send(session.createTopic("council-decision"),
                        session.createTextMessage("{\"thema\":\"" + BODY_MARKER + "\"}")))
                        .as("publishing a record directly").isInstanceOf(JMSSecurityException.class);
                assertThatThrownBy(() -> anywhere.send(session.createTopic("dead-letter"),
                        session.createTextMessage(BODY_MARKER)))
                        .as("writing into the dead letters").isInstanceOf(JMSSecurityException.class);
                assertThatThrownBy(() -> session.createConsumer(session.createQueue("quarantine::quarantine.9318")))
                        .as("reading another municipality's quarantine").isInstanceOf(JMSSecurityException.class);
            }
            await("the refusals in the broker's audit log").atMost(Duration.ofSeconds(10))
                    .until(() -> broker.auditLog().contains("AMQ229032"));
            assertThat(broker.auditLog()).contains(LEGACY_USER).contains("council-decision")
                    .doesNotContain(BODY_MARKER);
            assertThat(broker.logText()).doesNotContain(BODY_MARKER);
            assertThatThrownBy(() -> legacy.createConnection(LEGACY_USER, "guess").close())
                    .as("a wrong password").isInstanceOf(JMSSecurityException.class);
            // And without TLS the broker is not reachable at all.
            assertThatThrownBy(() -> new ActiveMQConnectionFactory("tcp://127.0.0.1:" + broker.port()
                    + "?callTimeout=5000&connectionTTL=5000").createConnection(LEGACY_USER, LEGACY_PASSWORD).close())
                    .as("a plain TCP connection").isInstanceOf(jakarta.jms.JMSException.class);
        }
    }

    @Test
    void aWrongPasswordIsNamedAndRetriedAndABrokerLackingTheRegionsQueuesStopsTheHub() throws Exception {
        ArtemisBroker.TestKeys keys = ArtemisBroker.TestKeys.generate(work);
        // The broker was written for the hub's shipped municipalities only: Chersonisos is not in it. Its addresses,
        // settings and permissions are broker properties (broker-config --properties), as the operator takes them.
        try (ArtemisBroker broker = ArtemisBroker.create(work, "broker", "single", HubProcess.freePort(), null, null,
                keys, Map.of(), Map.of(), true).start().awaitReady()) {
            try (HubProcess refused = new HubProcess(work.resolve("refused"), hubEnv(broker.url(), "not-the-password"))
                    .launch()) {
                await("health DOWN with the refusal").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500)).until(() -> refused.status("/actuator/health") == 503
                                && brokerHealth(refused).path("details").path("reason").asText().contains("refused"));
                String reason = brokerHealth(refused).path("details").path("reason").asText();
                assertThat(reason).contains("The broker tcp://127.0.0.1:" + broker.port())
                        .contains("refused the account 'syndesmos-hub'")
                        .contains("SYNDESMOS_BROKER_USER and SYNDESMOS_BROKER_PASSWORD");
                await("tried again, ever more slowly").atMost(Duration.ofSeconds(30))
                        .until(() -> refused.logText().contains("trying again in 4 s"));
                assertThat(refused.ended()).as("it keeps trying").isFalse();
                assertThat(refused.logText()).doesNotContain("not-the-password");
            }

            HubProcess mismatched = new HubProcess(work.resolve("mismatched"),
                    hubEnv(broker.url(), ArtemisBroker.HUB_PASSWORD)).withConfigDir(regionWithChersonisos());
            try (mismatched) {
                mismatched.launch();
                assertThat(mismatched.awaitExit(Duration.ofSeconds(120))).as("exit status").isEqualTo(78);
            }
            assertThat(mismatched.logText())
                    .contains("does not hold what this region's flow and municipality files need")
                    .contains("address inbound.9309.council-decisions")
                    .contains("queue council-decision.9309.diavgeia on address council-decision with filter "
                            + "municipality = '9309'")
                    .contains("security-setting inbound.9309.#")
                    .contains("broker-config");

            // The hub of the region the properties were written for finds everything it needs there.
            try (HubProcess matching = new HubProcess(work.resolve("matching"),
                    hubEnv(broker.url(), ArtemisBroker.HUB_PASSWORD)).start()) {
                await("the hub on the properties-made broker").atMost(Duration.ofSeconds(60))
                        .until(() -> matching.logText().contains("its addresses and settings match"));
            }
        }
    }

    private Map<String, String> hubEnv(String url, String password) throws IOException {
        Path secrets = work.resolve("secrets.yml");
        Files.writeString(secrets, "chersonisos-broker: " + LEGACY_PASSWORD + "\n", StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>(HubProcess.env("SYNDESMOS_BROKER_URL", url + "&ha=true&reconnectAttempts=-1",
                "SYNDESMOS_BROKER_USER", ArtemisBroker.HUB_USER, "SYNDESMOS_BROKER_PASSWORD", password,
                "SYNDESMOS_SECRETS_FILE", secrets.toString()));
        return env;
    }

    /** The region's files with Chersonisos (9309), whose legacy system talks to the broker with its own account. */
    private Path regionWithChersonisos() throws IOException {
        Path config = work.resolve("config");
        FileSystemUtils.copyRecursively(Path.of(System.getProperty("syndesmos.root", ".."))
                .resolve("routes/src/test/resources/broker-access/config"), config);
        return config;
    }

    private static JsonNode brokerHealth(HubProcess hub) throws IOException, InterruptedException {
        HttpResponse<String> health = hub.send("GET", "/actuator/health", null);
        return HubProcess.JSON.readTree(health.body()).path("components").path("broker");
    }

    private static long metric(HubProcess hub, String series) throws IOException, InterruptedException {
        for (String line : hub.send("GET", "/actuator/prometheus", null).body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
