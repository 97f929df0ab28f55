package gr.syndesmos.tests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub as a user runs it: the packaged {@code routes/target/syndesmos-hub.jar} (extracted, with a class-data
 * archive: {@link FastStart}), configured by environment variables only, in its own process (so a test can kill it
 * with SIGKILL).
 */
final class HubProcess implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The test accounts (routes/src/test/resources/operators/users.yml): password = name + "-password". */
    static final Path TEST_USERS = Path.of(System.getProperty("syndesmos.test.users",
            "../routes/src/test/resources/operators/users.yml")).toAbsolutePath();
    /** Who the tests act as unless they say otherwise. */
    static final String ADMIN = "region-admin";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path dataDir;
    final int httpPort;
    final int brokerPort;
    private final Map<String, String> extraEnv;
    private Path configDir;
    private Process process;
    private Path log;

    HubProcess(Path dataDir, Map<String, String> extraEnv) throws IOException {
        this.dataDir = dataDir;
        this.httpPort = freePort();
        this.brokerPort = freePort();
        this.extraEnv = extraEnv;
    }

    /** Runs the hub with this configuration folder (municipality files, mappings) instead of none. */
    HubProcess withConfigDir(Path configDir) {
        this.configDir = configDir;
        return this;
    }

    HubProcess start() throws IOException {
        launch();
        await("the hub to answer /actuator/health").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("The hub stopped during start-up:\n" + logTail());
                    }
                    return status("/actuator/health") == 200;
                });
        return this;
    }

    /** Starts the process without waiting for it to be healthy (a hub that waits for its broker is not). */
    HubProcess launch() throws IOException {
        Path jar = Path.of(System.getProperty("syndesmos.hub.jar", "../routes/target/syndesmos-hub.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the hub first: " + jar.toAbsolutePath() + " is missing");
        }
        log = dataDir.resolveSibling(dataDir.getFileName() + "-hub-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(FastStart.of(jar).javaArguments());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SYNDESMOS_DATA_DIR", dataDir.toString());
        env.put("SYNDESMOS_CONFIG_DIR", configDir != null ? configDir.toString()
                : dataDir.resolveSibling("no-config").toString());
        env.put("SERVER_PORT", Integer.toString(httpPort));
        env.put("SYNDESMOS_BROKER_PORT", Integer.toString(brokerPort));
        env.put("SYNDESMOS_USERS", TEST_USERS.toString());
        env.putAll(extraEnv);
        process = builder.start();
        return this;
    }

    /** The exit status once the process has ended by itself, waiting at most {@code within}. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The hub is still running after " + within + ":\n" + logTail());
        }
        return process.exitValue();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether the process has ended (it stopped itself, or was killed). */
    boolean ended() {
        return process != null && !process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        keepLog();
    }

    /** The hub's log outlives the test's temporary folder, beside the failsafe reports (target/hub-logs/). */
    private void keepLog() {
        if (log == null || !Files.exists(log)) {
            return;
        }
        try {
            Path kept = Path.of("target", "hub-logs");
            Files.createDirectories(kept);
            Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Diagnostics only: a test must not fail because its log could not be kept.
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path inbox(String code) {
        return dataDir.resolve("inbox").resolve(code).resolve("council-decisions");
    }

    Path outbox(String code) {
        return dataDir.resolve("outbox").resolve(code).resolve("council-decisions");
    }

    /** Drops an export the way legacy systems do: written under a temporary name, then renamed. */
    void drop(Path export, String code) throws IOException {
        drop(export, code, export.getFileName().toString());
    }

    void drop(Path export, String code, String name) throws IOException {
        Path inbox = inbox(code);
        Files.createDirectories(inbox);
        Path temp = inbox.resolve("." + name + ".tmp");
        Files.copy(export, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return get(path, ADMIN);
    }

    JsonNode get(String path, String user) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(signedIn(HttpRequest.newBuilder(uri(path)), user).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, ADMIN);
    }

    HttpResponse<String> send(String method, String path, String body, String user)
            throws IOException, InterruptedException {
        return HTTP.send(signedIn(HttpRequest.newBuilder(uri(path)), user).header("Content-Type",
                        body != null && body.startsWith("{") ? "application/json" : "text/plain")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** HTTP Basic as one of the test accounts; no header when {@code user} is null. */
    static HttpRequest.Builder signedIn(HttpRequest.Builder request, String user) {
        if (user == null) {
            return request;
        }
        return request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8)));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    Path log() {
        return log;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
