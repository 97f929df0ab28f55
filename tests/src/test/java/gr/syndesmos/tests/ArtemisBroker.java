package gr.syndesmos.tests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

/**
 * An Artemis broker as a region's administrators install one: an instance made by the distribution's own
 * {@code artemis create} (target/artemis, the same distribution the broker image is built from), with login
 * required, and its {@code broker.xml} written by the hub's {@code broker-config} command from the region's files.
 * It runs as its own process ({@code bin/artemis run}), so a test can kill it with SIGKILL.
 */
final class ArtemisBroker implements AutoCloseable {

    static final String HUB_USER = "syndesmos-hub";
    static final String HUB_PASSWORD = "hub-" + Long.toHexString(System.nanoTime());
    private static final String CLUSTER_PASSWORD = "cluster-" + Long.toHexString(System.nanoTime());

    /** single, primary or backup: the broker-config role. */
    private final String role;
    private final Path instance;
    private final int port;
    private final Integer partnerPort;
    private final TestKeys keys;
    private Process process;
    private final Path log;

    private ArtemisBroker(String role, Path instance, int port, Integer partnerPort, TestKeys keys) {
        this.role = role;
        this.instance = instance;
        this.port = port;
        this.partnerPort = partnerPort;
        this.keys = keys;
        this.log = instance.resolveSibling(instance.getFileName() + ".log");
    }

    /**
     * Makes the instance: {@code artemis create} with the hub's account (role {@code hub}), then the region's
     * broker.xml for {@code configDir} (null: the hub's shipped municipalities) and any further accounts.
     */
    static ArtemisBroker create(Path work, String name, String role, int port, Integer partnerPort, Path configDir,
            TestKeys keys, Map<String, String> accountRoles, Map<String, String> accountPasswords)
            throws IOException, InterruptedException {
        return create(work, name, role, port, partnerPort, configDir, keys, accountRoles, accountPasswords, false);
    }

    /**
     * With {@code asProperties}, the region's addresses, settings and permissions go into {@code etc/broker.properties}
     * ({@code broker-config --properties}, as the ArtemisCloud operator takes them) beside a broker.xml without them.
     */
    static ArtemisBroker create(Path work, String name, String role, int port, Integer partnerPort, Path configDir,
            TestKeys keys, Map<String, String> accountRoles, Map<String, String> accountPasswords,
            boolean asProperties) throws IOException, InterruptedException {
        Path instance = work.resolve(name);
        run(List.of(home().resolve("bin").resolve("artemis").toString(), "create", instance.toString(),
                "--user", HUB_USER, "--password", HUB_PASSWORD, "--role", "hub", "--require-login", "--no-web",
                "--no-autotune", "--silent", "--host", "127.0.0.1"), Map.of(), work.resolve(name + "-create.log"));
        run(List.of("sh", Path.of(System.getProperty("syndesmos.docker", "../docker")).resolve("artemis")
                .resolve("configure-instance.sh").toString(), instance.toString()), Map.of(),
                work.resolve(name + "-configure.log"));
        Path brokerXml = instance.resolve("etc").resolve("broker.xml");
        List<String> command = List.of(javaBin(), "-jar", hubJar().toString(), "broker-config", "--role", role);
        Map<String, String> env = Map.of("SYNDESMOS_CONFIG_DIR", configDir != null ? configDir.toString()
                : work.resolve("no-config").toString());
        run(command, env, brokerXml);
        if (asProperties) {
            String xml = Files.readString(brokerXml, StandardCharsets.UTF_8);
            for (String section : List.of("security-settings", "address-settings", "addresses")) {
                xml = xml.replaceAll("(?s)<" + section + ">.*?</" + section + ">", "");
            }
            Files.writeString(brokerXml, xml, StandardCharsets.UTF_8);
            run(List.of(javaBin(), "-jar", hubJar().toString(), "broker-config", "--properties"), env,
                    instance.resolve("etc").resolve("broker.properties"));
        }
        // Plain passwords are accepted by the properties login module next to the hashed one create wrote.
        StringBuilder users = new StringBuilder("\n");
        StringBuilder roles = new StringBuilder("\n");
        accountPasswords.forEach((user, password) -> users.append(user).append(" = ").append(password).append('\n'));
        accountRoles.forEach((user, roleName) -> roles.append(roleName).append(" = ").append(user).append('\n'));
        Files.writeString(instance.resolve("etc").resolve("artemis-users.properties"), users,
                StandardOpenOption.APPEND);
        Files.writeString(instance.resolve("etc").resolve("artemis-roles.properties"), roles,
                StandardOpenOption.APPEND);
        return new ArtemisBroker(role, instance, port, partnerPort, keys);
    }

