package gr.syndesmos.connectors.http;

import gr.syndesmos.connectors.catalog.KameletRoutes;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpInKameletTest extends CamelTestSupport {

    private static final String RETHYMNO_PATH = "/inbound/9318/council-decisions";
    private static final String HERAKLION_PATH = "/inbound/9305/council-decisions";
    private static final String RETHYMNO_KEY = "rethymno-key-0123456789";
    private static final String HERAKLION_KEY = "heraklion-key-9876543210";
    private static final String DECISION = "{\"arithmos\":\"101\",\"afm\":\"094019245\",\"thema\":\"Έγκριση\","
            + "\"poso\":1250.10}";

    private final HttpClient http = HttpClient.newHttpClient();
    private VertxPlatformHttpServer server;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost("127.0.0.1");
        configuration.setBindPort(0);
        server = new VertxPlatformHttpServer(configuration);
        camel.addService(server);
        return camel;
    }


    @BeforeEach
    void twoMunicipalities() throws Exception {
        addMunicipality("rethymno", RETHYMNO_PATH, RETHYMNO_KEY, Map.of("maxRecords", "3"));
        addMunicipality("heraklion", HERAKLION_PATH, HERAKLION_KEY, Map.of("apiKeyHeader", "X-Api-Key",
                "maxBodyBytes", "200"));
    }

    private void addMunicipality(String name, String path, String key, Map<String, String> extra) throws Exception {
        Map<String, Object> parameters = new HashMap<>(extra);
        parameters.put("path", path);
        parameters.put("apiKey", key);
        parameters.put("handler", "mock:" + name);
        KameletRoutes.add(context, "http-in." + name, "http-in", parameters);
    }

    @Test
    void recordsWithTheRightKeyReachTheHandlerAndAre202() throws Exception {
        MockEndpoint rethymno = getMockEndpoint("mock:rethymno");
        rethymno.expectedMessageCount(2);

        HttpResponse<String> array = push(RETHYMNO_PATH, "Authorization", "Bearer " + RETHYMNO_KEY,
                "[" + DECISION + ",{\"arithmos\":\"102\"}]");
        HttpResponse<String> single = push(RETHYMNO_PATH, "Authorization", "bearer " + RETHYMNO_KEY, DECISION);

        assertThat(array.statusCode()).isEqualTo(202);
        assertThat(array.body()).isEqualTo("{\"accepted\":2}");
        assertThat(single.statusCode()).isEqualTo(202);
        assertThat(single.body()).isEqualTo("{\"accepted\":1}");
        MockEndpoint.assertIsSatisfied(10, TimeUnit.SECONDS, rethymno);
        List<?> records = rethymno.getReceivedExchanges().get(0).getMessage().getBody(List.class);
        assertThat(records).hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) records.get(0);
        assertThat(first).containsEntry("afm", "094019245").containsEntry("thema", "Έγκριση")
                .containsEntry("poso", new BigDecimal("1250.10"));
        assertThat(rethymno.getReceivedExchanges().get(1).getMessage().getBody(List.class)).hasSize(1);
        assertThat(rethymno.getReceivedExchanges().get(0).getMessage().getHeaders())
                .containsEntry(HttpInGate.SOURCE_HEADER, "http-in:" + RETHYMNO_PATH)
                .doesNotContainKey("Authorization");
    }

    @Test
    void aWrongKeyIs401AndNeverEchoed() throws Exception {
        MockEndpoint rethymno = getMockEndpoint("mock:rethymno");
        rethymno.expectedMessageCount(0);

        HttpResponse<String> answer = push(RETHYMNO_PATH, "Authorization", "Bearer guessed-key", DECISION);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"syndesmos\"");
        assertThat(answer.body()).doesNotContain("guessed-key");
        assertThat(answer.headers().map().toString()).doesNotContain("guessed-key");
        assertThat(push(RETHYMNO_PATH, "Authorization", RETHYMNO_KEY, DECISION).statusCode())
                .as("the key without the Bearer scheme").isEqualTo(401);
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void oneMunicipalitysKeyNeverOpensAnothersPath() throws Exception {
        MockEndpoint heraklion = getMockEndpoint("mock:heraklion");
        heraklion.expectedMessageCount(0);

        HttpResponse<String> answer = push(HERAKLION_PATH, "X-Api-Key", RETHYMNO_KEY, DECISION);
        HttpResponse<String> asBearer = push(HERAKLION_PATH, "Authorization", "Bearer " + RETHYMNO_KEY, DECISION);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).contains("X-Api-Key"));
        assertThat(asBearer.statusCode()).isEqualTo(401);
        assertThat(push(HERAKLION_PATH, "X-Api-Key", HERAKLION_KEY, "{\"a\":1}").statusCode())
                .as("Heraklion's own key").isEqualTo(202);
        assertThat(heraklion.getReceivedExchanges()).hasSize(1);
    }

    @Test
    void aMissingKeyIs401() throws Exception {
        MockEndpoint rethymno = getMockEndpoint("mock:rethymno");
        rethymno.expectedMessageCount(0);

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri(RETHYMNO_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(DECISION))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).isPresent();
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void badJsonIs400SayingWhatIsWrong() throws Exception {
        getMockEndpoint("mock:rethymno").expectedMessageCount(0);
        String bearer = "Bearer " + RETHYMNO_KEY;

        HttpResponse<String> malformed = push(RETHYMNO_PATH, "Authorization", bearer, "{\"arithmos\": 101,");
        HttpResponse<String> scalar = push(RETHYMNO_PATH, "Authorization", bearer, "\"101\"");
        HttpResponse<String> mixed = push(RETHYMNO_PATH, "Authorization", bearer, "[{\"a\":1}, 2]");
        HttpResponse<String> twice = push(RETHYMNO_PATH, "Authorization", bearer, "{\"a\":1,\"a\":2}");
        HttpResponse<String> notUtf8 = send(RETHYMNO_PATH, "application/json", "Authorization", bearer,
                "{\"thema\":\"Έγκριση\"}".getBytes(java.nio.charset.Charset.forName("windows-1253")));
        HttpResponse<String> csv = send(RETHYMNO_PATH, "text/csv", "Authorization", bearer,
                "a;b".getBytes(StandardCharsets.UTF_8));

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not valid UTF-8 JSON");
        assertThat(scalar.statusCode()).isEqualTo(400);
        assertThat(scalar.body()).contains("send an object or an array of objects");
        assertThat(mixed.statusCode()).isEqualTo(400);
        assertThat(mixed.body()).contains("element 1 of the array is number, not an object");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("Duplicate field");
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(csv.statusCode()).isEqualTo(415);
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void tooManyRecordsOrTooManyBytesIs413() throws Exception {
        getMockEndpoint("mock:rethymno").expectedMessageCount(0);
        getMockEndpoint("mock:heraklion").expectedMessageCount(0);

        HttpResponse<String> fourRecords = push(RETHYMNO_PATH, "Authorization", "Bearer " + RETHYMNO_KEY,
                "[{},{},{},{}]");
        HttpResponse<String> tooBig = push(HERAKLION_PATH, "X-Api-Key", HERAKLION_KEY,
                "[" + DECISION + "," + DECISION + "," + DECISION + "]");

        assertThat(fourRecords.statusCode()).isEqualTo(413);
        assertThat(fourRecords.body()).contains("4 records; at most 3");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).contains("at most 200");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aHandlerFailureIs503WithRetryAfterAndTheRetrySucceeds() throws Exception {
        MockEndpoint rethymno = getMockEndpoint("mock:rethymno");
        AtomicInteger attempts = new AtomicInteger();
        rethymno.whenAnyExchangeReceived(exchange -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("broker unavailable");
            }
        });

        HttpResponse<String> first = push(RETHYMNO_PATH, "Authorization", "Bearer " + RETHYMNO_KEY, DECISION);
        HttpResponse<String> retry = push(RETHYMNO_PATH, "Authorization", "Bearer " + RETHYMNO_KEY, DECISION);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValue(HttpInGate.RETRY_AFTER_SECONDS);
        assertThat(first.body()).contains("not taken").doesNotContain("broker unavailable");
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo("{\"accepted\":1}");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void onlyPostIsServed() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri(RETHYMNO_PATH))
                .header("Authorization", "Bearer " + RETHYMNO_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> push(String path, String header, String value, String json) throws Exception {
        return send(path, "application/json; charset=UTF-8", header, value, json.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String path, String contentType, String header, String value, byte[] body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType).header(header, value)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getServer().actualPort() + path);
    }
}
