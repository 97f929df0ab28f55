package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gov.gr certificate requests of the shared samples ({@code samples/govgr/}), replayed example by example, in
 * order, against the hub as shipped: its endpoint, the broker, the two connectors and their stand-ins (Rethymno's
 * revenue system answering files, Heraklion's registers in the machine's PostgreSQL, in ISO_8859_7). Each example's
 * status, error code, headers and answer fields are those of {@code expected.json}, and so is how many questions
 * reached each legacy system; no log, trail or metric holds any of its personal values.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificateRequestsIT {

    private static final Path GOVGR = Path.of(System.getProperty("syndesmos.samples", "../samples"))
            .resolve("govgr");
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String REGISTERS = "syndesmos_standin_9305";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;
    static HubProcess hub;
    static JsonNode expected;
    static final Map<String, HttpResponse<String>> answers = new HashMap<>();

    @BeforeAll
    static void startHub() throws Exception {
        expected = HubProcess.JSON.readTree(GOVGR.resolve("expected.json").toFile());
        requirePostgres();
        try (Connection admin = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                Statement sql = admin.createStatement()) {
            // Freshly seeded stand-ins, as the samples ask: the hub makes the database again at start.
            sql.execute("DROP DATABASE IF EXISTS " + REGISTERS + " WITH (FORCE)");
            sql.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_ked') THEN "
                    + "ALTER ROLE hub_ked LOGIN; END IF; END $$");
        }
        hub = new HubProcess(work.resolve("data"), HubProcess.env(
                "SYNDESMOS_CLOCK_START", expected.path("run").path("hubClock").asText(),
                "SYNDESMOS_SANDBOX_REVENUE_FILES_POLL", "PT0.5S")).start();
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    @Order(1)
    void everyExampleGivesItsExpectedOutcome() throws Exception {
        Iterator<Map.Entry<String, JsonNode>> examples = expected.path("examples").fields();
        while (examples.hasNext()) {
            Map.Entry<String, JsonNode> example = examples.next();
            String id = example.getKey();
            JsonNode want = example.getValue();
            JsonNode request = HubProcess.JSON.readTree(GOVGR.resolve(want.path("file").asText()).toFile());
            String municipality = request.path("request").path("path").asText().split("/")[4];
            setUp(request.path("setup"), true);
            try {
                long askedBefore = legacyAsked(municipality);
                HttpResponse<String> response = call(request);
                answers.put(id, response);
                assertOutcome(id, want, response);
                assertLegacyAsked(id, municipality, askedBefore, want.path("legacyAsked").asInt());
                if (want.has("followUp")) {
                    followUp(id, request, want.path("followUp"), municipality);
                }
            } finally {
                setUp(request.path("setup"), false);
            }
        }
    }

    @Test
    @Order(2)
    void noPersonalValueInAnyLogTrailOrMetric() throws Exception {
        String log = Files.readString(hub.log(), StandardCharsets.UTF_8);
        String metrics = hub.send("GET", "/actuator/prometheus", null).body();
        String evidence = hub.get("/api/evidence/chains/9318?limit=1000").toString()
                + hub.get("/api/evidence/chains/9305?limit=1000");
        for (JsonNode value : expected.path("logsMustNotContain")) {
            assertThat(log).as("the hub's log").doesNotContain(value.asText());
            assertThat(metrics).as("the metrics").doesNotContain(value.asText());
            assertThat(evidence).as("the evidence log").doesNotContain(value.asText());
        }
        assertThat(log).as("the log shows identifiers masked").contains("01*****51");
        JsonNode requests = hub.get("/api/certificate-requests/9318");
        assertThat(requests.path("requests").findValuesAsText("auditTransactionId")).as("Rethymno's operators see "
                + "its requests").contains("ked-20261123-000001", "ked-20261123-000019")
                .doesNotContain("ked-20261123-000006");
        for (JsonNode value : expected.path("logsMustNotContain")) {
            assertThat(requests.toString()).as("the operators' view").doesNotContain(value.asText());
        }
        assertThat(hub.send("GET", "/api/certificate-requests/9318", null, "heraklion-operator").statusCode())
                .as("another municipality's operator").isEqualTo(403);
    }

    @Test
    @Order(3)
    void everyExchangeIsInAnIntactEvidenceChain() throws Exception {
        JsonNode verdict = hub.get("/api/evidence/verify");
        assertThat(verdict.path("intact").asBoolean()).as(verdict.toString()).isTrue();
        String requestId = null;
        for (JsonNode entry : hub.get("/api/evidence/chains/9318?limit=1000").path("entries")) {
            if (entry.path("outcome").asText().startsWith("200 ISSUED")) {
                requestId = entry.path("exchangeId").asText();
            }
        }
        assertThat(requestId).as("an issued Rethymno certificate in its chain").isNotNull();
        JsonNode exchange = hub.get("/api/evidence/exchanges/" + requestId);
        assertThat(exchange.path("entries").findValuesAsText("kind"))
                .contains("certificate-request", "certificate-answer");
        assertThat(hub.send("GET", "/api/evidence/exchanges/" + requestId, null, "heraklion-operator")
                .statusCode()).as("another municipality's operator sees nothing of it").isEqualTo(404);
    }

    /**
     * The statuses of the contract's table the samples do not reach: each checked in its order (a bad credential
     * before anything else), and an answer that does not parse (502), quarantined for the municipality.
     */
    @Test
    @Order(4)
    void theOtherStatusesInTheirOrder() throws Exception {
        JsonNode example = HubProcess.JSON.readTree(GOVGR.resolve("requests/04-residence-9318-issued.json").toFile());
        JsonNode body = example.path("request").path("body");
        String path = "/ked/v1/municipalities/9318/getPermanentResidenceCertificate";
        String key = "dev-ked-govgr-5b1e0c7a9d24";

        assertError(post("/ked/v1/municipalities/9170/getTapCertificate", null, "application/json", "{"), 401,
                "UNAUTHENTICATED");
        assertError(post(path, "not-a-key", "application/json", body.toString()), 401, "UNAUTHENTICATED");
        assertError(post("/ked/v1/municipalities/9318/getBirthCertificate", key, "text/plain", "x"), 404,
                "UNKNOWN_OPERATION");
        assertError(post(path, key, "text/plain", body.toString()), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(post(path, key, "application/json; charset=iso-8859-7", body.toString()), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(post(path, key, "application/json", "{\"pad\":\"" + "x".repeat(17 * 1024) + "\"}"), 413,
                "BODY_TOO_LARGE");
        assertError(post(path, key, "application/json", body.toString().replaceFirst("\\{", "{\"auditRecord\":{},")),
                400, "MALFORMED_JSON");

        // A system that writes an answer that does not parse: 502, and the answer kept in the quarantine.
        long quarantinedBefore = hub.get("/api/quarantine/9318").path("count").asLong();
        assertThat(hub.send("PUT", "/sandbox/revenue-files/mode", "{\"municipality\":\"9318\",\"garbage\":true}")
                .statusCode()).isEqualTo(200);
        try {
            com.fasterxml.jackson.databind.node.ObjectNode garbage = body.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) garbage.get("auditRecord")).put("auditTransactionId",
                    "ked-20261123-garbage");
            HttpResponse<String> response = post(path, key, "application/json", garbage.toString());
            assertError(response, 502, "MUNICIPALITY_ANSWER_INVALID");
            // Quarantined as the answer's message is acknowledged, just after the call was answered.
            await("the invalid answer in Rethymno's quarantine").atMost(Duration.ofSeconds(10))
                    .until(() -> hub.get("/api/quarantine/9318").path("count").asLong() == quarantinedBefore + 1);
            assertThat(post(path, key, "application/json", garbage.toString()).body()).as("replayed")
                    .isEqualTo(response.body());
        } finally {
            hub.send("PUT", "/sandbox/revenue-files/mode", "{\"municipality\":\"9318\"}");
        }
    }

    private static HttpResponse<String> post(String path, String apiKey, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = HubProcess.JSON.readTree(response.body());
        assertThat(error.path("errorRecord").path("errorCode").asText()).isEqualTo(code);
        assertThat(error.path("callSequenceId").isIntegralNumber()).isTrue();
    }

    private static void assertOutcome(String id, JsonNode want, HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as("example %s: %s", id, response.body())
                .isEqualTo(want.path("status").asInt());
        // Media types compared as such: the servlet container writes no space after ';'.
        assertThat(response.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", ""))
                .as("example %s content type", id).isEqualTo(expected.path("common").path("contentType").asText()
                        .replace(" ", ""));
        JsonNode body = HubProcess.JSON.readTree(response.body());
        assertThat(body.path("callSequenceId").isIntegralNumber()).as("example %s callSequenceId", id).isTrue();
        assertThat(body.path("callSequenceDate").asText()).as("example %s callSequenceDate", id)
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");
        want.path("headers").fields().forEachRemaining(header -> assertThat(
                response.headers().firstValue(header.getKey())).as("example %s header %s", id, header.getKey())
                .contains(header.getValue().asText()));
        if (want.has("sameBodyAs")) {
            assertThat(response.body()).as("example %s replays %s byte for byte", id, want.path("sameBodyAs")
                    .asText()).isEqualTo(answers.get(want.path("sameBodyAs").asText()).body());
            return;
        }
        if (want.has("errorCode")) {
            assertThat(body.has(want.path("outputRecord").asText("x"))).isFalse();
            assertThat(body.path("errorRecord").path("errorCode").asText()).as("example %s error", id)
                    .isEqualTo(want.path("errorCode").asText());
            assertThat(body.path("errorRecord").path("errorDescr").asText()).isNotBlank();
            if (want.has("fieldErrors")) {
                assertThat(body.path("errorRecord").path("fieldErrors")).as("example %s field errors", id)
                        .isEqualTo(want.path("fieldErrors"));
            }
            return;
        }
        assertThat(body.path("errorRecord").isNull()).as("example %s errorRecord", id).isTrue();
        JsonNode output = body.path(want.path("outputRecord").asText());
        assertThat(output.path("outcome").asText()).as("example %s outcome", id)
                .isEqualTo(want.path("outcome").asText());
        assertThat(output.path("municipalityCode").asText()).isEqualTo(want.path("municipalityCode").asText());
        assertThat(output.path("refusal")).as("example %s refusal", id).isEqualTo(want.path("refusal"));
        if (want.path("certificate").isNull()) {
            assertThat(output.path("certificate").isNull()).as("example %s no certificate", id).isTrue();
        } else {
            assertSameFields("example " + id + " certificate", want.path("certificate"), output.path("certificate"));
            assertThat(output.path("certificate").path("certificateNumber").asText()).as("example %s number", id)
                    .matches(want.path("certificateNumberPattern").asText());
        }
    }

    /** Every field the example names has its value (numbers compared as numbers); nothing beyond them. */
    private static void assertSameFields(String what, JsonNode want, JsonNode got) {
        if (want.isNumber()) {
            assertThat(got.isNumber()).as(what).isTrue();
            assertThat(new BigDecimal(got.asText())).as(what).isEqualByComparingTo(new BigDecimal(want.asText()));
            return;
        }
        if (!want.isObject()) {
            assertThat(got).as(what).isEqualTo(want);
            return;
        }
        want.fields().forEachRemaining(f -> assertSameFields(what + "." + f.getKey(), f.getValue(),
                got.path(f.getKey())));
        got.fieldNames().forEachRemaining(name -> assertThat(want.has(name) || name.equals("certificateNumber"))
                .as("%s carries nothing beyond the certificate's fields: %s", what, name).isTrue());
    }

    /** The late answer of example 19 is served to its repeat, replayed, without asking again. */
    private void followUp(String id, JsonNode request, JsonNode want, String municipality) throws Exception {
        long askedBefore = legacyAsked(municipality);
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        await("example " + id + ": the late answer served to a repeat").atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofSeconds(2)).until(() -> {
                    HttpResponse<String> response = call(request);
                    last.set(response);
                    if (response.statusCode() == 503) {
                        assertThat(HubProcess.JSON.readTree(response.body()).path("errorRecord").path("errorCode")
                                .asText()).as("while the late answer is awaited").isEqualTo("ANSWER_PENDING");
                        assertThat(response.headers().firstValue("Retry-After")).contains("10");
                    }
                    return response.statusCode() != 503;
                });
        assertOutcome(id + " follow-up", want, last.get());
        assertLegacyAsked(id + " follow-up", municipality, askedBefore, want.path("legacyAsked").asInt());
    }

    private static HttpResponse<String> call(JsonNode example) throws IOException, InterruptedException {
        JsonNode request = example.path("request");
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(hub.baseUrl()
                + request.path("path").asText())).timeout(Duration.ofSeconds(30));
        request.path("headers").fields().forEachRemaining(h -> builder.header(h.getKey(), h.getValue().asText()));
        return HTTP.send(builder.method(request.path("method").asText(), HttpRequest.BodyPublishers.ofString(
                request.path("body").toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** An example's setup: Rethymno's revenue system slow, Heraklion's database refusing its account. */
    private static void setUp(JsonNode setup, boolean apply) throws Exception {
        if (setup == null || setup.isNull()) {
            return;
        }
        if (setup.has("9318")) {
            JsonNode rethymno = setup.path("9318");
            String controls = "{\"municipality\":\"9318\",\"answerAfterSeconds\":"
                    + (apply ? rethymno.path("answerAfterSeconds").asInt(0) : 0) + ",\"down\":"
                    + (apply && rethymno.path("down").asBoolean(false)) + "}";
            assertThat(hub.send("PUT", "/sandbox/revenue-files/mode", controls).statusCode()).isEqualTo(200);
        }
        if (setup.has("9305") && setup.path("9305").path("down").asBoolean(false)) {
            try (Connection admin = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null);
                    Statement sql = admin.createStatement()) {
                if (apply) {
                    // The database refuses the hub: no login, and the connections it had are closed.
                    sql.execute("ALTER ROLE hub_ked NOLOGIN");
                    sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'hub_ked'");
                } else {
                    sql.execute("ALTER ROLE hub_ked LOGIN");
                }
            }
        }
    }

    /**
     * Questions that reached the legacy system: question files the revenue system took (Rethymno), or SELECTs run
     * on the two registers (Heraklion, from PostgreSQL's own statistics).
     */
    private static long legacyAsked(String municipality) throws Exception {
        if ("9318".equals(municipality)) {
            return hub.get("/sandbox/revenue-files/received").size();
        }
        if (!"9305".equals(municipality)) {
            return 0;
        }
        try (Connection registers = DriverManager.getConnection(POSTGRES + REGISTERS, "postgres", null);
                Statement sql = registers.createStatement();
                ResultSet rs = sql.executeQuery("SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0) "
                        + "FROM pg_stat_user_tables WHERE relname IN ('tap_akinita', 'monimoi_katoikoi')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertLegacyAsked(String id, String municipality, long before, int want) {
        if (want > 0) {
            // PostgreSQL publishes another session's statistics when it goes idle, without waiting for a lock:
            // reading them seldom lets it (else it tries again 10 s later).
            await("example " + id + ": the question reached the legacy system").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> legacyAsked(municipality) - before >= want);
        }
        await("example " + id + ": " + want + " question(s) reached the legacy system, no more")
                .during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> legacyAsked(municipality) - before == want);
    }

    private static void requirePostgres() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null)) {
            c.isValid(2);
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
                throw e;
            }
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL is needed by this test and not reachable under CI", e);
            }
            Assumptions.abort("PostgreSQL is not reachable (" + e.getMessage() + "): skipping the certificate "
                    + "requests");
        }
    }
}
