package gr.syndesmos.connectors.mqtt;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One MQTT subscription (see {@link SyndesmosMqttComponent}); consumer only. */
public class SyndesmosMqttEndpoint extends DefaultEndpoint {

    private String clientId;
    private String brokerUrl = "tcp://127.0.0.1:1883";
    private String topic;
    private int qos = 1;
    private boolean cleanSession;
    private String username;
    private String password;
    private int connectTimeoutSeconds = 10;
    private int keepAliveSeconds = 30;
    private int maxReconnectDelaySeconds = 30;

    public SyndesmosMqttEndpoint(String uri, SyndesmosMqttComponent component) {
        super(uri, component);
    }

    void validate() {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("mqtt-in: 'clientId' is required (a stable id keeps the broker's session)");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("mqtt-in: 'topic' is required");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("mqtt-in: 'qos' must be 0, 1 or 2, not " + qos);
        }
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(SyndesmosMqttComponent.SCHEME + " only consumes; nothing publishes through it");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SyndesmosMqttConsumer consumer = new SyndesmosMqttConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Where log lines say this endpoint connects (never the password). */
    String describe() {
        return "broker " + brokerUrl + " as client '" + clientId + "'"
                + (username == null || username.isBlank() ? " (anonymous)" : " user '" + username + "'");
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getBrokerUrl() {
        return brokerUrl;
    }

    public void setBrokerUrl(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getQos() {
        return qos;
    }

    public void setQos(int qos) {
        this.qos = qos;
    }

    public boolean isCleanSession() {
        return cleanSession;
    }

    public void setCleanSession(boolean cleanSession) {
        this.cleanSession = cleanSession;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public int getConnectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    public void setConnectTimeoutSeconds(int connectTimeoutSeconds) {
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    public int getKeepAliveSeconds() {
        return keepAliveSeconds;
    }

    public void setKeepAliveSeconds(int keepAliveSeconds) {
        this.keepAliveSeconds = keepAliveSeconds;
    }

    public int getMaxReconnectDelaySeconds() {
        return maxReconnectDelaySeconds;
    }

    public void setMaxReconnectDelaySeconds(int maxReconnectDelaySeconds) {
        this.maxReconnectDelaySeconds = maxReconnectDelaySeconds;
    }
}
