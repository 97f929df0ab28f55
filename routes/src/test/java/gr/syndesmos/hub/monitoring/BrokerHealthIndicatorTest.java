package gr.syndesmos.hub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import gr.syndesmos.hub.settings.HubProperties;
import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class BrokerHealthIndicatorTest {

    @Test
    void aBrokerThatIsNotRunningIsDown() {
        HubProperties properties = new HubProperties(Path.of("data"), Path.of("config"), null,
                new HubProperties.Broker(61616, "127.0.0.1", "syndesmos-hub", "", 20, 0, null), new HubProperties.Redelivery(1, 1, 1), Map.of(), null, null);
        var health = new BrokerHealthIndicator(new EmbeddedActiveMQ(), properties).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("reason", "the broker is not active");
    }
}
