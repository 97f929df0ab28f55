package gr.syndesmos.hub.sources;

import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * Which routes run on one hub of a region at a time, each with its own leadership (namespace = route id):
 * <ul>
 *   <li>every route that reads an outside system by itself: an inbox or share folder (file, sftp), a database poller
 *       or timer (scheduler, timer), an MQTT subscription. Two hubs reading one would ingest a file twice, or take
 *       a row or an MQTT message twice;</li>
 *   <li>the write-back of each municipality: one hub writes its answer files.</li>
 * </ul>
 * What the hubs share instead runs on both: the broker's queues (deliveries, broker-in, certificate questions), each
 * message to one consumer, and the HTTP endpoints (http-in, the operators' API).
 */
public class LeaderOnlyRoutes implements RoutePolicyFactory {

    /** A route id ending so runs on the same hub as the route named without it (one leadership). */
    public static final String SAME_LEADER = ".look";

    private static final Set<String> READING_SCHEMES = Set.of("file", "sftp", "ftp", "ftps", "scheduler", "timer",
            "quartz", "syndesmos-mqtt", "paho", "paho-mqtt5");

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camel, String routeId, NamedNode node) {
        if (!(node instanceof RouteDefinition route) || !leaderOnly(routeId, route.getInput() == null ? null
                : route.getInput().getEndpointUri())) {
            return null;
        }
        try {
            return ClusteredRoutePolicy.forNamespace(camel, routeId.endsWith(SAME_LEADER)
                    ? routeId.substring(0, routeId.length() - SAME_LEADER.length()) : routeId);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make route " + routeId + " one hub's at a time: " + e.getMessage(),
                    e);
        }
    }

    static boolean leaderOnly(String routeId, String from) {
        if (routeId != null && routeId.contains(".write-back.")) {
            return true;
        }
        if (from == null || !from.contains(":")) {
            return false;
        }
        return READING_SCHEMES.contains(from.substring(0, from.indexOf(':')));
    }
}
