package gr.syndesmos.hub.broker;

import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.sources.SourceLeadership;
import org.springframework.beans.factory.ObjectProvider;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubProperties;
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

    @Bean("brokerHealthIndicator")
    HealthIndicator brokerHealthIndicator(ExternalBrokerGate gate) {
        return gate::health;
    }
}
