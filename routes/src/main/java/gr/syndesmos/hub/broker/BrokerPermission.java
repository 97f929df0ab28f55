package gr.syndesmos.hub.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.activemq.artemis.core.security.Role;

/**
 * Artemis's permissions, by the names broker.xml, broker properties and the management API give them (one list for
 * what the hub writes and what it checks on an external broker).
 */
enum BrokerPermission {
    SEND("send", Role::isSend),
    CONSUME("consume", Role::isConsume),
    BROWSE("browse", Role::isBrowse),
    CREATE_DURABLE_QUEUE("createDurableQueue", Role::isCreateDurableQueue),
    DELETE_DURABLE_QUEUE("deleteDurableQueue", Role::isDeleteDurableQueue),
    CREATE_NON_DURABLE_QUEUE("createNonDurableQueue", Role::isCreateNonDurableQueue),
    DELETE_NON_DURABLE_QUEUE("deleteNonDurableQueue", Role::isDeleteNonDurableQueue),
    MANAGE("manage", Role::isManage),
    CREATE_ADDRESS("createAddress", Role::isCreateAddress),
    DELETE_ADDRESS("deleteAddress", Role::isDeleteAddress),
    VIEW("view", Role::isView),
    EDIT("edit", Role::isEdit);

    private final String word;
    private final Predicate<Role> granted;

    BrokerPermission(String word, Predicate<Role> granted) {
        this.word = word;
        this.granted = granted;
    }

    /** The name in broker.xml's {@code <permission type=...>}, broker properties and the management JSON. */
    String word() {
        return word;
    }

    boolean grantedTo(Role role) {
        return granted.test(role);
    }

    /** What a role may do, as a comma-separated list of words. */
    static String of(Role role) {
        List<String> words = new ArrayList<>();
        for (BrokerPermission permission : values()) {
            if (permission.grantedTo(role)) {
                words.add(permission.word);
            }
        }
        return String.join(",", words);
    }

    /** What a role the management API describes ({@code getRolesAsJSON}) may do, as {@link #of(Role)} says it. */
    static String of(JsonNode role) {
        List<String> words = new ArrayList<>();
        for (BrokerPermission permission : values()) {
            if (role.path(permission.word).asBoolean()) {
                words.add(permission.word);
            }
        }
        return String.join(",", words);
    }
}
