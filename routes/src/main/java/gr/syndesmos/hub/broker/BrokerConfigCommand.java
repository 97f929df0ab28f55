package gr.syndesmos.hub.broker;

import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Credentials;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubProperties;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code broker-config [--role single|primary|backup]}: prints the region's external broker's {@code broker.xml}
 * from the flow and municipality files of {@code SYNDESMOS_CONFIG_DIR}, with the same redelivery settings the hub
 * would use; {@code broker-config --properties} the same as Artemis broker properties (for the ArtemisCloud
 * operator's {@code brokerProperties}). {@code broker-config --roles} prints the broker's {@code artemis-roles.properties}: which account has
 * which role (the accounts' passwords are the broker administrators', docker/artemis/README.md).
 */
public final class BrokerConfigCommand {

    public static final String NAME = "broker-config";

    private BrokerConfigCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        BrokerXml.Role role = BrokerXml.Role.SINGLE;
        boolean roles = false;
        boolean properties = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--roles" -> roles = true;
                case "--properties" -> properties = true;
                case "--role" -> {
                    if (i + 1 >= args.length) {
                        err.println("--role needs single, primary or backup");
                        return 2;
                    }
                    try {
                        role = BrokerXml.Role.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        err.println("--role is single, primary or backup, not " + args[i]);
                        return 2;
                    }
                }
                default -> {
                    err.println("Usage: broker-config [--role single|primary|backup] | broker-config --properties"
                            + " | broker-config --roles");
                    return 2;
                }
            }
        }
        try {
            HubProperties settings = hubSettings();
            MunicipalityRegistry municipalities = MunicipalityRegistry.withShippedCatalogues(settings,
                    Credentials.shapeOnly());
            List<BrokerAccounts.Account> accounts = new ArrayList<>();
            for (Municipality m : municipalities.all()) {
                if (m.brokerAccount() != null) {
                    accounts.add(new BrokerAccounts.Account(m.brokerAccount().user(), null,
                            BrokerAccounts.municipalityRole(m.code()), m.code()));
                }
            }
            if (roles) {
                Map<String, List<String>> members = new TreeMap<>();
                String hubUser = settings.broker() == null || settings.broker().user() == null
                        || settings.broker().user().isBlank() ? "syndesmos-hub" : settings.broker().user();
                members.computeIfAbsent(BrokerAccounts.HUB_ROLE, r -> new ArrayList<>()).add(hubUser);
                accounts.forEach(a -> members.computeIfAbsent(a.role(), r -> new ArrayList<>()).add(a.user()));
                out.println("# Roles of the region's broker accounts (broker-config --roles): role = accounts");
                members.forEach((name, users) -> out.println(name + " = " + String.join(",", users)));
                return 0;
            }
            FlowRegistry flows = municipalities.flows();
            RegionBrokerSettings region = RegionBrokerSettings.of(settings.redelivery(), flows,
                    List.copyOf(municipalities.all()), accounts);
            out.print(properties ? BrokerXml.properties(region) : BrokerXml.write(region, role));
            return 0;
        } catch (Exception e) {
            err.println("Cannot write the broker configuration: " + e.getMessage());
            return 1;
        }
    }

    /** The hub's own settings, as it would bind them: application.yml under the environment. */
    private static HubProperties hubSettings() throws java.io.IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return Binder.get(environment).bind("syndesmos", HubProperties.class).get();
    }
}
