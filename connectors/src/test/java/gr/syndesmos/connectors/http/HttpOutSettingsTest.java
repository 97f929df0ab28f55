package gr.syndesmos.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpOutSettingsTest {

    @Test
    void defaultsFillWhatIsNotGiven() {
        HttpOutSettings settings = HttpOutSettings.fromParameters(Map.of("baseUrl", "https://portal.example.gr/api",
                "endpoint", "reserved-by-the-hub"));

        assertThat(settings.auth()).isEqualTo(HttpOutSettings.Auth.NONE);
        assertThat(settings.apiKeyHeader()).isEqualTo("X-Api-Key");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(settings.responseTimeout()).isEqualTo(Duration.ofMillis(30000));
        assertThat(settings.rateLimitPerSecond()).isZero();
        assertThat(settings.idempotencyHeader()).isEqualTo("Idempotency-Key");
    }

    @Test
    void combinationsThatCannotWorkAreRefusedNamingWhatIsWrong() {
        assertRefused(Map.of(), "baseUrl is required");
        assertRefused(Map.of("baseUrl", "ftp://x"), "baseUrl must be an absolute http or https URL");
        assertRefused(Map.of("baseUrl", "https://user:pw@x"), "must not carry credentials");
        assertRefused(Map.of("baseUrl", "https://x", "auth", "kerberos"), "auth must be one of");
        assertRefused(Map.of("baseUrl", "https://x", "auth", "basic"), "auth basic needs username");
        assertRefused(Map.of("baseUrl", "https://x", "auth", "basic", "username", "u"), "auth basic needs password");
        assertRefused(Map.of("baseUrl", "https://x", "auth", "basic", "username", "a:b", "password", "p"),
                "must not contain ':'");
        assertRefused(Map.of("baseUrl", "https://x", "auth", "api-key"), "auth api-key needs apiKey");
        assertRefused(Map.of("baseUrl", "https://x", "auth", "oauth2-client-credentials", "clientId", "c",
                "clientSecret", "s"), "needs tokenUrl");
        assertRefused(Map.of("baseUrl", "https://x", "auth", "oauth2-client-credentials", "tokenUrl", "https://t",
                "clientId", "c"), "needs clientSecret");
        assertRefused(Map.of("baseUrl", "https://x", "auth", "basic", "username", "u", "password", "p",
                "apiKey", "k"), "apiKey is set but auth is basic");
        assertRefused(Map.of("baseUrl", "https://x", "apiKey", "k"), "apiKey is set but auth is none");
        assertRefused(Map.of("baseUrl", "https://x", "responseTimeoutMillis", "soon"),
                "responseTimeoutMillis must be a whole number");
        assertRefused(Map.of("baseUrl", "https://x", "connectTimeoutMillis", "0"), "connectTimeoutMillis must be more");
        assertRefused(Map.of("baseUrl", "https://x", "rateLimitPerSecond", "-1"), "rateLimitPerSecond must be 0");
        assertRefused(Map.of("baseUrl", "https://x", "idempotencyHeader", "Bad Header"), "idempotencyHeader must be");
    }

    @Test
    void printingTheSettingsNeverShowsASecret() {
        HttpOutSettings oauth = HttpOutSettings.fromParameters(Map.of("baseUrl", "https://x",
                "auth", "oauth2-client-credentials", "tokenUrl", "https://t/token", "clientId", "c",
                "clientSecret", "client-secret-value"));
        HttpOutSettings basic = HttpOutSettings.fromParameters(Map.of("baseUrl", "https://x", "auth", "basic",
                "username", "u", "password", "password-value"));
        HttpOutSettings key = HttpOutSettings.fromParameters(Map.of("baseUrl", "https://x", "auth", "api-key",
                "apiKey", "api-key-value"));

        assertThat(oauth.toString()).contains("clientId=c").doesNotContain("client-secret-value");
        assertThat(basic.toString()).contains("username=u").doesNotContain("password-value");
        assertThat(key.toString()).doesNotContain("api-key-value");
    }

    private static void assertRefused(Map<String, String> parameters, String message) {
        assertThatThrownBy(() -> HttpOutSettings.fromParameters(parameters))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
