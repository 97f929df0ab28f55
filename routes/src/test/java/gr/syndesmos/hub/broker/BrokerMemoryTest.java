package gr.syndesmos.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import gr.syndesmos.hub.settings.HubProperties;
import org.junit.jupiter.api.Test;

class BrokerMemoryTest {

    @Test
    void waitingMessagesTakeAFifthOfTheHeapUnlessConfigured() {
        assertThat(BrokerConfiguration.memoryBytes(new HubProperties.Broker(61616, "127.0.0.1", "hub", "", 20, 0, null)))
                .isEqualTo(Runtime.getRuntime().maxMemory() / 5)
                .isLessThan(Runtime.getRuntime().maxMemory() / 2);
        assertThat(BrokerConfiguration.memoryBytes(new HubProperties.Broker(61616, "127.0.0.1", "hub", "", 20, 64, null)))
                .isEqualTo(64L * 1024 * 1024);
    }
}
