package gr.syndesmos.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import gr.syndesmos.schemas.CanonicalJson;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * The doors of the console and the API, tried as another web site and as people of one municipality would: no
 * Jolokia operation by GET, no request from another origin, no CSRF exemption for a browser that happens to send
 * credentials, strict cookies, no CORS answer; and an account scoped to Rethymno, of any role, sees and touches only
 * Rethymno's broker queues, Camel routes, journal, health details and records.
 */
class OperatorAccessTest extends HubRouteTestSupport {

    private static final String RETHYMNO_DEAD_LETTERS = "dead-letter.9318.diavgeia";
    private static final String HERAKLION_DEAD_LETTERS = "dead-letter.9305.diavgeia";
    private static final String FAILED_MESSAGES = "gr.syndesmos:type=FailedMessages,municipality=9318,"
            + "destination=diavgeia";
    private static final String EVIL = "https://evil.example";

    @BeforeAll
    static void oneDeadLetterEach(@Autowired JmsTemplate jms) {
        for (String queue : List.of("council-decision.9318.diavgeia", "council-decision.9305.diavgeia")) {
            jms.execute(session -> {
                var message = session.createTextMessage("{\"subject\":\"test\"}");
                message.setStringProperty("_AMQ_ORIG_QUEUE", queue);
                message.setStringProperty("_AMQ_ORIG_ADDRESS", "council-decision");
                message.setStringProperty("municipality", queue.split("\\.")[1]);
                message.setStringProperty("recordId", queue.split("\\.")[1] + "-council-decision-2026-1");
                message.setStringProperty("failureReason", "test");
                session.createProducer(session.createTopic("dead-letter")).send(message);
                return null;
            }, true);
        }
    }

    @Test
    void jolokiaRunsNothingByGetEvenWithASignedInSession() throws Exception {
        Browser browser = Browser.signIn("rethymno-operator");
        HttpResponse<String> exec = browser.get("/actuator/jolokia/exec/" + FAILED_MESSAGES + "/discard/1/csrf");
        assertThat(exec.statusCode()).as(exec.body()).isEqualTo(405);
        HttpResponse<String> hidden = browser.get("/actuator/jolokia?p=/exec/" + FAILED_MESSAGES + "/list");
        assertThat(hidden.statusCode()).isEqualTo(405);
        assertThat(browser.get("/actuator/jolokia/read/java.lang:type=Runtime/Uptime").statusCode()).isEqualTo(200);
        // The same operation by POST from the console itself works.
        HttpResponse<String> post = browser.postJolokia(null, exec(FAILED_MESSAGES, "list"));
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
        assertThat(json(post).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void anotherSiteCannotUseTheSessionOrCachedCredentials() throws Exception {
        Browser browser = Browser.signIn("rethymno-operator");
        HttpResponse<String> crossSite = browser.postJolokia(EVIL, exec(FAILED_MESSAGES, "list"));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        HttpResponse<String> sameSite = browser.postJolokia("http://127.0.0.1:" + HTTP_PORT,
                exec(FAILED_MESSAGES, "list"));
        assertThat(sameSite.statusCode()).isEqualTo(200);
        assertThat(sameSite.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        // A browser that cached Basic credentials sends them cross-site too: no exemption from the CSRF token.
        HttpResponse<String> cachedBasic = send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Authorization", HubTestSupport.basicAuth("rethymno-operator"))
                .header("Content-Type", "application/json").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(exec(FAILED_MESSAGES, "list"))));
        assertThat(cachedBasic.statusCode()).isEqualTo(403);
        HttpResponse<String> basicWithOrigin = send(HttpRequest.newBuilder(uri("/api/dead-letters/9318/diavgeia/retry"))
                .header("Authorization", HubTestSupport.basicAuth("rethymno-operator"))
                .header("Content-Type", "application/json").header("Origin", EVIL)
                .POST(HttpRequest.BodyPublishers.ofString("{\"dryRun\":true}")));
        assertThat(basicWithOrigin.statusCode()).isEqualTo(403);
        // A script (no browser headers) needs no token.
        assertThat(HubTestSupport.call(HTTP_PORT, "POST", "/api/dead-letters/9318/diavgeia/retry",
                "rethymno-operator", "{\"dryRun\":true}").statusCode()).isEqualTo(200);
    }

    @Test
    void cookiesAreNeverSentWithAnotherSitesRequests() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login")).GET());
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN=").contains("SameSite=Strict"));
        Browser browser = Browser.signIn("rethymno-viewer");
        assertThat(browser.sessionCookieHeader).contains("JSESSIONID=").contains("SameSite=Strict")
                .contains("HttpOnly");
    }

