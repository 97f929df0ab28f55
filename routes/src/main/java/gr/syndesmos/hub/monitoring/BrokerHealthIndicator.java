package gr.syndesmos.hub.monitoring;

import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.broker.BrokerConfiguration;
import gr.syndesmos.hub.broker.BrokerMode;
import org.springframework.context.annotation.Conditional;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code broker} in health: DOWN unless the embedded broker is active, its TCP acceptor is listening and its own
 * critical analyser has found no stuck component (journal, queue) since the start.
 */
@Component("brokerHealthIndicator")
@Conditional(BrokerMode.Embedded.class)
public class BrokerHealthIndicator implements HealthIndicator {

    private final EmbeddedActiveMQ broker;
    private final HubProperties properties;
    /** The broker component its critical analyser found stuck, if any. */
    private volatile String stuck;

    public BrokerHealthIndicator(EmbeddedActiveMQ broker, HubProperties properties) {
        this.broker = broker;
        this.properties = properties;
        ActiveMQServer server = broker.getActiveMQServer();
        if (server != null && server.getCriticalAnalyzer() != null) {
            server.getCriticalAnalyzer().addAction(component -> stuck = String.valueOf(component));
        }
    }

    @Override
    public Health health() {
        ActiveMQServer server = broker.getActiveMQServer();
        String address = properties.broker().host() + ":" + properties.broker().port();
        if (server == null || !server.isActive()) {
            return Health.down().withDetail("reason", "the broker is not active").build();
        }
        if (stuck != null) {
            return Health.down().withDetail("reason", "the broker's critical analyser found a stuck component: "
                    + stuck + "; restart the hub").build();
        }
        Acceptor acceptor = server.getRemotingService() == null ? null
                : server.getRemotingService().getAcceptor(BrokerConfiguration.ACCEPTOR);
        boolean listening = acceptor != null && acceptor.isStarted()
                && (!(acceptor instanceof NettyAcceptor netty) || netty.getActualPort() > 0);
        if (!listening) {
            return Health.down().withDetail("acceptor", address).withDetail("reason", "the acceptor is not listening")
                    .build();
        }
        return Health.up().withDetail("acceptor", address).withDetail("version", server.getVersion()
                .getFullVersion()).build();
    }
}
