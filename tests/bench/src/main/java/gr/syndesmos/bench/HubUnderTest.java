package gr.syndesmos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub as an operator runs it ({@code java -jar routes/target/syndesmos-hub.jar}, configured by environment
 * variables), seen from outside: its inbox, its Prometheus metrics and, as a region admin, Jolokia.
 */
final class HubUnderTest implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path dataDir;
    final int httpPort;
    final int brokerPort;
    /** The hub's own broker account, for Artemis's perf client (the broker takes no anonymous client). */
    final String brokerUser = "syndesmos-hub";
    final String brokerPassword;
    private final String authorization;
    private final Process process;

    private HubUnderTest(Path dataDir, int httpPort, int brokerPort, String brokerPassword, String authorization,
            Process process) {
        this.brokerPassword = brokerPassword;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.brokerPort = brokerPort;
        this.authorization = authorization;
        this.process = process;
    }

    static HubUnderTest start(Path java, Path jar, Path dataDir, Path configDir, Path usersFile, String user,
            String password, String heap, Map<String, String> extraEnv) throws IOException, InterruptedException {
        return start(java, jar, dataDir, true, configDir, usersFile, user, password, heap, List.of(), extraEnv);
    }

    /**
     * @param fresh whether to start from an empty data directory (otherwise the hub finds what an earlier run, or
     *     the benchmark's seeding, left there)
     * @param jvmOptions more options for the hub's JVM (a GC log, say)
     */
    static HubUnderTest start(Path java, Path jar, Path dataDir, boolean fresh, Path configDir, Path usersFile,
            String user, String password, String heap, List<String> jvmOptions, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        if (fresh && Files.exists(dataDir)) {
            BenchFiles.deleteTree(dataDir);
        }
        Files.createDirectories(dataDir);
        int httpPort = freePort();
        int brokerPort = freePort();
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(jvmOptions);
        // A profiler or a flight recording for a closer look, e.g. -XX:StartFlightRecording=filename=hub.jfr
        String more = System.getenv("BENCH_HUB_JVM_OPTIONS");
        if (more != null && !more.isBlank()) {
            command.addAll(List.of(more.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("SYNDESMOS_DATA_DIR", dataDir.toString());
        env.put("SYNDESMOS_CONFIG_DIR", configDir.toString());
        env.put("SERVER_PORT", Integer.toString(httpPort));
        env.put("SYNDESMOS_BROKER_PORT", Integer.toString(brokerPort));
        env.put("SYNDESMOS_USERS", usersFile.toString());
        String brokerPassword = UUID.randomUUID().toString();
        env.put("SYNDESMOS_BROKER_PASSWORD", brokerPassword);
        env.putAll(extraEnv);
        Process process = builder.start();
        HubUnderTest hub = new HubUnderTest(dataDir, httpPort, brokerPort, brokerPassword, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)), process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (hub.status("/actuator/health") != 200) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                hub.close();
                throw new IllegalStateException("The hub did not start; see " + dataDir + ".log");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return hub;
    }

    long pid() {
        return process.pid();
    }

    /** Whether the hub's process still runs (its health says DOWN while an admin has stopped its deliveries). */
    boolean alive() {
        return process.isAlive();
    }

    Path inbox(String code) {
        return dataDir.resolve("inbox").resolve(code).resolve("council-decisions");
    }

    /** Drops an export as legacy systems do: written under a hidden name, then renamed into the inbox. */
    long drop(Path export, String code, String name) throws IOException {
        Path inbox = inbox(code);
        Files.createDirectories(inbox);
        Path temp = inbox.resolve("." + name + ".tmp");
        Files.copy(export, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return System.currentTimeMillis();
    }

    boolean done(String code, String name) {
        return Files.exists(inbox(code).resolve("done").resolve(name));
    }

    /** Stops or starts a Camel route, as an admin does in Hawtio (Jolokia exec on the route's MBean). */
    void route(String routeId, String operation) throws IOException, InterruptedException {
        JsonNode answer = jolokia(Map.of("type", "exec", "operation", operation + "()",
                "mbean", "org.apache.camel:context=syndesmos,type=routes,name=\"" + routeId + "\""));
        if (answer.path("status").asInt() != 200) {
            throw new IllegalStateException("Jolokia refused " + operation + " on " + routeId + ": " + answer);
        }
    }

    /** Creates an anycast queue on the hub's broker, as a whole-region admin can in Hawtio: nothing is created on demand. */
    void createQueue(String name) throws IOException, InterruptedException {
        com.fasterxml.jackson.databind.node.ObjectNode request = JSON.createObjectNode().put("type", "exec")
                .put("mbean", "org.apache.activemq.artemis:broker=\"syndesmos\"")
                .put("operation", "createQueue(java.lang.String,boolean)");
        request.putArray("arguments").add(JSON.createObjectNode().put("name", name).put("address", name)
                .put("routing-type", "ANYCAST").put("durable", true).put("auto-create-address", true).toString())
                .add(true);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (JSON.readTree(response.body()).path("status").asInt() != 200) {
            throw new IllegalStateException("Could not create queue " + name + ": " + response.body());
        }
    }

    /** Messages waiting in each broker queue, by address and queue name. */
    Map<String, Long> queueDepths() throws IOException, InterruptedException {
        JsonNode answer = jolokia(Map.of("type", "read", "attribute", "MessageCount", "mbean",
                "org.apache.activemq.artemis:broker=*,component=addresses,address=*,subcomponent=queues,"
                        + "routing-type=*,queue=*"));
        Map<String, Long> depths = new HashMap<>();
        Pattern names = Pattern.compile("address=\"?([^,\"]+)\"?.*queue=\"?([^,\"]+)\"?");
        for (Iterator<Map.Entry<String, JsonNode>> it = answer.path("value").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Matcher m = names.matcher(entry.getKey());
            String name = m.find() ? m.group(1) + "::" + m.group(2) : entry.getKey();
            depths.put(name, entry.getValue().path("MessageCount").asLong());
        }
        return depths;
    }

    /** The sum of a Prometheus counter or bucket over the series whose labels contain all of {@code labels}. */
    double metric(String name, String... labels) throws IOException, InterruptedException {
        return metrics(name, labels).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Series of one metric, keyed by their label text, filtered by labels they must contain. */
    Map<String, Double> metrics(String name, String... labels) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Double> series = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean match = true;
            for (String label : labels) {
                match &= line.contains(label);
            }
            if (match) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return series;
    }

    /** Upper bounds (seconds) and cumulative counts of a histogram, summed over the matching series. */
    List<double[]> histogram(String name, String... labels) throws IOException, InterruptedException {
        Map<Double, Double> byBound = new java.util.TreeMap<>();
        Pattern le = Pattern.compile("le=\"([^\"]+)\"");
        for (Map.Entry<String, Double> series : metrics(name + "_bucket", labels).entrySet()) {
            Matcher m = le.matcher(series.getKey());
            if (m.find()) {
                double bound = "+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                byBound.merge(bound, series.getValue(), Double::sum);
            }
        }
        List<double[]> buckets = new ArrayList<>();
        byBound.forEach((bound, count) -> buckets.add(new double[] {bound, count}));
        return buckets;
    }

    private JsonNode jolokia(Map<String, String> request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