    @Test
    void aMunicipalitysAdminSeesAndTouchesOnlyItsOwnQueuesAndRoutes() throws Exception {
        List<String> queues = searchNames("rethymno-admin", "org.apache.activemq.artemis:*");
        assertThat(queues).isNotEmpty().allMatch(n -> n.contains(".9318"));
        assertThat(queues).anyMatch(n -> n.contains(RETHYMNO_DEAD_LETTERS));
        List<String> routes = searchNames("rethymno-admin", "org.apache.camel:*");
        assertThat(routes).isNotEmpty().allMatch(n -> n.contains("type=context")
                || (n.contains("type=routes") && n.contains(".9318")));
        assertThat(searchNames("heraklion-operator", "org.apache.activemq.artemis:*"))
                .isNotEmpty().allMatch(n -> n.contains(".9305"));

        String heraklion = queueMBean(HERAKLION_DEAD_LETTERS);
        String rethymno = queueMBean(RETHYMNO_DEAD_LETTERS);
        assertThat(jolokia("rethymno-admin", exec(heraklion, "removeMessages(java.lang.String)", "\"\"")))
                .as("remove Heraklion's dead letters").isNotEqualTo(200);
        assertThat(jolokia("rethymno-admin", exec(heraklion, "countMessages()"))).isNotEqualTo(200);
        assertThat(jolokia("rethymno-admin", exec(rethymno, "countMessages()"))).isEqualTo(200);
        assertThat(jolokia("rethymno-admin", exec(rethymno, "removeMessages(java.lang.String)", "\"\"")))
                .as("even its own: nobody scoped removes messages without a trace").isNotEqualTo(200);
        assertThat(jolokia("rethymno-admin", exec(rethymno, "moveMessages(java.lang.String,java.lang.String)",
                "\"\"", "\"" + HERAKLION_DEAD_LETTERS + "\""))).isNotEqualTo(200);
        String heraklionRoute = "org.apache.camel:context=syndesmos,type=routes,name=\"council-decisions.deliver.9305"
                + ".diavgeia\"";
        assertThat(jolokia("rethymno-admin", exec(heraklionRoute, "stop()"))).isNotEqualTo(200);
        assertThat(jolokia("rethymno-admin", exec("org.apache.camel:context=syndesmos,type=context,"
                + "name=\"syndesmos\"", "stop()"))).isNotEqualTo(200);
        // A Rethymno operator sees its queues and routes but runs nothing on them: the hub's MBean journals.
        assertThat(jolokia("rethymno-operator", exec(rethymno, "retryMessages()"))).isNotEqualTo(200);
        assertThat(jolokia("rethymno-operator", "{\"type\":\"read\",\"mbean\":\"" + rethymno
                + "\",\"attribute\":\"MessageCount\"}")).isEqualTo(200);
        // The whole region's admin may.
        assertThat(jolokia("region-admin", exec(heraklion, "countMessages()"))).isEqualTo(200);
    }

    @Test
    void theProcessStartUpDetailsAreForWholeRegionAdminsOnly() throws Exception {
        String runtime = "java.lang:type=Runtime";
        for (String user : List.of("rethymno-viewer", "rethymno-admin")) {
            assertThat(jolokia(user, read(runtime, "SystemProperties"))).as(user).isNotEqualTo(200);
            assertThat(jolokia(user, read(runtime, "InputArguments"))).as(user).isNotEqualTo(200);
            assertThat(jolokia(user, read(runtime, "Uptime"))).as(user).isEqualTo(200);
            JsonNode all = json(jolokiaResponse(user, "{\"type\":\"read\",\"mbean\":\"" + runtime + "\"}"));
            assertThat(all.path("value").has("SystemProperties")).as(user + " reading every attribute").isFalse();
        }
        assertThat(jolokia("region-admin", read(runtime, "SystemProperties"))).isEqualTo(200);
    }

