package gr.syndesmos.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.schemas.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;

/** Helpers shared by the hub tests that start the whole application. */
public final class HubTestSupport {

    public static final String RETHYMNO_SAMPLE = "apofaseis_20261120_2300.csv";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HubTestSupport() {
    }

    /** A port nobody listens on right now, on the loopback address the hub binds to. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops a sample export into an inbox the way a legacy system does: written aside, then renamed. */
    public static Path dropSample(String sample, Path inbox) throws IOException {
        Files.createDirectories(inbox);
        Path temp = inbox.resolve("." + Path.of(sample).getFileName() + ".part");
        try (InputStream in = HubTestSupport.class.getClassLoader().getResourceAsStream("samples/" + sample)) {
            if (in == null) {
                throw new IllegalStateException("No sample samples/" + sample + " on the test classpath");
            }
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        return Files.move(temp, inbox.resolve(Path.of(sample).getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    public static JsonNode expected() throws IOException {
        try (InputStream in = HubTestSupport.class.getClassLoader().getResourceAsStream("samples/expected.json")) {
            return CanonicalJson.mapper().readTree(in);
        }
    }

    /** The canonical ids of the decisions expected.json lists as delivered ({@code 9318-2026-100} form there). */
    public static Set<String> expectedDeliveredIds(String municipality) throws IOException {
        Set<String> ids = new TreeSet<>();
        expected().path(municipality).path("delivered").fieldNames().forEachRemaining(id -> {
            String[] parts = id.split("-");
            ids.add(parts[0] + "-council-decision-" + parts[1] + "-" + parts[2]);
        });
        return ids;
    }

    /** The test accounts (operators/users.yml): each password is the account name followed by "-password". */
    public static String testUsersFile() {
        try {
            return Path.of(HubTestSupport.class.getClassLoader().getResource("operators/users.yml").toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String basicAuth(String user) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + user + "-password")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** As the region's admin. */
    public static JsonNode getJson(int port, String path) throws IOException, InterruptedException {
        return getJson(port, path, "region-admin");
    }

    public static JsonNode getJson(int port, String path, String user) throws IOException, InterruptedException {
        HttpResponse<String> response = call(port, "GET", path, user, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return CanonicalJson.mapper().readTree(response.body());
    }

    public static HttpResponse<String> call(int port, String method, String path, String user, String jsonBody)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody))
                .header("Content-Type", "application/json");
        if (user != null) {
            request.header("Authorization", basicAuth(user));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
