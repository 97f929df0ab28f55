package gr.syndesmos.hub.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Which hub this is among the hubs of a region ({@code SYNDESMOS_CLUSTER_ENABLED=true}): its name in the source locks,
 * the log, and on the certificate questions it asks, so that their answers come back to it. Alone, a hub needs no
 * name on the broker.
 */
@Component
public class HubIdentity {

    /** Letters, digits, dot, dash, underscore: safe in a broker selector and a log line. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String id;
    private final boolean clustered;

    public HubIdentity(@Value("${syndesmos.cluster.hub-id:}") String hubId,
            @Value("${syndesmos.cluster.enabled:false}") boolean clustered) {
        this.clustered = clustered;
        this.id = StringUtils.hasText(hubId) ? hubId.strip() : hostName() + "-" + ProcessHandle.current().pid();
        if (!NAME.matcher(id).matches()) {
            throw new IllegalStateException("SYNDESMOS_HUB_ID '" + id + "': a hub's name is 1 to 64 letters, digits, "
                    + "'.', '-' or '_'");
        }
    }

    public String id() {
        return id;
    }

    /** Whether other hubs share this one's broker and state database. */
    public boolean clustered() {
        return clustered;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            return "hub";
        }
    }
}
