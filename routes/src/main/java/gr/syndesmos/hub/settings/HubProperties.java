package gr.syndesmos.hub.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hub's own settings ({@code syndesmos.*} in application.yml, each overridable by the environment variable named
 * there).
 *
 * @param dataDir everything the hub keeps: broker journal, state database, inboxes and outboxes
 * @param configDir where integrators add municipality files ({@code municipalities/<code>.yml}), mappings
 *     ({@code mappings/<code>/<flow>/}) and mounted secrets ({@code secrets/<name>})
 * @param secretsFile a YAML map of secret name to value, for {@code ${secret:NAME}} references; optional
 */
@ConfigurationProperties("syndesmos")
public record HubProperties(Path dataDir, Path configDir, Path secretsFile, Broker broker, Redelivery redelivery,
        Map<String, Destination> destinations, Http http, Inbox inbox) {

    /**
     * @param port the TCP acceptor on 127.0.0.1 for CORE, AMQP and STOMP clients
     * @param user the hub's own broker account
     * @param password its password; empty means generated once and kept under the data directory
     * @param sessionCacheSize JMS sessions kept open for the hub's senders
     * @param memoryMb the most the broker keeps of waiting messages in memory, in MB, before it pages them to disk;
     *     0 for a fifth of the hub's heap
     * @param url an external broker (an Artemis URL, which may list a primary and its backup); empty for the
     *     embedded broker, and then {@code host}, {@code port} and {@code memoryMb} describe that one
     */
    public record Broker(int port, String host, String user, String password, int sessionCacheSize, int memoryMb,
            String url) {

        public boolean external() {
            return url != null && !url.isBlank();
        }

        @Override
        public String toString() {
            return external() ? "Broker[" + url + ", user " + user + "]"
                    : "Broker[" + host + ":" + port + ", user " + user + "]";
        }
    }

    /**
     * @param attempts deliveries to a destination before a message is dead-lettered
     * @param delayMs first redelivery delay; it doubles on every attempt up to {@code maxDelayMs}
     */
    public record Redelivery(int attempts, long delayMs, long maxDelayMs) {
    }

    /**
     * @param url base URL; the flow appends its path (e.g. {@code /decisions})
     * @param http the {@code http-out} connector's parameters for it: {@code auth}, credentials, timeouts,
     *     {@code rateLimitPerSecond}, {@code idempotencyHeader}
     */
    public record Destination(URI url, Map<String, String> http) {
    }

    public record Http(Duration connectTimeout, Duration responseTimeout) {
    }

    /**
     * @param watchDoneFor how long an export moved to {@code done/} is watched in case its writer was only pausing
     * @param watchDoneEvery how often the watched files are looked at
     */
    public record Inbox(Duration watchDoneFor, Duration watchDoneEvery) {
    }

    public Path inbox(String municipalityCode, String flow) {
        return dataDir.resolve("inbox").resolve(municipalityCode).resolve(flow);
    }

    public Path outbox(String municipalityCode, String flow) {
        return dataDir.resolve("outbox").resolve(municipalityCode).resolve(flow);
    }

    public Destination destination(String name) {
        Destination destination = destinations.get(name);
        if (destination == null) {
            throw new IllegalStateException("No URL configured for destination '" + name
                    + "' (syndesmos.destinations." + name + ".url)");
        }
        return destination;
    }
}
