package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.MountableFile;

/**
 * The region as containers, compose-shaped: the broker image as primary and backup, PostgreSQL, two hub containers
 * from the hub image, all on a network of their own (nothing published on the host; the test reaches the hubs at
 * their container addresses). The primary is killed (SIGKILL) in the middle of an export: the backup takes over, both
 * hubs' connections follow it; then the hub reading the inbox is cut off the network: it stops reading, the other hub
 * takes the inbox over, and every decision reaches the stand-ins, the portal's once. The images are built once per
 * run from the Dockerfiles under docker/, on the base image {@code syndesmos.test.base-image} (default
 * {@code local/jre:17}, which .ci/run makes with debootstrap: no image is pulled). Without a Docker engine the test
 * is skipped with a message, and fails instead under {@code CI=true}.
 */
class ContainerRegionIT {

    private static final String BASE_IMAGE = System.getProperty("syndesmos.test.base-image", "local/jre:17");
    private static final String DEBIAN_IMAGE = System.getProperty("syndesmos.test.debian-image",
            "local/debian:bookworm");
    private static final Path ROOT = Path.of(System.getProperty("syndesmos.root", ".."));
    private static final int ROWS = 3_000;
    private static final String INBOX = "council-decisions.source.9318";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;
    private final List<GenericContainer<?>> started = new ArrayList<>();
    private Network network;