    ArtemisBroker start() throws IOException {
        List<String> properties = new ArrayList<>(List.of("-Xmx512m", "-Dsyndesmos.host=127.0.0.1",
                "-Dsyndesmos.bind=127.0.0.1", "-Dsyndesmos.port=" + port,
                "-Dsyndesmos.keystore.path=" + keys.keyStore(), "-Dsyndesmos.keystore.password=" + keys.password(),
                "-Dsyndesmos.truststore.path=" + keys.trustStore(),
                "-Dsyndesmos.truststore.password=" + keys.password(),
                "-Dsyndesmos.cluster.password=" + CLUSTER_PASSWORD));
        if (partnerPort != null) {
            properties.add("-Dsyndesmos.partner.host=127.0.0.1");
            properties.add("-Dsyndesmos.partner.port=" + partnerPort);
        }
        ProcessBuilder builder = new ProcessBuilder(instance.resolve("bin").resolve("artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_ARGS_APPEND", String.join(" ", properties));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = builder.start();
        return this;
    }

    /** Waits until this broker serves clients (a primary or single broker), or is in sync as a backup. */
    ArtemisBroker awaitReady() {
        String ready = "backup".equals(role) ? "AMQ221024" : "AMQ221007";
        await(role + " broker ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("The " + role + " broker stopped:\n" + logText());
            }
            return logText().contains(ready);
        });
        return this;
    }

    /** SIGKILL: no shutdown, no goodbye to the backup. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean logContains(String text) {
        return logText().contains(text);
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The broker's audit log: who was refused what. */
    String auditLog() {
        try {
            Path audit = instance.resolve("log").resolve("audit.log");
            return Files.exists(audit) ? Files.readString(audit, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    int port() {
        return port;
    }

    /** The client URL of this broker over TLS (the hub's SYNDESMOS_BROKER_URL for a broker alone). */
    String url() {
        return "tcp://127.0.0.1:" + port + "?" + keys.clientParameters();
    }

    /** The queues of this broker that hold messages, with how many, as its management counts them. */
    Map<String, Long> queuesHoldingMessages() throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(url());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(HUB_USER, HUB_PASSWORD, false, true, true, false, 1)) {
            ClientRequestor requestor = new ClientRequestor(session, "activemq.management");
            session.start();
            Map<String, Long> holding = new java.util.TreeMap<>();
            for (Object queue : (Object[]) attribute(session, requestor, ResourceNames.BROKER, "queueNames")) {
                long count = ((Number) attribute(session, requestor, ResourceNames.QUEUE + queue, "messageCount"))
                        .longValue();
                // The management answers' own queue (this question's) is not a message left behind.
                if (count > 0 && !queue.toString().startsWith("activemq.management.")) {
                    holding.put(queue.toString(), count);
                }
            }
            return holding;
        }
    }

    private static Object attribute(ClientSession session, ClientRequestor requestor, String resource,
            String attribute) throws Exception {
        ClientMessage request = session.createMessage(false);
        ManagementHelper.putAttribute(request, resource, attribute);
        ClientMessage reply = requestor.request(request, 30_000);
        reply.acknowledge();
        return ManagementHelper.getResult(reply);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        try {
            Path kept = Path.of("target", "broker-logs");
            Files.createDirectories(kept);
            if (Files.exists(log)) {
                Files.copy(log, kept.resolve(instance.getParent().getFileName() + "-" + log.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Diagnostics only.
        }
    }

    static Path home() {
        Path home = Path.of(System.getProperty("syndesmos.artemis.home", "target/artemis/apache-artemis-2.44.0"));
        if (!Files.isExecutable(home.resolve("bin").resolve("artemis"))) {
            throw new IllegalStateException("The Artemis distribution is missing at " + home.toAbsolutePath()
                    + ": the build unpacks it (mvn -pl tests verify)");
        }
        return home;
    }

    private static Path hubJar() {
        return Path.of(System.getProperty("syndesmos.hub.jar", "../routes/target/syndesmos-hub.jar"));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void run(List<String> command, Map<String, String> env, Path output)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(output));
        }
    }

    /**
     * A key store for the brokers' TLS acceptor and a trust store for their clients, made for this test with the
     * JDK's keytool (a self-signed certificate for 127.0.0.1).
     */
    record TestKeys(Path keyStore, Path trustStore, String password) {

        static TestKeys generate(Path folder) throws IOException, InterruptedException {
            return generate(folder, List.of());
        }

        /** With these host names in the certificate too (brokers on a container network). */
        static TestKeys generate(Path folder, List<String> hostNames) throws IOException, InterruptedException {
            String password = "keys-" + Long.toHexString(System.nanoTime());
            Path keyStore = folder.resolve("broker-keystore.p12");
            Path trustStore = folder.resolve("broker-truststore.p12");
            Path certificate = folder.resolve("broker.cer");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Path out = folder.resolve("keytool.log");
            run(List.of(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "2", "-dname", "CN=syndesmos-test-broker", "-ext", "SAN=ip:127.0.0.1,dns:localhost"
                    + hostNames.stream().map(name -> ",dns:" + name).collect(java.util.stream.Collectors.joining()),
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass",
                    password), Map.of(), out);
            run(List.of(keytool, "-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass",
                    password, "-file", certificate.toString()), Map.of(), out);
            run(List.of(keytool, "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                    "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password), Map.of(), out);
            return new TestKeys(keyStore, trustStore, password);
        }

        String clientParameters() {
            return "sslEnabled=true&trustStorePath=" + trustStore + "&trustStorePassword=" + password;
        }
    }
}
