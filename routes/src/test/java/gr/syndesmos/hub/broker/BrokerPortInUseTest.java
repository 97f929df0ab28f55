package gr.syndesmos.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import gr.syndesmos.hub.SyndesmosHub;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Artemis only logs a failed bind; the hub must refuse to start instead, and tell the operator which setting to
 * change.
 */
class BrokerPortInUseTest {

    @TempDir
    Path data;

    @Test
    void startFailsWhenTheBrokerPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Throwable failure = catchThrowable(() -> {
                // Command-line arguments: SpringApplicationBuilder.properties(...) are defaults, which
                // application.yml would override.
                ConfigurableApplicationContext context = new SpringApplicationBuilder(SyndesmosHub.class).run(
                        "--syndesmos.data-dir=" + data,
                        "--syndesmos.config-dir=" + data.resolve("config"),
                        "--server.port=0",
                        "--syndesmos.broker.host=127.0.0.1",
                        "--syndesmos.broker.port=" + port,
                        "--spring.main.banner-mode=off");
                context.close();
                Assertions.fail("The hub started although port " + port + " was taken");
            });

            assertThat(failure).as("start-up must fail").isNotNull().isNotInstanceOf(AssertionError.class);
            assertThat(failure).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not listen on 127.0.0.1:" + port)
                    .hasMessageContaining("SYNDESMOS_BROKER_PORT");
        }
    }
}
