package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The production files a region deploys from are what the hub expects: docker/artemis's broker.xml files are what
 * {@code broker-config} writes for the sample region today (a changed municipality or flow file means writing them
 * again), the Kubernetes manifests render with kustomize and give two probed, non-root hubs and a primary/backup pair,
 * and every setting the compose file and the manifests give the hub is one the hub reads.
 */
class ProductionFilesIT {

    private static final Path ROOT = Path.of(System.getProperty("syndesmos.root", ".."));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern HUB_SETTING = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)[:}]");

    @ParameterizedTest
    @ValueSource(strings = {"single", "primary", "backup"})
    void theBrokerFilesAreWhatBrokerConfigWritesForTheSampleRegion(String role) throws Exception {
        Path written = Files.createTempFile("broker-" + role, ".xml");
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("syndesmos.hub.jar", "../routes/target/syndesmos-hub.jar")).toString(),
                "broker-config", "--role", role).redirectOutput(written.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        command.environment().put("SYNDESMOS_CONFIG_DIR", ROOT.resolve("samples/config").toString());
        Process p = command.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String expected = Files.readString(written, StandardCharsets.UTF_8);
        Files.delete(written);
        String committed = Files.readString(ROOT.resolve("docker/artemis").resolve(role).resolve("broker.xml"),
                StandardCharsets.UTF_8);
        assertThat(committed).as("docker/artemis/%s/broker.xml is stale: write it again with "
                + "SYNDESMOS_CONFIG_DIR=samples/config java -jar routes/target/syndesmos-hub.jar broker-config --role %s",
                role, role).isEqualTo(expected);
        // The doors: TLS only, login, no federation or broker connection (CVE-2026-27446), no web console.
        assertThat(committed).contains("<security-enabled>true</security-enabled>")
                .contains("?protocols=CORE,AMQP;sslEnabled=true;").doesNotContain("<federation")
                .doesNotContain("<broker-connections").doesNotContain("CHANGE ME");
        assertThat(committed.split("<acceptor ", -1)).as("one acceptor").hasSize(2);
    }

    @Test
    void theKubernetesBaseRendersTwoProbedNonRootHubsAndABrokerPair() throws Exception {
        List<JsonNode> resources = render(ROOT.resolve("docker/kubernetes/base"));
        JsonNode hub = find(resources, "Deployment", "syndesmos-hub");
        assertThat(hub.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(hub.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        JsonNode pod = hub.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.path("image").asText()).isEqualTo("syndesmos/hub:" + projectVersion());
        List<String> settings = new ArrayList<>();
        container.path("env").forEach(env -> settings.add(env.path("name").asText()));
        assertThat(settings).contains("SYNDESMOS_BROKER_URL", "SYNDESMOS_DB_URL", "SYNDESMOS_CLUSTER_ENABLED");
        assertEveryOneReadByTheHub(settings);

        JsonNode budget = find(resources, "PodDisruptionBudget", "syndesmos-hub");
        assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(hub.at("/spec/selector/matchLabels"));
        assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(1);
        JsonNode municipalities = find(resources, "ConfigMap", null);
        assertThat(municipalities.at("/data/9310.yml").asText()).as("the example is the sample region's file")
                .isEqualTo(Files.readString(ROOT.resolve("samples/config/municipalities/9310.yml")));
        for (String role : List.of("primary", "backup")) {
            JsonNode broker = find(resources, "StatefulSet", "artemis-" + role);
            JsonNode env = broker.at("/spec/template/spec/containers/0/env");
            assertThat(env.toString()).contains("\"value\":\"" + role + "\"");
            assertThat(find(resources, "Service", "artemis-" + role).at("/spec/ports/0/port").asInt())
                    .isEqualTo(61617);
        }
        List<JsonNode> operator = render(ROOT.resolve("docker/kubernetes/artemiscloud-operator"));
        assertThat(find(operator, "ActiveMQArtemis", "syndesmos-broker").at("/spec/deploymentPlan/requireLogin")
                .asBoolean()).isTrue();
        assertThat(operator).noneMatch(r -> "StatefulSet".equals(r.path("kind").asText()));
    }

    @Test
    void theComposeFileGivesTheHubsOnlySettingsTheyReadAndItsSecretsAreMadeBySecretsSh() throws IOException {
        JsonNode compose = YAML.valueToTree(new org.yaml.snakeyaml.Yaml().load(
                Files.readString(ROOT.resolve("docker/compose.yml"))));
        for (String hub : List.of("hub-a", "hub-b")) {
            List<String> settings = new ArrayList<>();
            compose.at("/services/" + hub + "/environment").fieldNames().forEachRemaining(settings::add);
            assertThat(settings).contains("SYNDESMOS_BROKER_URL", "SYNDESMOS_CLUSTER_ENABLED", "SYNDESMOS_DB_URL");
            assertEveryOneReadByTheHub(settings.stream().filter(s -> !s.endsWith("_URL") || s.startsWith("SYNDESMOS"))
                    .filter(s -> !s.startsWith("SERRES_") && !s.startsWith("CHANIA_")).toList());
            assertThat(compose.at("/services/" + hub + "/image").asText()).isEqualTo("syndesmos/hub:" + projectVersion());
            assertThat(compose.at("/services/" + hub + "/ports/0").asText()).startsWith("127.0.0.1:");
        }
        String secretsScript = Files.readString(ROOT.resolve("docker/secrets.sh"));
        compose.path("secrets").forEach(secret -> {
            String file = Path.of(secret.path("file").asText()).getFileName().toString();
            assertThat(secretsScript).as("docker/secrets.sh makes %s", file).contains(file);
        });
        compose.path("services").fields().forEachRemaining(service -> service.getValue().path("ports")
                .forEach(port -> assertThat(port.asText()).as(service.getKey() + " publishes on loopback only")
                        .startsWith("127.0.0.1:")));
    }

    /** Every setting named is one the hub reads (application.yml) or Spring's or the JVM's own. */
    private static void assertEveryOneReadByTheHub(List<String> settings) throws IOException {
        String application = Files.readString(ROOT.resolve("routes/src/main/resources/application.yml"));
        List<String> read = new ArrayList<>();
        Matcher m = HUB_SETTING.matcher(application);
        while (m.find()) {
            read.add(m.group(1));
        }
        for (String setting : settings) {
            if (!setting.startsWith("SPRING_") && !setting.startsWith("JAVA_")) {
                assertThat(read).as("the hub reads %s", setting).contains(setting);
            }
        }
    }

    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        m.find();
        m.find();
        return m.group(1);
    }

    private static JsonNode find(List<JsonNode> resources, String kind, String name) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText()))
                .filter(r -> name == null || name.equals(r.at("/metadata/name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + resources.size()));
    }

    /** {@code kubectl kustomize}, the way a region renders them. */
    private static List<JsonNode> render(Path kustomization) throws Exception {
        Path rendered = Files.createTempFile("kustomize", ".yaml");
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                    .redirectOutput(rendered.toFile()).redirectErrorStream(false).start();
        } catch (IOException absent) {
            org.junit.jupiter.api.Assumptions.abort("kubectl is not installed; the manifests are not rendered");
            throw absent;
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        List<JsonNode> resources = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(rendered.toFile())) {
            documents.forEachRemaining(resources::add);
        }
        Files.delete(rendered);
        return resources;
    }
}
