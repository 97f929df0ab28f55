package gr.syndesmos.hub.support;

import gr.syndesmos.hub.SyndesmosHub;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole hub per test class: its own data directory, broker port and HTTP port (fixed, because the stand-in URLs
 * are built from it), with fast redelivery. Subclasses add {@code @CamelSpringBootTest @UseAdviceWith}.
 */
@SpringBootTest(classes = SyndesmosHub.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {
                "syndesmos.redelivery.attempts=2",
                "syndesmos.redelivery.delay-ms=100",
                "syndesmos.redelivery.max-delay-ms=200"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class HubRouteTestSupport {

    @TempDir
    protected static Path data;

    protected static final int HTTP_PORT = HubTestSupport.freePort();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        registry.add("syndesmos.data-dir", () -> data.toString());
        registry.add("syndesmos.config-dir", () -> data.resolve("config").toString());
        registry.add("server.port", () -> HTTP_PORT);
        registry.add("syndesmos.broker.port", HubTestSupport::freePort);
        registry.add("syndesmos.security.users-file", HubTestSupport::testUsersFile);
    }

    @Autowired
    protected CamelContext camelContext;
}
