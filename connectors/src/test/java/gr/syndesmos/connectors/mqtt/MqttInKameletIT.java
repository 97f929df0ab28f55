package gr.syndesmos.connectors.mqtt;

import gr.syndesmos.connectors.catalog.KameletRoutes;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import gr.syndesmos.connectors.db.LogCapture;
import gr.syndesmos.connectors.db.LoopbackTcpProxy;
import gr.syndesmos.connectors.db.RequiredServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mqtt-in} against the machine's real Mosquitto (anonymous), each test on its own topics and client id; a
 * loopback proxy in front of the broker where a test makes it stop.
 */
class MqttInKameletIT {

    private static final String BROKER = "tcp://127.0.0.1:1883";

    private final String base = "syndesmos-test/" + UUID.randomUUID();
    private final String clientId = "syndesmos-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> cleanUp = new ArrayList<>();
    private MqttClient publisher;

    @BeforeEach
    void broker() throws Exception {
        RequiredServer.assumeListening("Mosquitto", "127.0.0.1", 1883);
        publisher = new MqttClient(BROKER, "syndesmos-test-pub-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        publisher.connect();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).close();
        }
        if (publisher != null) {
            publisher.disconnect();
            publisher.close();
            forgetSession();
        }
    }

    /** The tests use persistent sessions; leave none behind on the broker. */
    private void forgetSession() throws MqttException {
        MqttClient client = new MqttClient(BROKER, clientId, new MemoryPersistence());
        MqttConnectOptions clean = new MqttConnectOptions();
        clean.setCleanSession(true);
        client.connect(clean);
        client.disconnect();
        client.close();
    }

    private void publish(String topic, byte[] payload) throws MqttException {
        publisher.publish(topic, payload, 1, false);
    }

    private void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** A stand-in for the hub: one mqtt-in source and a handler that records the rows it accepted. */
    private final class Hub implements AutoCloseable {
        final CamelContext context = new DefaultCamelContext();
        final List<Map<String, Object>> accepted = new CopyOnWriteArrayList<>();
        final List<String> sources = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        IntPredicate failOn = call -> false;

