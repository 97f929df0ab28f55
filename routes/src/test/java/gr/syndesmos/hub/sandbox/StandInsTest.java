package gr.syndesmos.hub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.SyndesmosHub;
import gr.syndesmos.hub.support.HubRouteTestSupport;
import gr.syndesmos.hub.support.HubTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.test.context.TestPropertySource;

/**
 * The stand-ins of Diavgeia and the regional platform: what they received is for signed-in people (masked for all
 * but admins), switching them for the region's admins, what one request may send is bounded, they keep only the
 * last entries, and under the production profile they are off and a hub still pointing at them does not start.
 */
@TestPropertySource(properties = "syndesmos.sandbox.keep=3")
class StandInsTest extends HubRouteTestSupport {

    private static final String DECISION = """
            {"subject": "Ανάθεση προμήθειας", "protocolNumber": "%s", "issueDate": "2026-11-20T00:00:00.000Z",
             "decisionTypeId": "Β.2.1", "organizationId": "6263", "unitIds": ["1"], "signerIds": ["2"],
             "thematicCategoryIds": ["20"], "publish": true,
             "extraFieldValues": {"sponsor": [{"sponsorAFMName": {"afm": "094019245", "afmType": "EL",
               "afmCountry": "EL", "name": "Γεώργιος Παπαδάκης"}}]}}
            """;

    @Test
    void whatTheyReceivedIsForSignedInPeopleAndMaskedForAllButAdmins() throws Exception {
        assertThat(post("/sandbox/diavgeia/decisions", DECISION.formatted("100/2026")).statusCode()).isEqualTo(200);
        assertThat(HubTestSupport.call(HTTP_PORT, "GET", "/sandbox/diavgeia/received", null, null).statusCode())
                .isEqualTo(401);
        String viewer = HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/received", "rethymno-viewer").toString();
        assertThat(viewer).doesNotContain("094019245", "Παπαδάκης").contains("09*****45", "Γ. Π.");
        String admin = HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/received", "region-admin").toString();
        assertThat(admin).contains("094019245", "Γεώργιος Παπαδάκης");
    }

    @Test
    void thePortalsRegistersAreReadAsFromTheRealPortalAndSayWhenMadeUp() throws Exception {
        HttpResponse<String> rethymno = HubTestSupport.call(HTTP_PORT, "GET",
                "/sandbox/diavgeia/organizations/6263/units", null, null);
        assertThat(rethymno.statusCode()).as("public, as the portal's").isEqualTo(200);
        assertThat(rethymno.headers().firstValue("X-Syndesmos-Stand-In")).hasValue("generated");
        assertThat(rethymno.body()).contains("\"uid\":\"626301\"", "ΔΗΜΟΤΙΚΟ ΣΥΜΒΟΥΛΙΟ");
        HttpResponse<String> limnos = HubTestSupport.call(HTTP_PORT, "GET",
                "/sandbox/diavgeia/organizations/6174/signers", null, null);
        assertThat(limnos.statusCode()).isEqualTo(200);
        assertThat(limnos.headers().firstValue("X-Syndesmos-Stand-In")).as("recorded").isEmpty();
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/organizations/6263").path("label").asText())
                .isEqualTo("ΔΗΜΟΣ ΡΕΘΥΜΝΗΣ");
        assertThat(HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/dictionaries/THK").path("items"))
                .isNotEmpty();
        HttpResponse<String> unknown = HubTestSupport.call(HTTP_PORT, "GET",
                "/sandbox/diavgeia/organizations/99999999/signers", null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("errorCode", "99999999");
    }

    @Test
    void onlyTheRegionsAdminsSwitchThem() throws Exception {
        assertThat(HubTestSupport.call(HTTP_PORT, "PUT", "/sandbox/regional/mode", null, "fail").statusCode())
                .isEqualTo(401);
        assertThat(HubTestSupport.call(HTTP_PORT, "PUT", "/sandbox/regional/mode", "rethymno-operator", "fail")
                .statusCode()).isEqualTo(403);
        assertThat(HubTestSupport.call(HTTP_PORT, "PUT", "/sandbox/regional/mode", "region-admin", "ok")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void theyKeepOnlyTheLastEntries() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(post("/sandbox/diavgeia/decisions", DECISION.formatted(i + "/2027")).statusCode())
                    .isEqualTo(200);
        }
        JsonNode kept = HubTestSupport.getJson(HTTP_PORT, "/sandbox/diavgeia/received", "region-admin");
        assertThat(kept).hasSize(3);
        assertThat(kept.get(2).path("metadata").path("protocolNumber").asText()).isEqualTo("5/2027");
    }

    @Test
    void oneRequestCannotFillTheHubsMemory() throws Exception {
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        HttpResponse<String> declared = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + HTTP_PORT + "/sandbox/diavgeia/decisions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(twoMegabytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        // Without a Content-Length (chunked): read up to the limit, then refused (an error answer, or the
        // connection dropped while the client was still sending).
        Throwable dropped = catchThrowable(() -> assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + HTTP_PORT + "/sandbox/regional/api/v1/records"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(20L * 1024 * 1024))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isGreaterThanOrEqualTo(400));
        assertThat(dropped).as("refused, not taken").satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(IOException.class));
        // Anonymous, to a signed-in address, above the hub-wide limit: refused before sign-in reads anything.
        // (The answer comes before a single byte of the body is sent.)
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", HTTP_PORT)) {
            socket.getOutputStream().write(("POST /actuator/jolokia HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 450000000\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
        assertThat(HubTestSupport.call(HTTP_PORT, "GET", "/actuator/health", null, null).statusCode()).isIn(200, 503);
    }

    @Test
    void underTheProductionProfileTheyAreOffAndAHubStillPointingAtThemDoesNotStart(@TempDir Path other) {
        Throwable failure = catchThrowable(() -> SpringApplication.run(SyndesmosHub.class,
                "--spring.profiles.active=production", "--syndesmos.data-dir=" + other,
                "--syndesmos.config-dir=" + other.resolve("config"), "--server.port=0",
                "--syndesmos.broker.port=" + HubTestSupport.freePort(),
                "--syndesmos.security.users-file=" + HubTestSupport.testUsersFile()).close());
        assertThat(failure).as("start-up must fail").isNotNull();
        assertThat(failure).rootCause().hasMessageContaining("SYNDESMOS_DIAVGEIA_URL")
                .hasMessageContaining("stand-in, which is off");
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HubTestSupport.call(HTTP_PORT, "POST", path, null, json);
    }

    /** A stream of zeros of a given length, sent without a declared length. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            left -= n;
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            return n;
        }
    }
}
