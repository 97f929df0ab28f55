package gr.syndesmos.hub.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * Writes an external broker's {@code broker.xml} (resource {@code broker/broker.xml}, in the Artemis project's
 * layout) with the region's addresses, settings and permissions ({@link RegionBrokerSettings}) filled in, for one
 * broker alone or for the primary or backup of a replicated pair. Artemis reads its configuration only from XML and
 * offers no writer for it, hence this one.
 */
public final class BrokerXml {

    /** One broker, or one side of a replicated primary/backup pair. */
    public enum Role {
        SINGLE, PRIMARY, BACKUP;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String I3 = "         ";
    private static final String I4 = I3 + "   ";
    private static final String I5 = I4 + "   ";
    private static final String I6 = I5 + "   ";

    private BrokerXml() {
    }

    public static String write(RegionBrokerSettings region, Role role) {
        String template;
        try (InputStream in = BrokerXml.class.getResourceAsStream("/broker/broker.xml")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("The broker.xml template is missing from the hub", e);
        }
        return template.replace("@CONNECTORS@", role == Role.SINGLE ? "" : I3
                        + "<connector name=\"partner\">tcp://${syndesmos.partner.host}:${syndesmos.partner.port:61617}"
                        + "?sslEnabled=true;trustStorePath=${syndesmos.truststore.path};"
                        + "trustStorePassword=${syndesmos.truststore.password}</connector>\n")
                .replace("@HA@", ha(role))
                .replace("@SECURITY@", security(region.security()))
                .replace("@ADDRESS_SETTINGS@", addressSettings(region.addressSettings()))
                .replace("@ADDRESSES@", addresses(region.addresses()))
                .replace("@ROLE@", role.id());
    }

    private static String ha(Role role) {
        if (role == Role.SINGLE) {
            return "";
        }
        String policy = role == Role.PRIMARY ? """
                            <primary>
                               <!-- Started again after a failover, it finds its backup active and does not become a
                                    second primary: it takes its place back once it is in sync (allow-failback). -->
                               <check-for-active-server>true</check-for-active-server>
                            </primary>
                """ : """
                            <backup>
                               <allow-failback>true</allow-failback>
                            </backup>
                """;
        return "\n      <!-- Replication: the primary sends every journal write to the backup before it answers; when\n"
                + "           the primary is lost the backup becomes active with every message, and the hubs'\n"
                + "           connections (ha=true) follow it. -->\n"
                + "      <ha-policy>\n         <replication>\n" + policy.stripTrailing().lines()
                        .map(line -> line.isBlank() ? "" : line).reduce((a, b) -> a + "\n" + b).orElse("")
                + "\n         </replication>\n      </ha-policy>\n\n"
                + "      <cluster-connections>\n"
                + "         <cluster-connection name=\"syndesmos-pair\">\n"
                + "            <connector-ref>self</connector-ref>\n"
                + "            <!-- The pair shares no load: the backup holds a copy, the primary serves. -->\n"
                + "            <message-load-balancing>OFF</message-load-balancing>\n"
                + "            <static-connectors>\n"
                + "               <connector-ref>partner</connector-ref>\n"
                + "            </static-connectors>\n"
                + "         </cluster-connection>\n"
                + "      </cluster-connections>\n";
    }

    private static String security(Map<String, Set<org.apache.activemq.artemis.core.security.Role>> settings) {
        StringBuilder xml = new StringBuilder();
        settings.forEach((match, roles) -> {
            xml.append(I3).append("<security-setting match=\"").append(escape(match)).append("\">\n");
            for (BrokerPermission permission : BrokerPermission.values()) {
                Set<String> granted = new TreeSet<>();
                for (org.apache.activemq.artemis.core.security.Role role : roles) {
                    if (permission.grantedTo(role)) {
                        granted.add(role.getName());
                    }
                }
                if (!granted.isEmpty()) {
                    xml.append(I4).append("<permission type=\"").append(permission.word()).append("\" roles=\"")
                            .append(String.join(",", granted)).append("\"/>\n");
                }
            }
            xml.append(I3).append("</security-setting>\n");
        });
        return xml.toString();
    }

    private static String addressSettings(Map<String, AddressSettings> settings) {
        StringBuilder xml = new StringBuilder();
        AddressSettings defaults = new AddressSettings();
        settings.forEach((match, s) -> {
            xml.append(I3).append("<address-setting match=\"").append(escape(match)).append("\">\n");
            element(xml, "dead-letter-address", s.getDeadLetterAddress());
            element(xml, "expiry-address", s.getExpiryAddress());
            if (s.getRedeliveryDelay() != defaults.getRedeliveryDelay()) {
                element(xml, "redelivery-delay", s.getRedeliveryDelay());
                element(xml, "redelivery-delay-multiplier", s.getRedeliveryMultiplier());
                element(xml, "max-redelivery-delay", s.getMaxRedeliveryDelay());
            }
            element(xml, "max-delivery-attempts", s.getMaxDeliveryAttempts());
            if (s.getPageSizeBytes() != defaults.getPageSizeBytes()) {
                element(xml, "page-size-bytes", s.getPageSizeBytes());
                element(xml, "max-read-page-bytes", s.getMaxReadPageBytes());
                element(xml, "prefetch-page-bytes", s.getPrefetchPageBytes());
            }
            if (s.getDefaultGroupBuckets() != defaults.getDefaultGroupBuckets()) {
                element(xml, "default-group-buckets", s.getDefaultGroupBuckets());
                element(xml, "default-group-rebalance", s.isDefaultGroupRebalance());
                element(xml, "default-group-rebalance-pause-dispatch", s.isDefaultGroupRebalancePauseDispatch());
            }
            element(xml, "auto-create-queues", s.isAutoCreateQueues());
            element(xml, "auto-create-addresses", s.isAutoCreateAddresses());
            xml.append(I3).append("</address-setting>\n");
        });
        return xml.toString();
    }

