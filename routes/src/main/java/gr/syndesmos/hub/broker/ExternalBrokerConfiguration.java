package gr.syndesmos.hub.broker;

import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.sources.SourceLeadership;
import org.springframework.beans.factory.ObjectProvider;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.jms.ConnectionFactory;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The hub on an external Artemis broker or HA pair ({@code SYNDESMOS_BROKER_URL}): no broker of its own, its JMS
 * connections and management go to that one. The hub's routes wait for it ({@link ExternalBrokerGate}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BrokerMode.External.class)
public class ExternalBrokerConfiguration {

    /**
     * The hub's connections, through a session cache. The URL decides failover ({@code ha=true}, the backup's
     * address, {@code reconnectAttempts=-1}): a send or a transaction under way when the primary dies fails, the
     * route takes its input again, and the connection carries on with the backup.
     */
    @Bean
    ConnectionFactory jmsConnectionFactory(BrokerAccounts accounts, HubProperties properties) {
        ActiveMQConnectionFactory target = new ActiveMQConnectionFactory(properties.broker().url(),
                accounts.hub().user(), accounts.hub().password());
        CachingConnectionFactory caching = new CachingConnectionFactory(target);
        caching.setSessionCacheSize(Math.max(1, properties.broker().sessionCacheSize()));
        caching.setCacheProducers(true);
        caching.setCacheConsumers(false);
        // A connection lost beyond failover is opened again at the next use, not kept broken.
        caching.setReconnectOnException(true);
        return caching;
    }

    @Bean(destroyMethod = "close")
    RemoteBrokerManagement brokerManagement(BrokerAccounts accounts, HubProperties properties) throws Exception {
        return new RemoteBrokerManagement(properties.broker().url(), accounts.hub().user(),
                accounts.hub().password());
    }

    @Bean
    ExternalBrokerGate externalBrokerGate(RemoteBrokerManagement management, HubProperties properties,
            BrokerAccounts accounts, FlowRegistry flows, MunicipalityRegistry municipalities, CamelContext camel,
            ConfigurableApplicationContext application, ObjectProvider<SourceLeadership> leadership) {
        RegionBrokerSettings expected = RegionBrokerSettings.of(properties.redelivery(), flows,
                List.copyOf(municipalities.all()), accounts.municipalities());
        return new ExternalBrokerGate(management, expected, BrokerMode.shown(properties.broker().url()),
                accounts.hub().user(), camel, application, leadership.getIfAvailable());
    }

    /**
     * The external broker's own figures in the hub's metrics, so that Prometheus, scraping the hubs, sees the brokers
     * too: messages waiting, connections, the share of its disk in use. NaN while the broker cannot be asked.
     */
    @Bean
    MeterBinder externalBrokerMetrics(RemoteBrokerManagement management) {
        return registry -> {
            Gauge.builder("syndesmos.broker.messages", () -> number(management, "getTotalMessageCount"))
                    .description("Messages waiting on the broker, all queues").register(registry);
            Gauge.builder("syndesmos.broker.connections", () -> number(management, "getConnectionCount"))
                    .description("Client connections to the broker").register(registry);
            Gauge.builder("syndesmos.broker.disk.usage", () -> number(management, "getDiskStoreUsage"))
                    .description("Share of the broker's journal disk in use (0 to 1)").register(registry);
        };
    }

    private static double number(RemoteBrokerManagement management, String attribute) {
        try {
            return management.brokerOperation(attribute) instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (RuntimeException unreachable) {
            return Double.NaN;
        }
    }

    @Bean("brokerHealthIndicator")
    HealthIndicator brokerHealthIndicator(ExternalBrokerGate gate) {
        return gate::health;
    }
}
