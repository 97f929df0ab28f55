package gr.syndesmos.connectors.http;

import gr.syndesmos.connectors.catalog.KameletRoutes;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpOutKameletTest extends CamelTestSupport {

    private WireMockServer destination;

    @BeforeEach
    void startDestination() {
        destination = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        destination.start();
    }

    @AfterEach
    void stopDestination() {
        destination.stop();
    }


    @Test
    void postsTheBodyToTheBaseUrlAndPathWithTheKeyAndReturnsTheAnswer() throws Exception {
        destination.stubFor(post(urlEqualTo("/api/v1/records")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"stored\":true}")));
        KameletRoutes.add(context, "regional-9318", "http-out", Map.of(
                "endpoint", "regional.9318", "baseUrl", "http://127.0.0.1:" + destination.port() + "/api/",
                "auth", "api-key", "apiKey", "region-key"));

        Exchange answer = template.request("direct:regional.9318", exchange -> {
            exchange.getMessage().setBody("{\"id\":\"9318-101\"}".getBytes(StandardCharsets.UTF_8));
            exchange.getMessage().setHeader(HttpOutSender.PATH_HEADER, "/v1/records");
            exchange.getMessage().setHeader(HttpOutSender.IDEMPOTENCY_KEY_HEADER, "9318-101:v1");
        });

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader(HttpOutSender.STATUS_HEADER)).isEqualTo(201);
        assertThat(answer.getMessage().getBody(String.class)).isEqualTo("{\"stored\":true}");
        destination.verify(postRequestedFor(urlEqualTo("/api/v1/records"))
                .withHeader("Idempotency-Key", equalTo("9318-101:v1")).withHeader("X-Api-Key", equalTo("region-key"))
                .withRequestBody(equalTo("{\"id\":\"9318-101\"}")));
    }

    @Test
    void aRefusalRaisesHttpOutFailureForTheCallersErrorHandling() throws Exception {
        destination.stubFor(post(urlEqualTo("/decisions")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"decisionType unknown\"}")));
        KameletRoutes.add(context, "diavgeia-9305", "http-out", Map.of(
                "endpoint", "diavgeia.9305", "baseUrl", "http://127.0.0.1:" + destination.port()));

        assertThatThrownBy(() -> template.requestBodyAndHeader("direct:diavgeia.9305", "{\"id\":1}",
                HttpOutSender.PATH_HEADER, "/decisions"))
                .isInstanceOf(CamelExecutionException.class).cause()
                .isInstanceOfSatisfying(HttpOutFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(400);
                    assertThat(failure.isPermanent()).isTrue();
                    assertThat(failure.bodyExcerpt()).contains("decisionType unknown");
                });
        // No key given: the exchange id stands in, so a destination that deduplicates still can.
        assertThat(destination.getAllServeEvents().get(0).getRequest().getHeader("Idempotency-Key")).isNotBlank();
    }

    @Test
    void eachTemplateInstanceKeepsOneClientSoItsTokenServesEveryCall() throws Exception {
        destination.stubFor(post(urlEqualTo("/token")).willReturn(okJson(
                "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":600}")));
        destination.stubFor(post(urlEqualTo("/decisions")).willReturn(okJson("{}")));
        KameletRoutes.add(context, "oauth-9318", "http-out", Map.of(
                "endpoint", "oauth.9318", "baseUrl", "http://127.0.0.1:" + destination.port(),
                "auth", "oauth2-client-credentials", "tokenUrl", "http://127.0.0.1:" + destination.port() + "/token",
                "clientId", "c", "clientSecret", "s"));

        for (int i = 0; i < 3; i++) {
            template.requestBodyAndHeader("direct:oauth.9318", "{}", HttpOutSender.PATH_HEADER, "/decisions");
        }

        destination.verify(1, postRequestedFor(urlEqualTo("/token")));
        destination.verify(3, postRequestedFor(urlEqualTo("/decisions")).withHeader("Authorization",
                equalTo("Bearer t")));
    }

    @Test
    void aPathThatWouldLeaveTheBaseUrlIsRefused() throws Exception {
        KameletRoutes.add(context, "regional-9305", "http-out", Map.of(
                "endpoint", "regional.9305", "baseUrl", "http://127.0.0.1:" + destination.port()));

        assertThatThrownBy(() -> template.requestBodyAndHeader("direct:regional.9305", "{}",
                HttpOutSender.PATH_HEADER, "//elsewhere.example/x"))
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single '/'");
        assertThat(destination.getAllServeEvents()).isEmpty();
    }
}
