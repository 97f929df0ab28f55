package gr.syndesmos.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.SyndesmosHub;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.BrokerQueues;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.hub.support.HubTestSupport;
import gr.syndesmos.schemas.CanonicalJson;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Serres's sensor readings inside one whole hub (its own data folder, broker and HTTP port, fast redelivery), with
 * Serres (9054) added as an operator's municipality file. Batches are handed the way the MQTT connector hands them,
 * to the pipeline's own ingest template fed from {@code direct:sensor-readings.test-source.9054} instead of the
 * Kamelet (the same route the hub makes, with a source a test can call).
 */
@CamelSpringBootTest
@SpringBootTest(classes = SyndesmosHub.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {
                "syndesmos.redelivery.attempts=2",
                "syndesmos.redelivery.delay-ms=100",
                "syndesmos.redelivery.max-delay-ms=200"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SensorReadingsRouteTest {

    private static final String INGEST = "direct:sensor-readings.test-source.9054";
    private static final String SOURCE = "mqtt:serres/sensors/+/reading";

    @TempDir
    static Path data;

    static final int HTTP_PORT = HubTestSupport.freePort();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        registry.add("syndesmos.data-dir", () -> data.toString());
        registry.add("syndesmos.config-dir", SensorReadingsRouteTest::configWithSerres);
        registry.add("server.port", () -> HTTP_PORT);
        registry.add("syndesmos.broker.port", HubTestSupport::freePort);
        registry.add("syndesmos.security.users-file", HubTestSupport::testUsersFile);
    }

    @Autowired
    ProducerTemplate producer;

    @Autowired
    org.apache.camel.CamelContext camelContext;

    @org.junit.jupiter.api.BeforeEach
    void ingestFromADirectSource() throws Exception {
        if (camelContext.getRoute("sensor-readings.test-ingest.9054") == null) {
            ((org.apache.camel.model.ModelCamelContext) camelContext).addRouteFromTemplate(
                    "sensor-readings.test-ingest.9054", "pipeline.ingest",
                    Map.of("flow", "sensor-readings", "code", "9054", "source", INGEST));
        }
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BrokerQueues brokerQueues;

    @Autowired
    MunicipalityRegistry municipalities;

    @Autowired
    StateStore state;

    @Autowired
    HubMetrics metrics;

    @Autowired
    PipelinePlan plan;

    private static Map<String, Object> reading(String sensor, String observed, double pm10, double humidity) {
        Map<String, Object> row = new HashMap<>();
        row.put("sensor", sensor);
        row.put("observed", observed);
        row.put("pm10", pm10);
        row.put("pm25", 11.2);
        row.put("temperature", 12.5);
        row.put("relativeHumidity", humidity);
        row.put("lat", 41.0855);
        row.put("lon", 23.5497);
        row.put("_topic", "serres/sensors/" + sensor + "/reading");
        return row;
    }

    private RecordIngest.IntakeResult send(List<Map<String, Object>> batch) {
        return producer.requestBodyAndHeader(INGEST, new ArrayList<>(batch), gr.syndesmos.connectors.catalog.ConnectorHeaders.SOURCE,
                SOURCE, RecordIngest.IntakeResult.class);
    }

    private static List<JsonNode> receivedByRegional(String recordIdPrefix) throws Exception {
        List<JsonNode> received = new ArrayList<>();
        for (JsonNode envelope : HubTestSupport.getJson(HTTP_PORT, "/sandbox/regional/received", "region-admin")) {
            if (envelope.path("id").asText().startsWith(recordIdPrefix)) {
                received.add(envelope);
            }
        }
        return received;
    }

    @Test
    void validReadingsReachTheRegionalPlatformOnceAndTheBadOneIsQuarantined() throws Exception {
        List<Map<String, Object>> batch = List.of(
                reading("SER-AQ-07", "2026-11-20T18:00:00+02:00", 23.4, 0.54),
                reading("SER-AQ-08", "2026-11-20T18:00:00+02:00", 31.0, 0.61),
                reading("SER-AQ-11", "2026-11-20T18:00:00+02:00", 18.2, 54)); // a percentage: bad-value

        RecordIngest.IntakeResult first = send(batch);
        assertThat(first).isEqualTo(new RecordIngest.IntakeResult("done", 3, 2, 1, 0, null));

        String aq07 = "9054-sensor-reading-SER-AQ-07-20261120T160000Z";
        String aq08 = "9054-sensor-reading-SER-AQ-08-20261120T160000Z";
        await("both valid readings at the regional platform").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> receivedByRegional("9054-sensor-reading-SER-AQ-0").size() == 2);
        for (JsonNode envelope : receivedByRegional("9054-sensor-reading-SER-AQ-0")) {
            assertThat(envelope.path("recordType").asText()).isEqualTo("sensor-reading");
            assertThat(envelope.path("schemaVersion").asInt()).isEqualTo(1);
            assertThat(envelope.path("id").asText()).isIn(aq07, aq08);
            assertThat(envelope.path("version").asText()).isEqualTo("2026-11-20T18:00:00+02:00");
            assertThat(envelope.at("/municipality/code").asText()).isEqualTo("9054");
            assertThat(envelope.at("/municipality/name").asText()).isEqualTo("Σερρών");
            assertThat(envelope.at("/record/measurements/pm25").decimalValue()).isEqualByComparingTo("11.2");
            assertThat(envelope.at("/record/location/coordinates/1").decimalValue()).isEqualByComparingTo("41.0855");
            assertThat(envelope.at("/record/source/system").asText()).isEqualTo("mqtt");
            assertThat(envelope.path("idempotencyKey").asText())
                    .isEqualTo("9054:" + envelope.path("id").asText() + ":2026-11-20T18:00:00+02:00");
            assertThat(envelope.path("receivedRepeat").asBoolean()).isFalse();
        }
        JsonNode aq07Envelope = receivedByRegional(aq07).get(0);
        assertThat(aq07Envelope.at("/record/sensorId").asText()).isEqualTo("SER-AQ-07");
        assertThat(aq07Envelope.at("/record/measurements/pm10").decimalValue()).isEqualByComparingTo("23.4");

        // The bad one is in Serres's quarantine, with its reason.
        JsonNode quarantine = HubTestSupport.getJson(HTTP_PORT, "/api/quarantine/9054", "region-admin");
        assertThat(quarantine.path("count").asInt()).isEqualTo(1);
        JsonNode held = quarantine.path("messages").get(0);
        assertThat(held.path("recordId").asText()).isEqualTo("9054-sensor-reading-SER-AQ-11-20261120T160000Z");
        assertThat(held.path("reasons").asText()).isEqualTo("bad-value");
        assertThat(held.path("sourceFile").asText()).isEqualTo("serres/sensors/SER-AQ-11/reading");
        JsonNode report = CanonicalJson.mapper().readTree(held.path("body").asText());
        assertThat(report.at("/reasons/0/field").asText()).isEqualTo("relativeHumidity");
        assertThat(report.at("/values/relativeHumidity").asInt()).isEqualTo(54);
        assertThat(report.path("origin").asText()).isEqualTo("serres/sensors/SER-AQ-11/reading");

        // Each record's trail: delivered, and quarantined.
        await("trail says delivered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> HubTestSupport.getJson(HTTP_PORT, "/api/records/" + aq07, "region-admin").path("status").asText()
                        .equals("delivered"));
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/api/records/9054-sensor-reading-SER-AQ-11-20261120T160000Z", "region-admin")
                .path("status").asText()).isEqualTo("quarantined");

        // The same batch again (a gateway resending): recognised, nothing published, nothing delivered twice.
        RecordIngest.IntakeResult again = send(batch);
        assertThat(again).isEqualTo(new RecordIngest.IntakeResult("done", 3, 0, 1, 2, null));
        assertThat(jdbc.queryForObject("select count(*) from record_event where record_type = 'sensor-reading' "
                + "and event = 'duplicate'", Integer.class)).isEqualTo(2);
        assertThat(brokerQueues.queue(BrokerTopology.deliveryQueue("sensor-reading", "9054", "regional"))
                .getMessageCount()).as("nothing new on its way").isZero();
        assertThat(receivedByRegional("9054-sensor-reading-SER-AQ-0")).hasSize(2);
        assertThat(jdbc.queryForObject("select count(*) from delivery where record_type = 'sensor-reading' "
                + "and record_id in (?, ?) and destination = 'regional' and status = 'delivered'", Integer.class, aq07,
                aq08)).isEqualTo(2);
        assertThat(brokerQueues.queue("sensor-reading.unrouted").getMessageCount()).isZero();
    }

    @Test
    void aFailingRegionalPlatformIsRetriedThenDeadLetteredAndAnOperatorCanRetry() throws Exception {
        String id = "9054-sensor-reading-SER-AQ-21-20261120T170000Z";
        assertThat(HubTestSupport.call(HTTP_PORT, "PUT", "/sandbox/regional/mode", "region-admin", "fail").statusCode()).isEqualTo(200);
        try {
            assertThat(send(List.of(reading("SER-AQ-21", "2026-11-20T19:00:00+02:00", 40.1, 0.7))).published())
                    .isEqualTo(1);
            await("dead-lettered after the configured attempts").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> HubTestSupport.getJson(HTTP_PORT, "/api/dead-letters/9054/regional", "region-admin").path("count").asInt() == 1);
        } finally {
            HubTestSupport.call(HTTP_PORT, "PUT", "/sandbox/regional/mode", "region-admin", "ok");
        }
        JsonNode deadLetters = HubTestSupport.getJson(HTTP_PORT, "/api/dead-letters/9054/regional", "region-admin");
        assertThat(deadLetters.path("queue").asText()).isEqualTo("dead-letter.9054.regional");
        JsonNode message = deadLetters.path("messages").get(0);
        assertThat(message.path("recordId").asText()).isEqualTo(id);
        assertThat(message.path("reason").asText()).contains("503");
        assertThat(message.path("attempts").asInt()).isEqualTo(2);
        assertThat(message.path("firstFailedAt").asText()).isNotBlank();
        assertThat(receivedByRegional(id)).isEmpty();
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/api/records/" + id, "region-admin").path("status").asText()).isEqualTo("failed");

        // Mended: the operator's retry sends it where it came from, and it arrives.
        HttpResponse<String> retried = HubTestSupport.call(HTTP_PORT, "POST", "/api/dead-letters/9054/regional/retry", "region-admin", "{}");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        await("delivered after the retry").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> receivedByRegional(id).size() == 1);
        await("trail says delivered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> HubTestSupport.getJson(HTTP_PORT, "/api/records/" + id, "region-admin").path("status").asText()
                        .equals("delivered"));
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/api/dead-letters/9054/regional", "region-admin").path("count").asInt()).isZero();
    }

    @Test
    void aBrokerThatCannotBeReachedFailsTheBatchSoTheConnectorOffersItAgain() {
        ConnectionFactory brokerDown = (ConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConnectionFactory.class}, (proxy, method, args) -> {
                    throw new JMSException("broker down (test)");
                });
        RecordIngest ingest = new RecordIngest(plan, state, brokerDown, metrics);
        String id = "9054-sensor-reading-SER-AQ-31-20261120T170000Z";

        assertThatThrownBy(() -> ingest.ingestRows("sensor-readings", "9054",
                List.of(reading("SER-AQ-31", "2026-11-20T19:00:00+02:00", 12.0, 0.5)), SOURCE))
                .isInstanceOf(JMSException.class);
        assertThat(state.latestVersions("sensor-reading", List.of(id))).as("nothing recorded as published").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from record_event where record_id = ?", Integer.class, id))
                .isZero();
    }

    // ---- helpers

    /** The operator config folder, with Serres's test municipality file in it. */
    private static String configWithSerres() {
        Path municipalities = data.resolve("config").resolve("municipalities");
        try (InputStream in = Files.newInputStream(resource("sensor-readings/9054.yml"))) {
            Files.createDirectories(municipalities);
            Files.copy(in, municipalities.resolve("9054.yml"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data.resolve("config").toString();
    }

    private static Path resource(String name) {
        try {
            return Path.of(SensorReadingsRouteTest.class.getClassLoader().getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