    @BeforeAll
    static void dockerAndBaseImage() {
        String missing = null;
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            missing = "no Docker engine is reachable";
        } else {
            for (String image : List.of(BASE_IMAGE, DEBIAN_IMAGE)) {
                try {
                    DockerClientFactory.instance().client().inspectImageCmd(image).exec();
                } catch (RuntimeException absent) {
                    missing = "the base image " + image + " is not here (docker/build-images.sh --local-base makes "
                            + "it; .ci/run does)";
                }
            }
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("ContainerRegionIT: " + missing + "; under CI=true this test must run");
            }
            Assumptions.abort("ContainerRegionIT skipped: " + missing);
        }
    }

    @AfterEach
    void stop() {
        for (GenericContainer<?> container : started) {
            try {
                Files.writeString(Path.of("target", "container-" + container.getNetworkAliases().get(0) + ".log"),
                        container.getLogs());
            } catch (IOException | RuntimeException e) {
                // Diagnostics only.
            }
            container.stop();
        }
        if (network != null) {
            try {
                DockerClientFactory.instance().client().removeVolumeCmd(regionVolume()).exec();
            } catch (RuntimeException alreadyGone) {
                // Nothing to remove.
            }
            network.close();
        }
    }

    @Test
    void theRegionDeliversEverythingWithItsPrimaryBrokerKilledAndItsReadingHubCutOff() throws Exception {
        ArtemisBroker.TestKeys keys = ArtemisBroker.TestKeys.generate(work,
                List.of("artemis-primary", "artemis-backup"));
        Path brokerXml = work.resolve("broker-%s.xml");
        for (String role : List.of("primary", "backup")) {
            writeBrokerXml(role, Path.of(brokerXml.toString().formatted(role)));
        }
        Path secrets = brokerSecrets(keys);
        String hubImage = build("syndesmos/hub:it", "docker/hub/Dockerfile", BASE_IMAGE,
                Map.of("routes/target/syndesmos-hub.jar", ROOT.resolve("routes/target/syndesmos-hub.jar")));
        String brokerImage = build("syndesmos/artemis:it", "docker/artemis/Dockerfile", BASE_IMAGE, Map.of(
                "tests/target/artemis/apache-artemis-2.44.0", Path.of("target/artemis/apache-artemis-2.44.0"),
                "docker/artemis", ROOT.resolve("docker/artemis")));
        String postgresImage = new ImageFromDockerfile("syndesmos/test-postgres:it", false)
                .withFileFromPath("Dockerfile", Path.of("src/test/resources/containers/postgres/Dockerfile"))
                .withBuildArg("BASE_IMAGE", DEBIAN_IMAGE).get(10, TimeUnit.MINUTES);

        network = Network.newNetwork();
        GenericContainer<?> primary = broker(brokerImage, "primary", "backup", secrets, brokerXml, "AMQ221007");
        GenericContainer<?> backup = broker(brokerImage, "backup", "primary", secrets, brokerXml, "AMQ221024");
        GenericContainer<?> postgres = start(new GenericContainer<>(postgresImage).withNetwork(network)
                .withNetworkAliases("postgres")
                .waitingFor(Wait.forLogMessage(".*ready to accept connections.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2))));
        assertThat(postgres.isRunning()).isTrue();
        // hub-b runs the stand-ins both hubs deliver to; hub-a starts first and holds the inbox.
        GenericContainer<?> hubA = hub(hubImage, "hub-a", keys, "false");
        await("hub-a reads the inbox").atMost(Duration.ofSeconds(120))
                .until(() -> hubA.getLogs().contains("(hub-a) now reads " + INBOX));
        GenericContainer<?> hubB = hub(hubImage, "hub-b", keys, "true");
        await("hub-b on the broker, waiting for a source").atMost(Duration.ofSeconds(120))
                .until(() -> hubB.getLogs().contains("Connected to the broker"));
        String standIns = "http://" + address(hubB) + ":8080";

        Path export = work.resolve("apofaseis_20270115_0100.csv");
        RecordingDestinations.writeExport(export, ROWS);
        hubA.copyFileToContainer(MountableFile.forHostPath(export, 0644), "/tmp/export.csv");
        // Dropped as a legacy system does (written aside, renamed), as the hub's user: the inbox is the hubs' shared
        // volume.
        hubA.execInContainer("sh", "-c", "d=/var/lib/syndesmos/inbox/9318/council-decisions && mkdir -p $d"
                + " && cp /tmp/export.csv $d/.export.tmp && mv $d/.export.tmp $d/" + export.getFileName());
        await("deliveries under way").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(() -> received(standIns, "regional") > 300);

        DockerClientFactory.instance().client().killContainerCmd(primary.getContainerId()).withSignal("SIGKILL")
                .exec();
        await("the backup active").atMost(Duration.ofSeconds(60)).until(() -> backup.getLogs().contains("AMQ221007"));
        // hub-a, which reads the inbox, is cut off from everything (network gone, process alive, its database
        // sessions and broker connections open on the other side): it must stop reading before hub-b may start, and
        // its sessions must not hold hub-b's commits up.
        long cut = System.nanoTime();
        DockerClientFactory.instance().client().disconnectFromNetworkCmd().withNetworkId(network.getId())
                .withContainerId(hubA.getContainerId()).withForce(true).exec();
        await("hub-b reads the inbox").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> hubB.getLogs().contains("(hub-b) now reads " + INBOX));
        long takeover = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cut);
        // Whether its lock's renewal failed (revoked) or hung (given up by SourceLeadership's watch).
        Pattern gaveUp = Pattern.compile("\\(hub-a\\) (no longer reads|could not confirm its hold on) "
                + Pattern.quote(INBOX));
        await("hub-a gives the inbox up").atMost(Duration.ofSeconds(60))
                .until(() -> gaveUp.matcher(hubA.getLogs()).find());
        assertThat(logTime(hubA.getLogs(), gaveUp)).as("hub-a stopped reading before hub-b started")
                .isBefore(logTime(hubB.getLogs(), Pattern.compile(Pattern.quote("(hub-b) now reads " + INBOX))));
        await("every decision at the regional stand-in").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofSeconds(2)).until(() -> received(standIns, "regional") == ROWS);
        await("every decision at the Diavgeia stand-in").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofSeconds(2)).until(() -> received(standIns, "diavgeia") == ROWS);
        assertThat(hubB.execInContainer("ls", "/var/lib/syndesmos/inbox/9318/council-decisions/done").getStdout())
                .contains(export.getFileName().toString());
        // The portal (the stand-in keeps every publication) published each decision once, across both failures.
        assertThat(entries(standIns, "diavgeia")).isEqualTo(ROWS);
        System.out.printf("Container region: primary killed, hub-a cut off; hub-b read the inbox %d s after the cut%n",
                takeover);
    }

    /** When a hub logged a line (Spring Boot's format starts with the instant). */
    private static Instant logTime(String log, Pattern line) {
        return log.lines().filter(l -> line.matcher(l).find()).findFirst()
                .map(l -> Instant.parse(l.substring(0, l.indexOf(' '))))
                .orElseThrow(() -> new AssertionError("not in the log: " + line));
    }

    private GenericContainer<?> broker(String image, String role, String partner, Path secrets, Path brokerXml,
            String ready) {
        return start(new GenericContainer<>(image).withNetwork(network).withNetworkAliases("artemis-" + role)
                .withEnv(Map.of("SYNDESMOS_BROKER_ROLE", role, "SYNDESMOS_BROKER_HOST", "artemis-" + role,
                        "SYNDESMOS_BROKER_PARTNER", "artemis-" + partner, "SYNDESMOS_BROKER_XML", "/tmp/broker.xml"))
                .withCopyFileToContainer(MountableFile.forHostPath(secrets, 0755), "/run/secrets")
                .withCopyFileToContainer(MountableFile.forHostPath(Path.of(brokerXml.toString().formatted(role)),
                        0644), "/tmp/broker.xml")
                .waitingFor(Wait.forLogMessage(".*" + ready + ".*", 1).withStartupTimeout(Duration.ofMinutes(2))));
    }

    private GenericContainer<?> hub(String image, String id, ArtemisBroker.TestKeys keys, String standIns)
            throws IOException {
        String own = "http://hub-b:8080/sandbox";
        return start(new GenericContainer<>(image).withNetwork(network).withNetworkAliases(id)
                .withEnv(Map.ofEntries(
                        Map.entry("SYNDESMOS_HUB_ID", id),
                        Map.entry("SYNDESMOS_CLUSTER_ENABLED", "true"),
                        Map.entry("SYNDESMOS_BROKER_URL", "(tcp://artemis-primary:61617,tcp://artemis-backup:61617)"
                                + "?ha=true&reconnectAttempts=-1&sslEnabled=true&trustStorePath=/run/secrets/broker-truststore.p12"
                                + "&trustStorePassword=" + keys.password()),
                        Map.entry("SYNDESMOS_BROKER_PASSWORD", ArtemisBroker.HUB_PASSWORD),
                        Map.entry("SYNDESMOS_DB_URL", "jdbc:postgresql://postgres:5432/postgres"),
                        Map.entry("SYNDESMOS_DB_USER", "postgres"),
                        Map.entry("SYNDESMOS_USERS", "/run/hub/users.yml"),
                        Map.entry("SYNDESMOS_SANDBOX_ENABLED", standIns),
                        Map.entry("SYNDESMOS_SANDBOX_KEEP", "50000"),
                        Map.entry("SYNDESMOS_DIAVGEIA_URL", own + "/diavgeia"),
                        Map.entry("SYNDESMOS_REGIONAL_URL", own + "/regional"),
                        Map.entry("JAVA_TOOL_OPTIONS", "-Xmx512m -XX:+ExitOnOutOfMemoryError")))
                // Where the brokers have theirs: the backup announces its address with its trust store's path, and
                // the hubs fail over through that announcement.
                .withCopyFileToContainer(MountableFile.forHostPath(keys.trustStore(), 0644),
                        "/run/secrets/broker-truststore.p12")
                .withCopyFileToContainer(MountableFile.forHostPath(HubProcess.TEST_USERS, 0644), "/run/hub/users.yml")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
                        com.github.dockerjava.api.model.Bind.parse(regionVolume() + ":/var/lib/syndesmos")))
                .waitingFor(Wait.forLogMessage(".*Started SyndesmosHub.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(3))));
    }

    /** The data volume both hubs share, as compose's region-data. */
    private String regionVolume() {
        return "syndesmos-it-region-" + network.getId().substring(0, 12);
    }

    private <T extends GenericContainer<?>> T start(T container) {
        started.add(container);
        container.start();
        return container;
    }

    private String address(GenericContainer<?> container) {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
    }

    private static long received(String hub, String standIn) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HubProcess.signedIn(HttpRequest.newBuilder(
                URI.create(hub + "/sandbox/" + standIn + "/received")), HubProcess.ADMIN).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            return -1;
        }
        JsonNode entries = HubProcess.JSON.readTree(answer.body());
        List<String> ids = new ArrayList<>();
        // A regional delivery is named by its record id, a publication by its organisation and protocol number.
        entries.forEach(e -> ids.add(e.has("id") ? e.path("id").asText()
                : e.at("/metadata/organizationId").asText() + "|" + e.at("/metadata/protocolNumber").asText()));
        return ids.stream().distinct().count();
    }

    private static long entries(String hub, String standIn) throws IOException, InterruptedException {
        return HubProcess.JSON.readTree(HTTP.send(HubProcess.signedIn(HttpRequest.newBuilder(
                URI.create(hub + "/sandbox/" + standIn + "/received")), HubProcess.ADMIN).build(),
                HttpResponse.BodyHandlers.ofString()).body()).size();
    }

    /** The images of docker/, built once per run (kept by tag for the rest of the run's tests). */
    private static String build(String tag, String dockerfile, String base, Map<String, Path> files) throws Exception {
        ImageFromDockerfile image = new ImageFromDockerfile(tag, false)
                .withFileFromPath(dockerfile, ROOT.resolve(dockerfile))
                .withDockerfilePath(dockerfile)
                .withBuildArg("BASE_IMAGE", base);
        files.forEach((inContext, onDisk) -> image.withFileFromPath(inContext, onDisk));
        return image.get(10, TimeUnit.MINUTES);
    }

    private Path brokerSecrets(ArtemisBroker.TestKeys keys) throws IOException {
        Path secrets = Files.createDirectories(work.resolve("broker-secrets"));
        Files.copy(keys.keyStore(), secrets.resolve("broker-keystore.p12"));
        Files.copy(keys.trustStore(), secrets.resolve("broker-truststore.p12"));
        Files.writeString(secrets.resolve("broker-keystore-password"), keys.password());
        Files.writeString(secrets.resolve("broker-truststore-password"), keys.password());
        Files.writeString(secrets.resolve("broker-hub-password"), ArtemisBroker.HUB_PASSWORD);
        Files.writeString(secrets.resolve("broker-cluster-password"), "cluster-" + System.nanoTime());
        for (Path file : Files.list(secrets).toList()) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        return secrets;
    }

    /** The broker.xml of the hubs' region (the shipped municipalities), as broker-config writes it. */
    private static void writeBrokerXml(String role, Path file) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ROOT.resolve("routes/target/syndesmos-hub.jar").toString(), "broker-config", "--role", role)
                .redirectOutput(file.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        command.environment().put("SYNDESMOS_CONFIG_DIR", file.resolveSibling("no-config").toString());
        Process p = command.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
