package gr.syndesmos.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Guessing passwords, as the attack went: fifty wrong passwords for one account, then the right one. Every failure
 * is logged with the account and the address, never the password; the account is locked and the right password is
 * refused while the lock lasts, by Basic and by the form; an admin lifts the lock; an address that tries many
 * accounts is locked for all of them. The last test locks this test's own address, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInLockOutTest extends HubRouteTestSupport {

    private static final String GUESS = "Pa55-guess-";

    @Autowired
    MeterRegistry metrics;

    @Test
    @Order(1)
    void guessingLocksTheAccountTheRightPasswordWaitsAndEveryFailureIsLogged() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(SignInThrottle.class)).addAppender(log);
        double before = metrics.get("syndesmos.sign.in.failures").tag("reason", "bad-credentials").counter().count();

        int refused = 0;
        for (int i = 0; i < 50; i++) {
            int status = basic("rethymno-viewer", GUESS + i).statusCode();
            if (status == 429) {
                refused++;
            } else {
                assertThat(status).isEqualTo(401);
            }
        }
        assertThat(refused).as("once locked, guesses are not even checked").isEqualTo(45);
        HttpResponse<String> right = basic("rethymno-viewer", "rethymno-viewer-password");
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().firstValue("Retry-After")).isPresent();
        assertThat(formSignIn("rethymno-viewer", "rethymno-viewer-password")).contains("error");

        assertThat(log.list).hasSize(5).allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).contains("'rethymno-viewer'", "127.0.0.1")
                    .doesNotContain(GUESS);
        });
        assertThat(log.list.get(4).getFormattedMessage()).contains("account locked for 30 s");
        assertThat(metrics.get("syndesmos.sign.in.failures").tag("reason", "bad-credentials").counter().count()
                - before).isEqualTo(5);
        assertThat(metrics.get("syndesmos.sign.in.locked").gauge().value()).isGreaterThanOrEqualTo(1);

        // The region's admin sees the lock and lifts it; the person signs in at once.
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/api/sign-in/locks", "region-admin").toString())
                .contains("rethymno-viewer");
        assertThat(HubTestSupport.call(HTTP_PORT, "DELETE", "/api/sign-in/locks/accounts/rethymno-viewer",
                "rethymno-admin", null).statusCode()).as("a municipality's admin may not").isEqualTo(403);
        assertThat(HubTestSupport.call(HTTP_PORT, "DELETE", "/api/sign-in/locks/accounts/rethymno-viewer",
                "region-admin", null).statusCode()).isEqualTo(200);
        assertThat(basic("rethymno-viewer", "rethymno-viewer-password").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aNameThatIsNoAccountIsNotWrittenToTheLog() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(SignInThrottle.class)).addAppender(log);
        // Someone typed their password into the name field.
        assertThat(basic("MySecret-Password1", "x").statusCode()).isEqualTo(401);
        assertThat(log.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                .doesNotContain("MySecret-Password1").contains("no such account: M*"));
    }

    @Test
    @Order(3)
    void oneAddressTryingManyAccountsIsLockedForAll() throws Exception {
        for (int i = 0; i < SignInThrottle.ADDRESS_ALLOWANCE; i++) {
            basic("spray-" + i, "Winter2026!");
        }
        assertThat(basic("region-admin", "region-admin-password").statusCode())
                .as("this address is locked, whoever signs in from it").isEqualTo(429);
    }

    private static HttpResponse<String> basic(String user, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/records?limit=1"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in with the form; returns where it sent the browser. */
    private static String formSignIn(String user, String password) throws Exception {
        OperatorAccessTest.Browser browser = new OperatorAccessTest.Browser();
        String form = browser.get("/login").body();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(form);
        assertThat(token.find()).isTrue();
        HttpResponse<String> login = browser.http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().firstValue("Location").orElse("");
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + HTTP_PORT + path);
    }
}
