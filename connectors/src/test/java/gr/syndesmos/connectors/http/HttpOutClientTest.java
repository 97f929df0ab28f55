package gr.syndesmos.connectors.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpOutClientTest {

    private static final byte[] DECISION = "{\"ada\":null,\"subject\":\"Έγκριση\"}".getBytes(StandardCharsets.UTF_8);

    private WireMockServer destination;

    @BeforeEach
    void startDestination() {
        destination = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        destination.start();
        destination.stubFor(post(urlEqualTo("/decisions")).willReturn(okJson("{\"ada\":\"ΨΩ4Ε46ΜΓ7Ν-1ΑΒ\"}")));
    }

    @AfterEach
    void stopDestination() {
        destination.stop();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + destination.port();
    }

    private HttpOutClient client(Map<String, String> extra) {
        Map<String, String> parameters = new HashMap<>(extra);
        parameters.put("baseUrl", baseUrl());
        return new HttpOutClient(HttpOutSettings.fromParameters(parameters));
    }

    @Test
    void noAuthSendsJsonWithTheIdempotencyKeyAndNoCredentials() throws Exception {
        HttpOutResponse answer = client(Map.of()).deliver("/decisions", DECISION, "9318:101:v1");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("ΨΩ4Ε46ΜΓ7Ν-1ΑΒ");
        destination.verify(postRequestedFor(urlEqualTo("/decisions"))
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
                .withHeader("Idempotency-Key", equalTo("9318:101:v1"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalTo(new String(DECISION, StandardCharsets.UTF_8))));
    }

    @Test
    void apiKeyGoesInTheConfiguredHeader() throws Exception {
        client(Map.of("auth", "api-key", "apiKey", "k-9318")).deliver("/decisions", DECISION, "a");
        client(Map.of("auth", "api-key", "apiKey", "k-9305", "apiKeyHeader", "X-Portal-Key"))
                .deliver("/decisions", DECISION, "b");

        destination.verify(postRequestedFor(urlEqualTo("/decisions")).withHeader("Idempotency-Key", equalTo("a"))
                .withHeader("X-Api-Key", equalTo("k-9318")).withHeader("Authorization", absent()));
        destination.verify(postRequestedFor(urlEqualTo("/decisions")).withHeader("Idempotency-Key", equalTo("b"))
                .withHeader("X-Portal-Key", equalTo("k-9305")).withHeader("X-Api-Key", absent()));
    }

    @Test
    void basicSendsTheUserAndPassword() throws Exception {
        client(Map.of("auth", "basic", "username", "rethymno", "password", "πάσβορντ"))
                .deliver("/decisions", DECISION, "a");

        String expected = "Basic " + Base64.getEncoder().encodeToString(
                "rethymno:πάσβορντ".getBytes(StandardCharsets.UTF_8));
        destination.verify(postRequestedFor(urlEqualTo("/decisions")).withHeader("Authorization", equalTo(expected)));
    }

    @Test
    void oauth2TokenIsFetchedWithClientCredentialsAndReused() throws Exception {
        destination.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(okJson(
                "{\"access_token\":\"token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        HttpOutClient client = client(oauth2());

        client.deliver("/decisions", DECISION, "a");
        client.deliver("/decisions", DECISION, "b");

        destination.verify(1, postRequestedFor(urlEqualTo("/oauth2/token"))
                .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString(
                        "syndesmos-9318:s3cret-9318".getBytes(StandardCharsets.UTF_8))))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("scope=decisions.write")));
        destination.verify(2, postRequestedFor(urlEqualTo("/decisions"))
                .withHeader("Authorization", equalTo("Bearer token-1")));
    }

    @Test
    void oauth2TokenIsRenewedOnceAfterA401AndTheCallRepeated() throws Exception {
        destination.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("tokens")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("revoked")
                .willReturn(okJson("{\"access_token\":\"revoked-token\",\"token_type\":\"Bearer\"}")));
        destination.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("tokens")
                .whenScenarioStateIs("revoked")
                .willReturn(okJson("{\"access_token\":\"fresh-token\",\"token_type\":\"Bearer\"}")));
        destination.stubFor(post(urlEqualTo("/decisions")).withHeader("Authorization", equalTo("Bearer revoked-token"))
                .willReturn(aResponse().withStatus(401)));

        HttpOutResponse answer = client(oauth2()).deliver("/decisions", DECISION, "a");

        assertThat(answer.status()).isEqualTo(200);
        destination.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        destination.verify(postRequestedFor(urlEqualTo("/decisions"))
                .withHeader("Authorization", equalTo("Bearer fresh-token")).withHeader("Idempotency-Key", equalTo("a")));
    }

    @Test
    void aTokenEndpointRefusingTheSecretIsAClearPermanentFailureWithoutTheSecret() {
        destination.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}")));

        assertThatThrownBy(() -> client(oauth2()).deliver("/decisions", DECISION, "a"))
                .isInstanceOfSatisfying(HttpOutFailure.class, failure -> {
                    assertThat(failure.isPermanent()).isTrue();
                    assertThat(failure.status()).isEqualTo(401);
                    assertThat(failure.getMessage())
                            .contains(baseUrl() + "/oauth2/token", "HTTP 401", "invalid_client",
                                    "check clientId and clientSecret")
                            .doesNotContain("s3cret-9318");
                });
        destination.verify(0, postRequestedFor(urlEqualTo("/decisions")));
    }

    @Test
    void aRefusedPasswordOrApiKeyIsAPermanentFailure() {
        destination.stubFor(post(urlEqualTo("/decisions")).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"bad credentials\"}")));
        destination.stubFor(post(urlEqualTo("/records")).willReturn(aResponse().withStatus(403)));

        assertThatThrownBy(() -> client(Map.of("auth", "basic", "username", "rethymno", "password", "wrong"))
                .deliver("/decisions", DECISION, "a"))
                .isInstanceOfSatisfying(HttpOutFailure.class, failure -> {
                    assertThat(failure.isPermanent()).isTrue();
                    assertThat(failure.status()).isEqualTo(401);
                    assertThat(failure.bodyExcerpt()).contains("bad credentials");
                    assertThat(failure.getMessage()).contains("answered HTTP 401",
                            "refused the credentials of auth basic").doesNotContain("wrong");
                });
        assertThatThrownBy(() -> client(Map.of("auth", "api-key", "apiKey", "stale-key"))
                .deliver("/records", DECISION, "a"))
                .isInstanceOfSatisfying(HttpOutFailure.class, failure -> {
                    assertThat(failure.isPermanent()).isTrue();
                    assertThat(failure.getMessage()).contains("answered HTTP 403",
                            "refused the credentials of auth api-key").doesNotContain("stale-key");
                });
    }

    @Test
    void serverErrorsAndTooManyRequestsAreTransient() {
        destination.stubFor(post(urlEqualTo("/busy")).willReturn(aResponse().withStatus(429)));
        destination.stubFor(post(urlEqualTo("/broken")).willReturn(aResponse().withStatus(503).withBody("down")));
        destination.stubFor(post(urlEqualTo("/invalid")).willReturn(aResponse().withStatus(422).withBody("no")));
        HttpOutClient client = client(Map.of());

        assertThatThrownBy(() -> client.deliver("/busy", DECISION, "a"))
                .isInstanceOfSatisfying(HttpOutFailure.class, f -> assertThat(f.isPermanent()).isFalse());
        assertThatThrownBy(() -> client.deliver("/broken", DECISION, "a"))
                .isInstanceOfSatisfying(HttpOutFailure.class, f -> assertThat(f.isPermanent()).isFalse());
        assertThatThrownBy(() -> client.deliver("/invalid", DECISION, "a"))
                .isInstanceOfSatisfying(HttpOutFailure.class, f -> assertThat(f.isPermanent()).isTrue());
    }

    @Test
    void aSlowDestinationIsATransientFailureNamingTheTimeout() {
        destination.stubFor(post(urlEqualTo("/slow")).willReturn(okJson("{}").withFixedDelay(3000)));

        assertThatThrownBy(() -> client(Map.of("responseTimeoutMillis", "300")).deliver("/slow", DECISION, "a"))
                .isInstanceOfSatisfying(HttpOutFailure.class, failure -> {
                    assertThat(failure.isPermanent()).isFalse();
                    assertThat(failure.answered()).isFalse();
                    assertThat(failure.getMessage()).contains("did not answer within 300 ms (responseTimeoutMillis)");
                });
    }

    @Test
    void aStoppedDestinationIsATransientFailure() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        HttpOutClient client = new HttpOutClient(HttpOutSettings.fromParameters(
                Map.of("baseUrl", "http://127.0.0.1:" + freePort)));

        assertThatThrownBy(() -> client.deliver("/decisions", DECISION, "a"))
                .isInstanceOfSatisfying(HttpOutFailure.class, failure -> {
                    assertThat(failure.isPermanent()).isFalse();
                    assertThat(failure.getMessage()).contains("did not answer");
                });
    }

    @Test
    void theRateLimitSpreadsCallsSoNoSecondHoldsMoreThanTheLimit() throws Exception {
        HttpOutClient client = client(Map.of("rateLimitPerSecond", "5"));
        // A new client's first call also opens its connection and threads, which delays it by a varying amount;
        // it goes first, so that the ten calls measured below all travel the same way.
        client.deliver("/decisions", DECISION, "warm-up");
        ExecutorService callers = Executors.newFixedThreadPool(10);
        try {
            List<Future<HttpOutResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String key = "call-" + i;
                calls.add(callers.submit(() -> client.deliver("/decisions", DECISION, key)));
            }
            for (Future<HttpOutResponse> call : calls) {
                assertThat(call.get().status()).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }

        List<Long> received = destination.getAllServeEvents().stream()
                .filter(event -> !"warm-up".equals(event.getRequest().getHeader("Idempotency-Key")))
                .map(event -> event.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(received).hasSize(10);
        for (int i = 0; i + 5 < received.size(); i++) {
            assertThat(received.get(i + 5) - received.get(i))
                    .as("calls %d and %d are in the same second at the destination (arrivals %s)", i + 1, i + 6, received)
                    .isGreaterThanOrEqualTo(1000L);
        }
    }

    @Test
    void aCallThatCannotGetATurnWithinTheResponseTimeoutFailsClearly() throws Exception {
        HttpOutClient client = client(Map.of("rateLimitPerSecond", "1", "responseTimeoutMillis", "300"));
        client.deliver("/decisions", DECISION, "first");

        assertThatThrownBy(() -> client.deliver("/decisions", DECISION, "second"))
                .isInstanceOfSatisfying(HttpOutFailure.class, failure -> {
                    assertThat(failure.isPermanent()).isFalse();
                    assertThat(failure.getMessage()).contains("rate limit of 1 calls per second", "300 ms");
                });
        destination.verify(1, postRequestedFor(urlEqualTo("/decisions")));
    }

    @Test
    void theIdempotencyHeaderIsConfigurableOrOff() throws Exception {
        client(Map.of("idempotencyHeader", "X-Request-Id")).deliver("/decisions", DECISION, "a");
        client(Map.of("idempotencyHeader", "")).deliver("/decisions", DECISION, "b");

        destination.verify(1, postRequestedFor(urlEqualTo("/decisions")).withHeader("X-Request-Id", equalTo("a"))
                .withHeader("Idempotency-Key", absent()));
        destination.verify(2, postRequestedFor(urlEqualTo("/decisions")).withHeader("Idempotency-Key", absent()));
    }

    @Test
    void theOldJsonHttpClientStillAnswersAndThrowsIoExceptionWhenNoAnswerCame() throws Exception {
        JsonHttpClient old = new JsonHttpClient(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5));
        URI decisions = URI.create(baseUrl() + "/decisions");
        destination.stubFor(post(urlEqualTo("/invalid")).willReturn(aResponse().withStatus(422).withBody("no")));

        JsonHttpClient.Response refused = old.postJson(URI.create(baseUrl() + "/invalid"), DECISION, "k", Map.of());
        assertThat(refused.isPermanentFailure()).isTrue();
        assertThat(refused.body()).isEqualTo("no");
        destination.verify(postRequestedFor(urlEqualTo("/invalid")).withHeader("Idempotency-Key", equalTo("k")));

        destination.stop();
        assertThatThrownBy(() -> old.postJson(decisions, DECISION, "k", Map.of()))
                .isInstanceOf(IOException.class);
    }

    private Map<String, String> oauth2() {
        return Map.of("auth", "oauth2-client-credentials", "tokenUrl", baseUrl() + "/oauth2/token",
                "clientId", "syndesmos-9318", "clientSecret", "s3cret-9318", "scope", "decisions.write");
    }
}
