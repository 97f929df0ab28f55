package gr.syndesmos.connectors.mqtt;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the messages of one MQTT subscription and sends each through the route; acknowledges a message only when
 * the route returned without exception.
 *
 * <p>Redelivery: Paho 1.2.5 has no way to "nack" a message, and a broker resends an unacknowledged QoS 1/2 message
 * only when the session reconnects. So when the route fails, {@link #messageArrived} throws: Paho then closes the
 * connection (that is its documented reaction to an exception from the callback), the message stays unacknowledged,
 * and this consumer reconnects after a back-off (1 s doubling up to {@code maxReconnectDelaySeconds}) to the same
 * persistent session ({@code cleanSession=false}), where the broker delivers it again. The same reconnect loop covers
 * a broker that is unreachable at start (Paho's own automatic reconnect only starts after a first success) or goes
 * away later.
 */
public class SyndesmosMqttConsumer extends DefaultConsumer implements MqttCallbackExtended {

    public static final String TOPIC_HEADER = "SyndesmosMqttTopic";
    public static final String QOS_HEADER = "SyndesmosMqttQos";
    public static final String DUPLICATE_HEADER = "SyndesmosMqttDuplicate";

    private static final Logger LOG = LoggerFactory.getLogger(SyndesmosMqttConsumer.class);

    private MqttAsyncClient client;
    private ScheduledExecutorService reconnects;
    private volatile boolean stopping;
    private volatile boolean subscribed;
    private volatile boolean refusedByRoute;
    private int failedConnects;
    private int refusedMessages;

    public SyndesmosMqttConsumer(SyndesmosMqttEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public SyndesmosMqttEndpoint getEndpoint() {
        return (SyndesmosMqttEndpoint) super.getEndpoint();
    }

    /** True while connected and subscribed (tests wait for it before publishing to a new session). */
    public boolean isSubscribed() {
        return subscribed;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        stopping = false;
        SyndesmosMqttEndpoint endpoint = getEndpoint();
        client = new MqttAsyncClient(endpoint.getBrokerUrl(), endpoint.getClientId(), new MemoryPersistence());
        client.setCallback(this);
        client.setManualAcks(true);
        reconnects = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "mqtt-in " + endpoint.getClientId());
        // Connect in the background: a broker that is down must not stop the hub from starting.
        reconnects.execute(this::connect);
    }

    private MqttConnectOptions options() {
        SyndesmosMqttEndpoint endpoint = getEndpoint();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(endpoint.isCleanSession());
        options.setConnectionTimeout(endpoint.getConnectTimeoutSeconds());
        options.setKeepAliveInterval(endpoint.getKeepAliveSeconds());
        options.setAutomaticReconnect(false);
        if (endpoint.getUsername() != null && !endpoint.getUsername().isBlank()) {
            options.setUserName(endpoint.getUsername());
        }
        if (endpoint.getPassword() != null && !endpoint.getPassword().isEmpty()) {
            options.setPassword(endpoint.getPassword().toCharArray());
        }
        return options;
    }

    private synchronized void connect() {
        if (stopping || client.isConnected()) {
            return; // a second reconnect scheduled by a racing callback
        }
        SyndesmosMqttEndpoint endpoint = getEndpoint();
        long waitMillis = (endpoint.getConnectTimeoutSeconds() + 5) * 1000L;
        try {
            client.connect(options()).waitForCompletion(waitMillis);
            IMqttToken subscription = client.subscribe(endpoint.getTopic(), endpoint.getQos());
            subscription.waitForCompletion(waitMillis);
            int[] granted = subscription.getGrantedQos();
            if (granted != null && granted.length > 0 && granted[0] == 0x80) {
                throw new IllegalStateException("the broker refused the subscription to '" + endpoint.getTopic() + "'");
            }
            subscribed = true;
            if (failedConnects > 0) {
                LOG.info("mqtt-in {}: connected again to {} after {} failed attempts; subscribed to '{}'",
                        endpoint.getClientId(), endpoint.describe(), failedConnects, endpoint.getTopic());
            } else {
                LOG.info("mqtt-in {}: connected to {}; subscribed to '{}' (QoS {})", endpoint.getClientId(),
                        endpoint.describe(), endpoint.getTopic(), endpoint.getQos());
            }
            failedConnects = 0;
        } catch (MqttException | RuntimeException e) {
            failedConnects++;
            long delay = backoffMillis(failedConnects);
            LOG.warn("mqtt-in {}: cannot connect to {} (attempt {}): {}. Messages wait at the broker; trying again in {} ms.",
                    endpoint.getClientId(), endpoint.describe(), failedConnects, reason(e), delay);
            closeQuietly();
            schedule(this::connect, delay);
        }
    }

    private long backoffMillis(int failures) {
        long max = getEndpoint().getMaxReconnectDelaySeconds() * 1000L;
        return Math.min(max, 1000L << Math.min(failures - 1, 20));
    }

    private void schedule(Runnable task, long delayMillis) {
        if (!stopping && reconnects != null && !reconnects.isShutdown()) {
            reconnects.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // connect() logs the outcome, after the subscription is in place.
    }

    @Override
    public void connectionLost(Throwable cause) {
        subscribed = false;
        if (stopping) {
            return;
        }
        SyndesmosMqttEndpoint endpoint = getEndpoint();
        if (refusedByRoute) {
            refusedByRoute = false;
            long delay = backoffMillis(refusedMessages);
            LOG.info("mqtt-in {}: reconnecting in {} ms so that {} delivers the refused message again",
                    endpoint.getClientId(), delay, endpoint.describe());
            schedule(this::connect, delay);
        } else {
            failedConnects = 1;
            LOG.warn("mqtt-in {}: lost the connection to {}: {}. Reconnecting in {} ms.", endpoint.getClientId(),
                    endpoint.describe(), reason(cause), backoffMillis(1));
            schedule(this::connect, backoffMillis(1));
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(message.getPayload());
            exchange.getMessage().setHeader(TOPIC_HEADER, topic);
            exchange.getMessage().setHeader(QOS_HEADER, message.getQos());
            exchange.getMessage().setHeader(DUPLICATE_HEADER, message.isDuplicate());
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Exception failure = exchange.getException();
            if (failure != null) {
                refusedMessages++;
                refusedByRoute = true;
                LOG.warn("mqtt-in {}: the handler refused a message on '{}': {}. It stays unacknowledged and comes "
                        + "again after a reconnect.", getEndpoint().getClientId(), topic, reason(failure));
                // Paho closes the connection when this callback throws; see the class comment.
                throw failure;
            }
            refusedMessages = 0;
            client.messageArrivedComplete(message.getId(), message.getQos());
        } finally {
            releaseExchange(exchange, false);
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // consumer only: nothing is published
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        subscribed = false;
        if (reconnects != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(reconnects);
            reconnects = null;
        }
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect(5000).waitForCompletion(10000);
                }
            } catch (MqttException e) {
                LOG.debug("mqtt-in {}: disconnect: {}", getEndpoint().getClientId(), reason(e));
            }
            closeQuietly();
            client = null;
        }
        super.doStop();
    }

    private void closeQuietly() {
        try {
            if (client != null && client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
        } catch (MqttException ignored) {
            // the connection is gone either way
        }
        if (stopping && client != null) {
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // closing a client that never connected
            }
        }
    }

    static String reason(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }
}
