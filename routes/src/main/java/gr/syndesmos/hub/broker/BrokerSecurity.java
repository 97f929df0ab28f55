package gr.syndesmos.hub.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.core.security.Role;

/**
 * The broker's security settings: which role may do what on which addresses. Artemis applies the most specific
 * match alone (settings are not merged), so every match lists the hub's role too.
 * <ul>
 *   <li>{@code #}: the hub only, with every permission. Everything else is refused to everyone else: the record
 *       addresses, dead letters, quarantine, fully qualified queue names ({@code address::queue}) and the management
 *       address ({@code activemq.management}), so no one but the hub can publish a record, read or destroy a dead
 *       letter, or run a management operation;</li>
 *   <li>{@code inbound.<code>.#}: the municipality's account may send;</li>
 *   <li>{@code outbound.<code>.#}: the municipality's account may consume and browse.</li>
 * </ul>
 * No role may create or delete addresses or queues but the hub's: the topology is the hub's configuration.
 */
public final class BrokerSecurity {

    private BrokerSecurity() {
    }

    /** Security settings by address match, for the hub's role and the municipalities' accounts. */
    public static Map<String, Set<Role>> settings(List<BrokerAccounts.Account> municipalityAccounts) {
        Map<String, Set<Role>> settings = new LinkedHashMap<>();
        settings.put("#", Set.of(hub()));
        for (BrokerAccounts.Account account : municipalityAccounts) {
            String code = account.municipality();
            settings.put(BrokerTopology.INBOUND_PREFIX + "." + code + ".#", Set.of(hub(),
                    role(account.role(), true, false, false)));
            settings.put(BrokerTopology.OUTBOUND_PREFIX + "." + code + ".#", Set.of(hub(),
                    role(account.role(), false, true, true)));
        }
        return settings;
    }

    private static Role hub() {
        // name, send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue, deleteNonDurableQueue,
        // manage, browse, createAddress, deleteAddress, view, edit
        return new Role(BrokerAccounts.HUB_ROLE, true, true, true, true, true, true, true, true, true, true, true,
                true);
    }

    private static Role role(String name, boolean send, boolean consume, boolean browse) {
        return new Role(name, send, consume, false, false, false, false, false, browse, false, false, false, false);
    }
}
