package gr.syndesmos.hub.broker;

import gr.syndesmos.hub.HubProperties;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import gr.syndesmos.schemas.sensorreading.SensorReading;
import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.remoting.server.RemotingService;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.apache.camel.component.jms.JmsComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * The embedded, persistent Artemis broker and the hub's JMS wiring. Spring Boot starts the broker; this class puts
 * every file it writes under the data directory, opens the TCP acceptor on 127.0.0.1 (CORE, AMQP, STOMP), declares
 * the topology of {@link BrokerTopology} and sets the redelivery policy.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    public static final String ACCEPTOR = "syndesmos-tcp";

    /** The flows the hub runs and the record type each publishes. */
    public static final List<BrokerTopology.FlowRoute> FLOWS = List.of(
            new BrokerTopology.FlowRoute("council-decisions", CouncilDecision.RECORD_TYPE),
            new BrokerTopology.FlowRoute("sensor-readings", SensorReading.RECORD_TYPE));

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfiguration.class);

    @Bean
    ArtemisConfigurationCustomizer syndesmosBroker(HubProperties properties, MunicipalityRegistry municipalities) {
        return config -> {
            Path base = properties.dataDir().toAbsolutePath().resolve("broker");
            config.setPersistenceEnabled(true);
            config.setJournalDirectory(base.resolve("journal").toString());
            config.setBindingsDirectory(base.resolve("bindings").toString());
            config.setPagingDirectory(base.resolve("paging").toString());
            config.setLargeMessagesDirectory(base.resolve("large-messages").toString());
            config.setNodeManagerLockDirectory(base.resolve("lock").toString());
            config.setJMXManagementEnabled(true);
            config.setMaxDiskUsage(90);
            try {
                config.addAcceptorConfiguration(ACCEPTOR, "tcp://" + properties.broker().host() + ":"
                        + properties.broker().port() + "?protocols=CORE,AMQP,STOMP");
            } catch (Exception e) {
                throw new IllegalStateException("Broker acceptor configuration is invalid: " + e.getMessage(), e);
            }

            HubProperties.Redelivery redelivery = properties.redelivery();
            Map<String, AddressSettings> settings = new LinkedHashMap<>();
            // Everything, including what external clients create, has somewhere to go: never a silent drop.
            settings.put("#", new AddressSettings()
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of(
                            BrokerTopology.DEAD_LETTER_ADDRESS))
                    .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of(
                            BrokerTopology.EXPIRY_ADDRESS)));
            for (BrokerTopology.FlowRoute flow : FLOWS) {
                // The hub dead-letters by itself after the configured attempts, with the reason; the broker's own
                // limit is a back-stop for a message that crashes the hub before it can do so.
                settings.put(BrokerTopology.recordAddress(flow.recordType()), new AddressSettings()
                        .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of(
                                BrokerTopology.DEAD_LETTER_ADDRESS))
                        .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of(
                                BrokerTopology.EXPIRY_ADDRESS))
                        .setRedeliveryDelay(redelivery.delayMs())
                        .setRedeliveryMultiplier(2.0)
                        .setMaxRedeliveryDelay(Math.max(redelivery.delayMs(), redelivery.maxDelayMs()))
                        .setMaxDeliveryAttempts(redelivery.attempts() + 2)
                        .setAutoCreateAddresses(false)
                        .setAutoCreateQueues(false));
            }
            for (String parking : List.of(BrokerTopology.DEAD_LETTER_ADDRESS, BrokerTopology.QUARANTINE_ADDRESS,
                    BrokerTopology.EXPIRY_ADDRESS, BrokerTopology.DISCARDED_ADDRESS)) {
                settings.put(parking, new AddressSettings()
                        .setMaxDeliveryAttempts(-1)
                        .setAutoCreateAddresses(false)
                        .setAutoCreateQueues(false));
            }
            config.setAddressSettings(settings);

            Map<String, CoreAddressConfiguration> addresses = new LinkedHashMap<>();
            for (BrokerTopology.FilteredQueue queue : BrokerTopology.queues(List.copyOf(municipalities.all()), FLOWS)) {
                addresses.computeIfAbsent(queue.address(), name -> new CoreAddressConfiguration()
                                .setName(name).addRoutingType(RoutingType.MULTICAST))
                        .addQueueConfiguration(QueueConfiguration.of(queue.name())
                                .setAddress(queue.address())
                                .setRoutingType(RoutingType.MULTICAST)
                                .setFilterString(queue.filter())
                                .setDurable(true));
            }
            config.setAddressConfigurations(List.copyOf(addresses.values()));
        };
    }

    /**
     * Artemis logs a failed bind and carries on; a hub whose acceptor is not listening must not look started.
     */
    @Bean
    InitializingBean brokerAcceptorMustListen(EmbeddedActiveMQ broker, HubProperties properties) {
        return () -> {
            ActiveMQServer server = broker.getActiveMQServer();
            RemotingService remoting = server.getRemotingService();
            Acceptor acceptor = remoting == null ? null : remoting.getAcceptor(ACCEPTOR);
            // NettyAcceptor reports "started" before it binds; only a bound acceptor has its actual port.
            boolean listening = acceptor != null && acceptor.isStarted()
                    && (!(acceptor instanceof NettyAcceptor netty) || netty.getActualPort() > 0);
            if (!listening) {
                throw new IllegalStateException("The broker could not listen on " + properties.broker().host() + ":"
                        + properties.broker().port() + " (is another program using that port?). "
                        + "Set SYNDESMOS_BROKER_PORT to a free port.");
            }
            LOG.info("Broker listening on tcp://{}:{} (CORE, AMQP, STOMP), data in {}", properties.broker().host(),
                    properties.broker().port(), properties.dataDir().toAbsolutePath().resolve("broker"));
        };
    }

    @Bean
    JmsTransactionManager jmsTransactionManager(ConnectionFactory connectionFactory) {
        return new JmsTransactionManager(connectionFactory);
    }

    /**
     * Every hub consumer is transacted and caches its consumer: nothing is acknowledged before the route finished,
     * and sends made inside a route (dead-lettering) commit together with the acknowledgement.
     */
    @Bean("jms")
    JmsComponent jms(ConnectionFactory connectionFactory, JmsTransactionManager transactionManager) {
        JmsComponent jms = JmsComponent.jmsComponentTransacted(connectionFactory, transactionManager);
        jms.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
        jms.getConfiguration().setDeliveryPersistent(true);
        // A failed delivery is reported once, by the route, in one line; the listener need not repeat the trace.
        jms.getConfiguration().setErrorHandlerLogStackTrace(false);
        return jms;
    }
}
