package gr.syndesmos.hub.broker;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With an external broker, Camel starts with every route stopped: {@link ExternalBrokerGate} starts them once the
 * broker answers and matches the region's files. (Camel starts before the web server does, so it cannot wait for
 * the broker itself without leaving health unanswered meanwhile.)
 */
public class ExternalBrokerStartup implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (BrokerMode.external(environment)) {
            environment.getPropertySources().addFirst(new MapPropertySource("syndesmos-external-broker",
                    Map.of("camel.main.auto-startup", "false")));
        }
    }
}
