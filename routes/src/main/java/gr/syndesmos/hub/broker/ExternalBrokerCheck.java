package gr.syndesmos.hub.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.HierarchicalObjectRepository;

/**
 * Compares an external broker with what the region's files need ({@link RegionBrokerSettings}): every address with
 * its routing type, every queue on its address with its filter and durable, the settings that decide where a failed
 * or expired message goes and how often it is offered again, and who may do what on each address. The settings are
 * compared as Artemis resolves them for each address (the most specific match merged with the wider ones), so a
 * broker.xml written differently but meaning the same passes.
 */
public final class ExternalBrokerCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExternalBrokerCheck() {
    }

    /** What is missing or different, one line each; empty when the broker holds everything. */
    public static List<String> problems(RemoteBrokerManagement broker, RegionBrokerSettings expected) {
        List<String> problems = new ArrayList<>();
        for (CoreAddressConfiguration address : expected.addresses()) {
            problems.addAll(broker.query(session -> addressProblems(session, address)));
        }
        HierarchicalObjectRepository<AddressSettings> settings = new HierarchicalObjectRepository<>();
        expected.addressSettings().forEach(settings::addMatch);
        for (CoreAddressConfiguration address : expected.addresses()) {
            AddressSettings wanted = settings.getMatch(address.getName());
            JsonNode actual = json(broker.brokerOperation("getAddressSettingsAsJSON", address.getName()));
            // The broker leaves out what is at Artemis's default.
            AddressSettings defaults = new AddressSettings();
            compare(problems, address.getName(), "dead-letter address", text(wanted.getDeadLetterAddress()),
                    actual.path("DLA").asText(actual.path("deadLetterAddress").asText(null)));
            compare(problems, address.getName(), "expiry address", text(wanted.getExpiryAddress()),
                    actual.path("expiryAddress").asText(null));
            compare(problems, address.getName(), "max delivery attempts",
                    String.valueOf(wanted.getMaxDeliveryAttempts()),
                    actual.path("maxDeliveryAttempts").asText(String.valueOf(defaults.getMaxDeliveryAttempts())));
            compare(problems, address.getName(), "redelivery delay", String.valueOf(wanted.getRedeliveryDelay()),
                    actual.path("redeliveryDelay").asText(String.valueOf(defaults.getRedeliveryDelay())));
            compare(problems, address.getName(), "auto-create-queues", String.valueOf(wanted.isAutoCreateQueues()),
                    actual.path("autoCreateQueues").asText(String.valueOf(defaults.isAutoCreateQueues())));
            compare(problems, address.getName(), "auto-create-addresses",
                    String.valueOf(wanted.isAutoCreateAddresses()),
                    actual.path("autoCreateAddresses").asText(String.valueOf(defaults.isAutoCreateAddresses())));
        }
        for (Map.Entry<String, Set<Role>> match : expected.security().entrySet()) {
            Map<String, String> wanted = new TreeMap<>();
            match.getValue().forEach(role -> wanted.put(role.getName(), BrokerPermission.of(role)));
            Map<String, String> actual = new TreeMap<>();
            for (JsonNode role : json(broker.brokerOperation("getRolesAsJSON", match.getKey()))) {
                actual.put(role.path("name").asText(), BrokerPermission.of(role));
            }
            if (!wanted.equals(actual)) {
                problems.add("security-setting " + match.getKey() + ": roles " + actual + ", need " + wanted);
            }
        }
        return problems;
    }

    private static List<String> addressProblems(ClientSession session, CoreAddressConfiguration address)
            throws Exception {
        List<String> problems = new ArrayList<>();
        ClientSession.AddressQuery found = session.addressQuery(SimpleString.of(address.getName()));
        if (!found.isExists()) {
            problems.add("address " + address.getName() + " (" + address.getRoutingTypes() + ") with its "
                    + address.getQueueConfigs().size() + " queue(s)");
            return problems;
        }
        for (RoutingType type : address.getRoutingTypes()) {
            if (type == RoutingType.MULTICAST && !found.isSupportsMulticast()
                    || type == RoutingType.ANYCAST && !found.isSupportsAnycast()) {
                problems.add("address " + address.getName() + " is not " + type);
            }
        }
        for (QueueConfiguration queue : address.getQueueConfigs()) {
            ClientSession.QueueQuery q = session.queueQuery(queue.getName());
            String filter = text(queue.getFilterString());
            if (!q.isExists()) {
                problems.add("queue " + queue.getName() + " on address " + address.getName()
                        + (filter == null ? "" : " with filter " + filter));
            } else if (!address.getName().equals(text(q.getAddress()))) {
                problems.add("queue " + queue.getName() + " is on address " + q.getAddress() + ", not "
                        + address.getName());
            } else if (!Objects.equals(blankAsNull(filter), blankAsNull(text(q.getFilterString())))) {
                problems.add("queue " + queue.getName() + " has filter " + text(q.getFilterString()) + ", needs "
                        + filter);
            } else if (!q.isDurable()) {
                problems.add("queue " + queue.getName() + " is not durable");
            }
        }
        return problems;
    }

    private static void compare(List<String> problems, String address, String what, String wanted, String actual) {
        if (!Objects.equals(blankAsNull(wanted), blankAsNull(actual))) {
            problems.add(what + " of " + address + " is " + actual + ", needs " + wanted);
        }
    }

    private static JsonNode json(Object answer) {
        try {
            return JSON.readTree(String.valueOf(answer));
        } catch (Exception e) {
            throw new IllegalStateException("The broker's answer is not JSON: " + answer, e);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() || "null".equals(value) ? null : value;
    }
}
