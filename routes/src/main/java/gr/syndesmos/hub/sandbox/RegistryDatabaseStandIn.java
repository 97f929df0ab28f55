package gr.syndesmos.hub.sandbox;

import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Stand-in of a municipality's PostgreSQL registers (the connector {@code certificate-tables}): for each
 * municipality whose certificate requests are answered from a database named {@code syndesmos_standin_<code>}, the
 * hub makes that database on the PostgreSQL at {@code syndesmos.sandbox.registry-database.admin-url}, in ISO_8859_7 as
 * the real one, and loads the seed {@code sandbox/registry-database/<code>.sql} (its tables, the grants to the hub's
 * account, its people). A PostgreSQL that cannot be reached is reported, and that municipality's certificate requests
 * answer MUNICIPALITY_UNAVAILABLE, as they would in life.
 */
@Component
@ConditionalOnProperty(name = "syndesmos.sandbox.enabled", havingValue = "true")
public class RegistryDatabaseStandIn {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryDatabaseStandIn.class);
    static final String CONNECTOR = "certificate-tables";
    static final String PREFIX = "syndesmos_standin_";
    private static final Pattern DATABASE = Pattern.compile("jdbc:postgresql://[^/]+/(" + PREFIX + "([0-9]{4}))");

    private final String adminUrl;
    private final String adminUser;
    private final Map<String, String> databases = new LinkedHashMap<>();

    public RegistryDatabaseStandIn(FlowRegistry flows, MunicipalityRegistry municipalities,
            @Value("${syndesmos.sandbox.registry-database.admin-url:jdbc:postgresql://127.0.0.1:5432/postgres}")
            String adminUrl,
            @Value("${syndesmos.sandbox.registry-database.admin-user:postgres}") String adminUser) {
        this.adminUrl = adminUrl;
        this.adminUser = adminUser;
        for (Flow flow : flows.all()) {
            if (flow.pattern() != Flow.Pattern.REQUEST_REPLY) {
                continue;
            }
            for (Municipality m : municipalities.inFlow(flow.name())) {
                Municipality.ConnectorUse use = m.flows().get(flow.name()).answeredBy();
                Matcher url = DATABASE.matcher(String.valueOf(use.parameters().get("jdbcUrl")));
                if (CONNECTOR.equals(use.connector()) && url.lookingAt() && url.group(2).equals(m.code())) {
                    databases.put(m.code(), url.group(1));
                }
            }
        }
        databases.keySet().forEach(code -> {
            try {
                prepare(code);
            } catch (SQLException | IOException e) {
                LOG.warn("The stand-in registers of {} could not be prepared on {} ({}): its certificate requests "
                        + "will answer MUNICIPALITY_UNAVAILABLE", code, adminUrl.replaceAll("\\?.*", ""),
                        e.getMessage());
            }
        });
    }

    /** Makes the municipality's stand-in database if it is missing and loads its seed if its tables are. */
    private void prepare(String code) throws SQLException, IOException {
        String database = databases.get(code);
        if (database == null) {
            throw new IllegalArgumentException("no stand-in registers for " + code);
        }
        // As the municipality's server: ISO_8859_7, so a value it cannot hold fails as it would there.
        if (StandInDatabase.prepare(adminUrl, adminUser, database, "ISO_8859_7", "esoda",
                "/sandbox/registry-database/" + code + ".sql")) {
            LOG.info("Stand-in registers of {}: database {} made and seeded", code, database);
        }
    }
}
