package gr.syndesmos.hub.broker;

import gr.syndesmos.connectors.file.OwnerOnlyFiles;
import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.remoting.server.RemotingService;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.camel.component.jms.JmsComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * The embedded, persistent Artemis broker and the hub's JMS wiring. The hub builds the broker itself (rather than
 * through Spring Boot's embedded mode, which runs it without security and connects anonymously): every file it
 * writes is under the data directory, security is on with no anonymous login ({@link BrokerAccounts},
 * {@link BrokerSecurity}), the TCP acceptor listens on 127.0.0.1 (CORE, AMQP, STOMP), the topology of
 * {@link BrokerTopology} is declared and the redelivery policy set. The hub itself connects in-VM with its own
 * account.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    public static final String ACCEPTOR = "syndesmos-tcp";
    private static final String IN_VM = "in-vm";

    /** The flows the hub runs and the record type each publishes. */
    public static List<BrokerTopology.FlowRoute> flowRoutes(FlowRegistry flows) {
        return flows.all().stream().filter(Flow::publishes)
                .map(f -> new BrokerTopology.FlowRoute(f.name(), f.recordType())).toList();
    }

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfiguration.class);

    /** Each broker in this JVM gets its own in-VM id (tests start several hubs one after another). */
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();

    /**
     * The broker starts only once the pipeline's plan is checked (every flow, municipality, mapping and destination):
     * a hub that will not run creates no journal.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @DependsOn("pipelinePlan")
    @Conditional(BrokerMode.Embedded.class)
    EmbeddedActiveMQ embeddedBroker(HubProperties properties, MunicipalityRegistry municipalities,
            BrokerAccounts accounts, FlowRegistry flows) throws Exception {
        int serverId = SERVER_IDS.getAndIncrement();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("syndesmos");
        Path base = properties.dataDir().toAbsolutePath().resolve("broker");
        // The journal holds records with AFMs and names: the hub's user only.
        OwnerOnlyFiles.createFolders(base);
        OwnerOnlyFiles.restrictFolder(base);
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(base.resolve("journal").toString());
        config.setBindingsDirectory(base.resolve("bindings").toString());
        config.setPagingDirectory(base.resolve("paging").toString());
        config.setLargeMessagesDirectory(base.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(base.resolve("lock").toString());
        config.setJMXManagementEnabled(true);
        config.setMaxDiskUsage(90);
        config.setGlobalMaxSize(memoryBytes(properties.broker()));
        // The broker watches its own critical paths (journal, queues); a path stuck longer than this is reported
        // to the hub's health (BrokerHealthIndicator) and logged, the process is left to the operator to restart.
        config.setCriticalAnalyzer(true);
        config.setCriticalAnalyzerTimeout(120_000);
        config.setCriticalAnalyzerCheckPeriod(60_000);
        config.setCriticalAnalyzerPolicy(org.apache.activemq.artemis.utils.critical.CriticalAnalyzerPolicy.LOG);
        // Nobody joins this broker as a cluster member; a known cluster password would let a client pose as one.
        config.setClusterPassword(UUID.randomUUID().toString());

        config.setSecurityEnabled(true);
        // Each message carries the account that sent it (JMSXUserID), and one without is refused.
        config.setPopulateValidatedUser(true);
        config.setRejectEmptyValidatedUser(true);
        RegionBrokerSettings region = RegionBrokerSettings.of(properties.redelivery(), flows,
                List.copyOf(municipalities.all()), accounts.municipalities());
        config.setSecurityRoles(region.security());

        config.addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName(),
                Map.of("serverId", serverId), IN_VM));
        try {
            config.addAcceptorConfiguration(ACCEPTOR, "tcp://" + properties.broker().host() + ":"
                    + properties.broker().port() + "?protocols=CORE,AMQP,STOMP");
        } catch (Exception e) {
            throw new IllegalStateException("Broker acceptor configuration is invalid: " + e.getMessage(), e);
        }

        config.setAddressSettings(region.addressSettings());
        config.setAddressConfigurations(region.addresses());

        SecurityConfiguration logins = new SecurityConfiguration();
        BrokerAccounts.Account hub = accounts.hub();
        logins.addUser(hub.user(), hub.password());
        logins.addRole(hub.user(), hub.role());
        for (BrokerAccounts.Account account : accounts.municipalities()) {
            logins.addUser(account.user(), account.password());
            logins.addRole(account.user(), account.role());
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        // JAAS with the in-memory accounts above; no default (guest) user, so a login without a valid user and
        // password is refused on every protocol.
        broker.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), logins));
        return broker;
    }

    /**
     * The hub's own connections: in-VM, as the hub's account, through a session cache (a plain connection factory
     * opens a connection per send).
     */
    @Bean
    @Conditional(BrokerMode.Embedded.class)
    ConnectionFactory jmsConnectionFactory(EmbeddedActiveMQ broker, BrokerAccounts accounts,
            HubProperties properties) {
        Object serverId = broker.getConfiguration().getAcceptorConfigurations().stream()
                .filter(acceptor -> IN_VM.equals(acceptor.getName())).findFirst().orElseThrow()
                .getParams().get("serverId");
        ActiveMQConnectionFactory target = new ActiveMQConnectionFactory("vm://" + serverId);
        target.setUser(accounts.hub().user());
        target.setPassword(accounts.hub().password());
        CachingConnectionFactory caching = new CachingConnectionFactory(target);
        caching.setSessionCacheSize(Math.max(1, properties.broker().sessionCacheSize()));
        caching.setCacheProducers(true);
        caching.setCacheConsumers(false);
        return caching;
    }

    /** The embedded broker's management, in-process. */
    @Bean
    @Conditional(BrokerMode.Embedded.class)
    BrokerManagement brokerManagement(EmbeddedActiveMQ broker) {
        return new BrokerManagement() {
            @Override
            public QueueControl queue(String name) {
                Object control = broker.getActiveMQServer().getManagementService()
                        .getResource(ResourceNames.QUEUE + name);
                if (!(control instanceof QueueControl queue)) {
                    throw new IllegalArgumentException("No queue " + name);
                }
                return queue;
            }

            @Override
            public String version() {
                return broker.getActiveMQServer().getVersion().getFullVersion();
            }
        };
    }

    /**
     * What the broker keeps of waiting messages in memory before it pages them to disk. Artemis's own default, half
     * the heap, leaves too little beside the hub's own needs: a backlog of a few hundred thousand records (deliveries
     * stopped, a slow portal) ran a hub with a 256 MB heap out of memory.
     */
    static long memoryBytes(HubProperties.Broker broker) {
        return broker.memoryMb() > 0 ? broker.memoryMb() * 1024L * 1024L : Runtime.getRuntime().maxMemory() / 5;
    }

    /**
     * Artemis logs a failed bind and carries on; a hub whose acceptor is not listening must not look started.
     */
    @Bean
    @Conditional(BrokerMode.Embedded.class)
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
