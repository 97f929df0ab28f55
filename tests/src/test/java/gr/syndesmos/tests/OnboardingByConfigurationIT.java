package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo municipalities as an integrator adds them, by configuration and mapping files only: the hub jar is started
 * with {@code SYNDESMOS_CONFIG_DIR} holding {@code samples/config} (Agios Nikolaos fixed-width files, Chania's
 * PostgreSQL table, Serres's MQTT sensors) plus a municipality that pushes over HTTP. Chania's table lives in the
 * machine's PostgreSQL and Serres's sensors publish to the machine's Mosquitto.
 */
class OnboardingByConfigurationIT {

    private static final String PUSH_KEY = "it-" + UUID.randomUUID();
    private static final String TOPIC_PREFIX = "syndesmos-it/" + UUID.randomUUID() + "/";

    @TempDir
    static Path work;

    static HubProcess hub;

    @BeforeAll
    static void startTheHubWithTheDemoConfiguration() throws Exception {
        requireServer("PostgreSQL on 127.0.0.1:5432", OnboardingByConfigurationIT::loadChaniaTable);
        Path config = work.resolve("config");
        Path municipalities = Files.createDirectories(config.resolve("municipalities"));
        for (String code : List.of("9310", "9325", "9054")) {
            String yaml = Files.readString(Path.of("../samples/config/municipalities/" + code + ".yml"));
            // This run's own topic: the machine's broker is shared, and a persistent session keeps old messages.
            Files.writeString(municipalities.resolve(code + ".yml"),
                    yaml.replace("\"serres/sensors/+/reading\"", "\"" + TOPIC_PREFIX + "serres/sensors/+/reading\"\n"
                            + "        clientId: \"syndesmos-it-" + UUID.randomUUID() + "\""));
        }
        Files.copy(Path.of("src/test/resources/onboarding/9309.yml"), municipalities.resolve("9309.yml"));
        Path secrets = Files.writeString(work.resolve("secrets.yml"),
                "chania-db-password: unused-with-trust-auth\nchersonisos-push-key: " + PUSH_KEY + "\n");

        hub = new HubProcess(Files.createDirectories(work.resolve("data")), HubProcess.env(
                "SYNDESMOS_SECRETS_FILE", secrets.toString(),
                "CHANIA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "CHANIA_DB_USER", "postgres",
                "SERRES_MQTT_URL", "tcp://127.0.0.1:1883"))
                .withConfigDir(config)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void agiosNikolaosFixedWidthExportReachesTheRegionalPlatform() throws Exception {
        hub.drop(Path.of("../samples/agios-nikolaos/APOF20261120.TXT"), "9310");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(regionalIds("9310")).hasSize(7));
        assertThat(regionalIds("9310")).contains("9310-council-decision-2026-401")
                .doesNotContain("9310-council-decision-2026-403", "9310-council-decision-2026-404");
        JsonNode quarantined = hub.get("/api/quarantine/9310");
        assertThat(quarantined.toString()).contains("bad-afm");
    }

    @Test
    void chaniaTableRowsReachBothDestinations() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(regionalIds("9325")).hasSize(10));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            long toDiavgeia = 0;
            for (JsonNode received : hub.get("/sandbox/diavgeia/received")) {
                if ("6318".equals(received.path("metadata").path("organizationId").asText())) {
                    toDiavgeia++;
                }
            }
            assertThat(toDiavgeia).isEqualTo(10);
        });
        assertThat(regionalIds("9325")).doesNotContain("9325-council-decision-2026-505");
    }

    @Test
    void serresSensorReadingPublishedOverMqttReachesTheRegionalPlatform() throws Exception {
        publish(TOPIC_PREFIX + "serres/sensors/SER-AQ-07/reading",
                "{\"sensor\":\"SER-AQ-07\",\"observed\":\"2026-11-20T18:00:00+02:00\",\"pm10\":23.4,"
                        + "\"temperature\":12.5}");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(regionalIds("9054")).containsExactly("9054-sensor-reading-SER-AQ-07-20261120T160000Z"));
    }

    @Test
    void aMunicipalityPushesOverHttpWithItsOwnKeyOnly() throws Exception {
        String row = """
                [{"id": 7001, "arithmos": 70, "etos": 2026, "synedriasi": 3, "im_synedriasis": "2026-11-10",
                  "thema_ar": 1, "thema": "Έγκριση πρακτικού", "eidos": "ΚΑΝΟΝΙΣΤΙΚΗ", "ypiresia": "Δημοτικό Συμβούλιο",
                  "ypografontes": "Μαρία Κ.", "katastasi": "ΟΡΙΣΤΙΚΗ",
                  "teleftaia_allagi": "2026-11-10T12:00:00+02:00"}]
                """;
        assertThat(push("/inbound/9309/council-decisions", "wrong-" + PUSH_KEY, row).statusCode()).isEqualTo(401);
        assertThat(push("/inbound/9310/council-decisions", PUSH_KEY, row).statusCode())
                .as("no other municipality has such an address").isIn(404, 401);

        HttpResponse<String> accepted = push("/inbound/9309/council-decisions", PUSH_KEY, row);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(regionalIds("9309")).containsExactly("9309-council-decision-2026-70"));
    }

    private static List<String> regionalIds(String municipality) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode envelope : hub.get("/sandbox/regional/received")) {
            JsonNode body = envelope.has("envelope") ? envelope.get("envelope") : envelope;
            if (municipality.equals(body.path("municipality").path("code").asText())) {
                ids.add(body.path("id").asText());
            }
        }
        return ids;
    }

    private static HttpResponse<String> push(String path, String key, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void publish(String topic, String json) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:1883", "syndesmos-it-" + UUID.randomUUID(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        MqttMessage message = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish(topic, message);
        client.disconnect();
        client.close();
    }

    private static void loadChaniaTable() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             Statement sql = db.createStatement()) {
            // The migration is Chania's first one: start from an empty schema, as a fresh database would.
            sql.execute("drop schema if exists chania cascade");
            sql.execute(Files.readString(Path.of("../samples/chania/db/V1__council_decisions.sql")));
            sql.execute(Files.readString(Path.of("../samples/chania/db/R__seed.sql")));
        }
    }

    /** Skips when the machine's server is absent, but fails under CI, where it must be there. */
    private static void requireServer(String what, ThrowingAction action) throws Exception {
        try {
            action.run();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
                throw e; // the server answered: a real failure, not an absent server
            }
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(what + " is needed by this test and not reachable under CI", e);
            }
            Assumptions.abort(what + " is not reachable (" + e.getMessage() + "): skipping the onboarding test");
        }
    }

    @FunctionalInterface
    interface ThrowingAction {
        void run() throws Exception;
    }
}
