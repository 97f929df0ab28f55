package gr.syndesmos.hub.broker;

import gr.syndesmos.connectors.file.OwnerOnlyFiles;
import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.municipality.Credentials;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Who may log in to the broker. There is no anonymous access and no default password:
 * <ul>
 *   <li>the hub's own account ({@code SYNDESMOS_BROKER_USER}, default {@code syndesmos-hub}) with
 *       {@code SYNDESMOS_BROKER_PASSWORD}, or, when that is unset, a random password generated at first start and
 *       kept in {@code <data-dir>/security/broker-password} (mode 0600) for the next starts and for tools the
 *       region's administrators run (the benchmark, Artemis's own CLI);</li>
 *   <li>one account per municipality whose file has {@code brokerAccount: {user, password}} (the password by
 *       reference only), for legacy systems that talk to the broker directly: they may send to their own inbound
 *       addresses and read their own outbound queues, nothing else ({@link BrokerSecurity}).</li>
 * </ul>
 */
@Component
public class BrokerAccounts {

    /** The role of the hub's own account: every permission, management included. */
    public static final String HUB_ROLE = "hub";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAccounts.class);

    /** One broker login; {@code municipality} is null for the hub's own. */
    public record Account(String user, String password, String role, String municipality) {

        @Override
        public String toString() {
            return "Account[" + user + ", role " + role + "]";
        }
    }

    private final Account hub;
    private final List<Account> municipalities = new ArrayList<>();

    public BrokerAccounts(HubProperties properties, MunicipalityRegistry registry, Credentials credentials)
            throws IOException {
        HubProperties.Broker broker = properties.broker();
        String user = broker != null && StringUtils.hasText(broker.user()) ? broker.user() : "syndesmos-hub";
        if (broker != null && broker.external() && !StringUtils.hasText(broker.password())) {
            // An external broker's accounts are made by its administrators: a generated password would match none.
            throw new IllegalStateException("SYNDESMOS_BROKER_URL names an external broker: set SYNDESMOS_BROKER_USER "
                    + "and SYNDESMOS_BROKER_PASSWORD to the hub's account on it (docs/production.md)");
        }
        String password = broker != null && StringUtils.hasText(broker.password()) ? broker.password()
                : storedOrGenerated(properties.dataDir().resolve("security").resolve("broker-password"));
        this.hub = new Account(user, password, HUB_ROLE, null);
        for (Municipality m : registry.all()) {
            Municipality.BrokerAccount account = m.brokerAccount();
            if (account == null) {
                continue;
            }
            if (account.user().equals(user)) {
                throw new IllegalStateException(registry.sourceOf(m.code()) + ": brokerAccount.user '" + user
                        + "' is the hub's own broker account; choose another name");
            }
            municipalities.add(new Account(account.user(), credentials.resolve(account.password()),
                    municipalityRole(m.code()), m.code()));
        }
    }

    public static String municipalityRole(String code) {
        return "municipality-" + code;
    }

    public Account hub() {
        return hub;
    }

    public List<Account> municipalities() {
        return List.copyOf(municipalities);
    }

    private static String storedOrGenerated(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!stored.isEmpty()) {
                return stored;
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OwnerOnlyFiles.createFolders(file.getParent());
        Path temp = OwnerOnlyFiles.createTempFile(file.getParent(), "broker-password", ".tmp");
        Files.writeString(temp, password + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.info("Generated the hub's broker password (no SYNDESMOS_BROKER_PASSWORD); kept in {}", file);
        return password;
    }
}
