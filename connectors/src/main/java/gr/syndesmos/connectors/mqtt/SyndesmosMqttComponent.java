package gr.syndesmos.connectors.mqtt;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * Camel component {@value #SCHEME}: a consumer-only MQTT v3 endpoint on the Eclipse Paho client.
 *
 * <p>Hand-written because camel-paho is not on the package mirror this project builds from, and mixing another
 * Camel version's module in is not an option; Paho itself (the library camel-paho wraps) is. It does only what the
 * {@code mqtt-in} connector needs: a persistent session, manual acknowledgement after the route succeeded, and
 * reconnecting on its own.
 *
 * <p>URI: {@code syndesmos-mqtt:<clientId>?brokerUrl=RAW(tcp://host:1883)&topic=RAW(a/+/b/#)&qos=1&cleanSession=false
 * &username=...&password=RAW(...)&connectTimeoutSeconds=10&keepAliveSeconds=30&maxReconnectDelaySeconds=30}.
 */
public class SyndesmosMqttComponent extends DefaultComponent {

    public static final String SCHEME = "syndesmos-mqtt";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SyndesmosMqttEndpoint endpoint = new SyndesmosMqttEndpoint(uri, this);
        endpoint.setClientId(remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
