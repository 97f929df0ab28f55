package gr.syndesmos.hub.destinations;

import gr.syndesmos.connectors.http.HttpOutClient;
import gr.syndesmos.connectors.http.HttpOutSettings;
import gr.syndesmos.hub.settings.HubProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One outbound HTTP client (the catalogue's {@code http-out}) per destination, shared by every flow and municipality
 * that delivers there: one rate limit, one OAuth 2.0 token, one connection pool per outside system. Its settings are
 * {@code syndesmos.destinations.<name>.url} and {@code .http.*} (the http-out parameters: auth, credentials,
 * timeouts, rate limit, idempotency header).
 */
@Component
public class DestinationClients {

    private final HubProperties properties;
    private final Map<String, HttpOutClient> clients = new ConcurrentHashMap<>();

    public DestinationClients(HubProperties properties) {
        this.properties = properties;
    }

    /** @throws IllegalStateException naming the destination and the setting when its settings do not fit */
    public HttpOutClient client(String destination) {
        return clients.computeIfAbsent(destination, this::create);
    }

    private HttpOutClient create(String destination) {
        HubProperties.Destination settings = properties.destination(destination);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("connectTimeoutMillis", String.valueOf(properties.http().connectTimeout().toMillis()));
        parameters.put("responseTimeoutMillis", String.valueOf(properties.http().responseTimeout().toMillis()));
        if (settings.http() != null) {
            settings.http().forEach((key, value) -> {
                if (value != null && !value.isBlank()) {
                    parameters.put(key, value);
                }
            });
        }
        parameters.put("baseUrl", settings.url().toString());
        try {
            return new HttpOutClient(HttpOutSettings.fromParameters(parameters));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Destination " + destination + " (syndesmos.destinations." + destination
                    + ".http): " + e.getMessage(), e);
        }
    }
}