    @Test
    void healthDetailsJournalAndRecordsAreScopedToo() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> health("region-admin").path("components")
                .path("failedMessages").path("details").path("failedMessages").asInt() >= 2);
        assertThat(health("rethymno-viewer").path("components").path("failedMessages").path("details")
                .path("failedMessages").asInt()).isEqualTo(1);

        for (String municipality : List.of("9318", "9305")) {
            assertThat(HubTestSupport.call(HTTP_PORT, "POST", "/api/dead-letters/" + municipality
                    + "/diavgeia/retry", "region-admin", "{\"dryRun\":true}").statusCode()).isEqualTo(200);
        }
        JsonNode journal = HubTestSupport.getJson(HTTP_PORT, "/api/replay-journal", "rethymno-admin");
        assertThat(journal).isNotEmpty().allSatisfy(e -> assertThat(e.path("municipality").asText())
                .isEqualTo("9318"));
        assertThat(HubTestSupport.call(HTTP_PORT, "GET", "/api/replay-journal?municipality=9305", "rethymno-admin",
                null).statusCode()).isEqualTo(403);
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/api/replay-journal", "region-admin"))
                .anySatisfy(e -> assertThat(e.path("municipality").asText()).isEqualTo("9305"));

        HubTestSupport.dropSample("heraklion/export_apofaseon_20261120T1800.xml",
                data.resolve("inbox").resolve("9305").resolve("council-decisions"));
        String heraklionRecord = await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode found = HubTestSupport.getJson(HTTP_PORT, "/api/records?municipality=9305&limit=1",
                    "region-admin");
            return found.path("count").asInt() > 0 ? found.path("records").get(0).path("recordId").asText() : null;
        }, id -> id != null);
        HttpResponse<String> foreign = HubTestSupport.call(HTTP_PORT, "GET", "/api/records/" + heraklionRecord,
                "rethymno-viewer", null);
        HttpResponse<String> missing = HubTestSupport.call(HTTP_PORT, "GET", "/api/records/9305-council-decision-1900-1",
                "rethymno-viewer", null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(foreign.body().replace(heraklionRecord, "X")).isEqualTo(missing.body()
                .replace("9305-council-decision-1900-1", "X"));
        assertThat(HubTestSupport.call(HTTP_PORT, "GET", "/api/records/" + heraklionRecord, "heraklion-operator",
                null).statusCode()).isEqualTo(200);
    }

    /** Health as one person sees it (its HTTP status may be 503 while inboxes start: the body is what counts). */
    private static JsonNode health(String user) throws Exception {
        return CanonicalJson.mapper().readTree(HubTestSupport.call(HTTP_PORT, "GET", "/actuator/health", user, null)
                .body());
    }

    private static List<String> searchNames(String user, String pattern) throws Exception {
        JsonNode found = json(jolokiaResponse(user, "{\"type\":\"search\",\"mbean\":\"" + pattern + "\"}"));
        List<String> names = new ArrayList<>();
        found.path("value").forEach(n -> names.add(n.asText()));
        return names;
    }

    private static String queueMBean(String queue) throws Exception {
        return searchNames("region-admin", "org.apache.activemq.artemis:*").stream()
                .filter(n -> n.contains("subcomponent=queues") && n.contains("queue=\"" + queue + "\""))
                .findFirst().orElseThrow().replace("\"", "\\\"");
    }

    /** The status Jolokia reports for one request (its HTTP answer is 200 with the real status inside). */
    private static int jolokia(String user, String request) throws Exception {
        HttpResponse<String> response = jolokiaResponse(user, request);
        return response.statusCode() != 200 ? response.statusCode() : json(response).path("status").asInt();
    }

    private static HttpResponse<String> jolokiaResponse(String user, String request) throws Exception {
        return HubTestSupport.call(HTTP_PORT, "POST", "/actuator/jolokia", user, request);
    }

    private static String exec(String mbean, String operation, String... arguments) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\",\"arguments\":["
                + String.join(",", arguments) + "]}";
    }

    private static String read(String mbean, String attribute) {
        return "{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"attribute\":\"" + attribute + "\"}";
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return CanonicalJson.mapper().readTree(response.body());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + HTTP_PORT + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A browser's view: a session cookie from the login form, and the XSRF-TOKEN cookie the console reads. */
    static final class Browser {
        private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
        String sessionCookieHeader;

        static Browser signIn(String user) throws Exception {
            Browser browser = new Browser();
            HttpResponse<String> form = browser.get("/login");
            Matcher token = CSRF_FIELD.matcher(form.body());
            assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
            String body = "username=" + user + "&password=" + URLEncoder.encode(user + "-password",
                    StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> login = browser.http.send(HttpRequest.newBuilder(uri("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", "http://127.0.0.1:" + HTTP_PORT)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
            browser.sessionCookieHeader = login.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElse("");
            return browser;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A POST the console would make, with the token; {@code origin} null sends none. */
        HttpResponse<String> postJolokia(String origin, String request) throws Exception {
            get("/actuator/hawtio/");
            String token = cookies.getCookieStore().get(uri("/")).stream()
                    .filter(c -> "XSRF-TOKEN".equals(c.getName())).map(HttpCookie::getValue).findFirst().orElseThrow();
            HttpRequest.Builder post = HttpRequest.newBuilder(uri("/actuator/jolokia"))
                    .header("Content-Type", "application/json").header("X-XSRF-TOKEN", token)
                    .POST(HttpRequest.BodyPublishers.ofString(request));
            if (origin != null) {
                post.header("Origin", origin);
            }
            return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