    private static void element(StringBuilder xml, String name, Object value) {
        if (value != null) {
            xml.append(I4).append('<').append(name).append('>').append(escape(value.toString())).append("</")
                    .append(name).append(">\n");
        }
    }

    private static String addresses(List<CoreAddressConfiguration> addresses) {
        StringBuilder xml = new StringBuilder();
        for (CoreAddressConfiguration address : addresses) {
            xml.append(I3).append("<address name=\"").append(escape(address.getName())).append("\">\n");
            for (RoutingType type : address.getRoutingTypes()) {
                String kind = type.name().toLowerCase(java.util.Locale.ROOT);
                List<QueueConfiguration> queues = address.getQueueConfigs().stream()
                        .filter(q -> q.getRoutingType() == type).toList();
                if (queues.isEmpty()) {
                    xml.append(I4).append('<').append(kind).append("/>\n");
                    continue;
                }
                xml.append(I4).append('<').append(kind).append(">\n");
                for (QueueConfiguration queue : queues) {
                    xml.append(I5).append("<queue name=\"").append(escape(queue.getName().toString())).append("\">\n");
                    if (queue.getFilterString() != null && !queue.getFilterString().toString().isBlank()) {
                        xml.append(I6).append("<filter string=\"").append(escape(queue.getFilterString().toString()))
                                .append("\"/>\n");
                    }
                    xml.append(I6).append("<durable>true</durable>\n");
                    xml.append(I5).append("</queue>\n");
                }
                xml.append(I4).append("</").append(kind).append(">\n");
            }
            xml.append(I3).append("</address>\n");
        }
        return xml.toString();
    }

    /**
     * The same addresses, settings and permissions as Artemis broker properties ({@code broker.properties} beside a
     * minimal broker.xml, or the ArtemisCloud operator's {@code brokerProperties}), one setting a line.
     */
    public static String properties(RegionBrokerSettings region) {
        StringBuilder out = new StringBuilder("# The region's addresses, settings and permissions, written by "
                + "`syndesmos-hub.jar broker-config --properties`.\n");
        for (CoreAddressConfiguration address : region.addresses()) {
            String key = "addressConfigurations." + quoted(address.getName());
            out.append(key).append(".routingTypes=").append(address.getRoutingTypes().stream().map(Enum::name)
                    .collect(java.util.stream.Collectors.joining(","))).append('\n');
            for (QueueConfiguration queue : address.getQueueConfigs()) {
                String q = key + ".queueConfigs." + quoted(queue.getName().toString());
                out.append(q).append(".address=").append(address.getName()).append('\n');
                out.append(q).append(".routingType=").append(queue.getRoutingType().name()).append('\n');
                if (queue.getFilterString() != null && !queue.getFilterString().toString().isBlank()) {
                    out.append(q).append(".filterString=").append(queue.getFilterString()).append('\n');
                }
                out.append(q).append(".durable=true\n");
            }
        }
        AddressSettings defaults = new AddressSettings();
        region.addressSettings().forEach((match, s) -> {
            String key = "addressSettings." + quoted(match);
            property(out, key, "deadLetterAddress", s.getDeadLetterAddress());
            property(out, key, "expiryAddress", s.getExpiryAddress());
            if (s.getRedeliveryDelay() != defaults.getRedeliveryDelay()) {
                property(out, key, "redeliveryDelay", s.getRedeliveryDelay());
                property(out, key, "redeliveryMultiplier", s.getRedeliveryMultiplier());
                property(out, key, "maxRedeliveryDelay", s.getMaxRedeliveryDelay());
            }
            property(out, key, "maxDeliveryAttempts", s.getMaxDeliveryAttempts());
            if (s.getPageSizeBytes() != defaults.getPageSizeBytes()) {
                property(out, key, "pageSizeBytes", s.getPageSizeBytes());
                property(out, key, "maxReadPageBytes", s.getMaxReadPageBytes());
                property(out, key, "prefetchPageBytes", s.getPrefetchPageBytes());
            }
            if (s.getDefaultGroupBuckets() != defaults.getDefaultGroupBuckets()) {
                property(out, key, "defaultGroupBuckets", s.getDefaultGroupBuckets());
                property(out, key, "defaultGroupRebalance", s.isDefaultGroupRebalance());
                property(out, key, "defaultGroupRebalancePauseDispatch", s.isDefaultGroupRebalancePauseDispatch());
            }
            property(out, key, "autoCreateQueues", s.isAutoCreateQueues());
            property(out, key, "autoCreateAddresses", s.isAutoCreateAddresses());
        });
        region.security().forEach((match, roles) -> {
            for (org.apache.activemq.artemis.core.security.Role role : roles) {
                for (BrokerPermission permission : BrokerPermission.values()) {
                    if (permission.grantedTo(role)) {
                        out.append("securityRoles.").append(quoted(match)).append('.').append(quoted(role.getName()))
                                .append('.').append(permission.word()).append("=true\n");
                    }
                }
            }
        });
        return out.toString();
    }

    private static void property(StringBuilder out, String key, String name, Object value) {
        if (value != null) {
            out.append(key).append('.').append(name).append('=').append(value).append('\n');
        }
    }

    /** A name as one key segment: quoted, as Artemis's properties want names with dots or wildcards. */
    private static String quoted(String name) {
        return '"' + name + '"';
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