        Hub start(String topicFilter, String brokerUrl, Map<String, Object> extra) throws Exception {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:handler").process(Hub.this::handle);
                }
            });
            Map<String, Object> parameters = new HashMap<>(extra);
            parameters.put("brokerUrl", brokerUrl);
            parameters.put("topic", topicFilter);
            parameters.put("clientId", clientId);
            parameters.put("handler", "direct:handler");
            parameters.putIfAbsent("maxReconnectDelaySeconds", "2");
            KameletRoutes.add(context, "mqtt-test", "mqtt-in", parameters);
            context.start();
            cleanUp.add(this);
            return this;
        }

        Hub subscribed() {
            await().atMost(20, SECONDS).until(() -> consumer().isSubscribed());
            return this;
        }

        SyndesmosMqttConsumer consumer() {
            return (SyndesmosMqttConsumer) context.getRoute("mqtt-test").getConsumer();
        }

        @SuppressWarnings("unchecked")
        private void handle(Exchange exchange) {
            if (failOn.test(calls.incrementAndGet())) {
                throw new IllegalStateException("handler failure (test)");
            }
            List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
            assertThat(rows).hasSize(1);
            accepted.add(rows.get(0));
            sources.add(exchange.getMessage().getHeader(gr.syndesmos.connectors.catalog.ConnectorHeaders.SOURCE, String.class));
        }

        List<Object> values(String key) {
            return accepted.stream().map(row -> row.get(key)).toList();
        }

        @Override
        public void close() {
            context.stop();
        }
    }

    @Test
    void aJsonReadingReachesTheHandlerAsOneRowWithItsTopic() throws Exception {
        Hub hub = new Hub().start(base + "/+/reading", BROKER, Map.of()).subscribed();

        publish(base + "/s1/reading", "{\"sensor\":\"s1\",\"value\":21.50,\"label\":\"Θερμοκρασία\"}");

        await().atMost(20, SECONDS).until(() -> hub.accepted.size() >= 1);
        assertThat(hub.accepted.get(0))
                .containsEntry("sensor", "s1")
                .containsEntry("value", new BigDecimal("21.50"))
                .containsEntry("label", "Θερμοκρασία")
                .containsEntry("_topic", base + "/s1/reading");
        assertThat(hub.sources).containsExactly("mqtt:" + base + "/s1/reading");
    }

    @Test
    void aMessageTheHandlerRefusedIsDeliveredAgainAndThenAcknowledged() throws Exception {
        Hub hub = new Hub();
        hub.failOn = call -> call == 1;
        hub.start(base + "/#", BROKER, Map.of()).subscribed();

        publish(base + "/a", "{\"n\":1}");
        publish(base + "/b", "{\"n\":2}");

        await().atMost(30, SECONDS).until(() -> hub.accepted.size() >= 2);
        assertThat(hub.values("n")).containsExactly(1, 2);
        assertThat(hub.calls.get()).as("the refused message was offered once more").isEqualTo(3);
    }

    @Test
    void messagesPublishedWhileTheHubIsDownArriveWhenItStarts() throws Exception {
        Hub first = new Hub().start(base + "/#", BROKER, Map.of()).subscribed();
        first.close();

        for (int n = 1; n <= 3; n++) {
            publish(base + "/while-down", "{\"n\":" + n + "}");
        }
        Hub second = new Hub().start(base + "/#", BROKER, Map.of());

        await().atMost(20, SECONDS).until(() -> second.accepted.size() >= 3);
        assertThat(second.values("n")).containsExactly(1, 2, 3);
    }

    @Test
    void aPayloadThatIsNotAJsonObjectReachesTheHandlerAsAnErrorRow() throws Exception {
        Hub hub = new Hub().start(base + "/#", BROKER, Map.of()).subscribed();

        publish(base + "/x", "temperature=21.5");
        publish(base + "/x", "[1, 2]");
        publish(base + "/x", new byte[] {(byte) 0xC1, (byte) 0xF0}); // windows-1253 "Απ", not UTF-8
        publish(base + "/x", "{\"a\":1,\"a\":2}");

        await().atMost(20, SECONDS).until(() -> hub.accepted.size() >= 4);
        assertThat(hub.accepted).allSatisfy(row -> assertThat(row).containsEntry("_topic", base + "/x").containsKey("_error"));
        assertThat(hub.values("_unparseable")).containsExactly("temperature=21.5", "[1, 2]", null, "{\"a\":1,\"a\":2}");
        assertThat(hub.accepted.get(2)).containsEntry("_unparseableBase64", "wfA=");
    }

    @Test
    void aMessageOverTheSizeLimitIsNotParsedNorKeptButReportedAsAnErrorRow() throws Exception {
        Hub hub = new Hub().start(base + "/#", BROKER, Map.of("maxPayloadBytes", "1024")).subscribed();

        publish(base + "/big", "{\"text\":\"" + "x".repeat(5000) + "\"}");
        publish(base + "/small", "{\"n\":1}");

        await().atMost(20, SECONDS).until(() -> hub.accepted.size() >= 2);
        assertThat(hub.accepted.get(0)).containsEntry("_topic", base + "/big").doesNotContainKey("_unparseable")
                .doesNotContainKey("text");
        assertThat((String) hub.accepted.get(0).get("_error")).contains("maxPayloadBytes");
        assertThat(hub.values("n")).contains(1);
    }

    @Test
    void aStoppedBrokerIsReportedAndTheConsumerReconnectsAndGetsWhatWasPublishedMeanwhile() throws Exception {
        LoopbackTcpProxy proxy = LoopbackTcpProxy.to("127.0.0.1", 1883);
        cleanUp.add(proxy);
        try (LogCapture log = LogCapture.of(SyndesmosMqttConsumer.class)) {
            Hub hub = new Hub().start(base + "/#", "tcp://127.0.0.1:" + proxy.port(), Map.of()).subscribed();
            publish(base + "/m", "{\"n\":1}");
            await().atMost(20, SECONDS).until(() -> hub.accepted.size() >= 1);

            proxy.stop();
            await().atMost(20, SECONDS).until(() -> log.messages(Level.WARN).stream().anyMatch(m -> m.contains("lost the connection")));
            publish(base + "/m", "{\"n\":2}"); // kept by the broker in the consumer's session

            proxy.restart();
            hub.subscribed();
            publish(base + "/m", "{\"n\":3}");

            await().atMost(30, SECONDS).until(() -> hub.values("n").contains(3));
            // QoS 1 is at least once: the first message comes again when the connection fell before its
            // acknowledgement reached the broker (ingest takes a repeat as a duplicate). Nothing is lost or reordered.
            assertThat(hub.values("n").stream().distinct()).containsExactly(1, 2, 3);
            assertThat(hub.values("n").stream().filter(n -> !Integer.valueOf(1).equals(n))).containsExactly(2, 3);
            assertThat(log.messages(Level.INFO)).anyMatch(m -> m.contains("connected again"));
        }
    }

    /**
     * Mosquitto here allows anonymous clients, so a wrong password is accepted; a broker that cannot be reached is
     * the failure tested instead: a port where nothing listens.
     */
    @Test
    void anUnreachableBrokerIsReportedClearlyWithoutThePasswordAndRetried() throws Exception {
        LoopbackTcpProxy proxy = LoopbackTcpProxy.to("127.0.0.1", 1883);
        cleanUp.add(proxy);
        proxy.stop();
        String password = "Wr0ng-" + UUID.randomUUID();
        try (LogCapture log = LogCapture.of(SyndesmosMqttConsumer.class)) {
            new Hub().start(base + "/#", "tcp://127.0.0.1:" + proxy.port(),
                    Map.of("username", "sensor-gateway", "password", password, "connectTimeoutSeconds", "2"));

            await().atMost(30, SECONDS).until(() -> log.messages(Level.WARN).size() >= 2);
            assertThat(log.messages(Level.WARN).get(0)).contains("tcp://127.0.0.1:" + proxy.port(), clientId,
                    "user 'sensor-gateway'", "attempt 1", "trying again");
            assertThat(log.messages(Level.WARN).get(1)).contains("attempt 2");
            assertThat(log.all()).noneMatch(m -> m.contains(password));
        }
    }
}
