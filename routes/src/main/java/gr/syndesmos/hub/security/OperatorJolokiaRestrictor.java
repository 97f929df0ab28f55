package gr.syndesmos.hub.security;

import java.util.Set;
import javax.management.ObjectName;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * What each operator may do through Jolokia (and so in Hawtio), decided per request from the person signed in
 * (Spring Security has authenticated the request on the same thread before Jolokia runs):
 * <ul>
 *   <li>the hub's own MBeans ({@code gr.syndesmos:...,municipality=<code>}) are visible only to people of that
 *       municipality or of the whole region; their read-only operations to all of them, retry and discard to
 *       operators and admins;</li>
 *   <li>the JVM's basic MBeans ({@code java.lang}, {@code java.nio}) can be read by everyone signed in;</li>
 *   <li>the broker's, Camel's and the rest of the JVM's MBeans are for admins only;</li>
 *   <li>no one may write attributes, take heap dumps, run diagnostic commands or flight recordings: no role
 *       needs them, and each can leak personal data or stop the hub.</li>
 * </ul>
 * Jolokia creates this class itself by name ({@code management.endpoint.jolokia.config.restrictorClass}).
 */
public class OperatorJolokiaRestrictor implements Restrictor {

    static final String HUB_DOMAIN = "gr.syndesmos";
    private static final Set<String> OPEN_DOMAINS = Set.of("JMImplementation", "hawtio", "jolokia");
    private static final Set<String> BASIC_JVM_DOMAINS = Set.of("java.lang", "java.nio");
    private static final Set<String> HIDDEN_TYPES = Set.of("com.sun.management:type=HotSpotDiagnostic",
            "com.sun.management:type=DiagnosticCommand", "jdk.management.jfr:type=FlightRecorder");
    /** Operations of the hub's MBeans that change nothing. */
    private static final Set<String> READ_ONLY_OPERATIONS = Set.of("list", "previewRetry");

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return type == RequestType.READ || type == RequestType.LIST || type == RequestType.SEARCH
                || type == RequestType.EXEC || type == RequestType.VERSION;
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return visible(Operator.current(), name);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return false;
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        Operator operator = Operator.current();
        if (!visible(operator, name)) {
            return false;
        }
        String bare = operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
        if (HUB_DOMAIN.equals(name.getDomain())) {
            String municipality = name.getKeyProperty("municipality");
            return READ_ONLY_OPERATIONS.contains(bare)
                    || (municipality == null ? operator.isAdmin() : operator.mayReplay(municipality));
        }
        return operator.isAdmin();
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        // Who may connect is decided by the sign-in in front of Jolokia, and by the address the hub listens on.
        return true;
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        // Cross-site requests are refused by the CSRF check in front of Jolokia.
        return true;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return !visible(Operator.current(), name);
    }

    static boolean visible(Operator operator, ObjectName name) {
        if (operator == null) {
            return false;
        }
        String domain = name.getDomain();
        if (HIDDEN_TYPES.stream().anyMatch(hidden -> name.getCanonicalName().startsWith(hidden)
                || (domain + ":type=" + name.getKeyProperty("type")).equals(hidden))) {
            return false;
        }
        if (HUB_DOMAIN.equals(domain)) {
            String municipality = name.getKeyProperty("municipality");
            return municipality == null ? operator.wholeRegion() : operator.sees(municipality);
        }
        if (OPEN_DOMAINS.contains(domain) || BASIC_JVM_DOMAINS.contains(domain)) {
            return true;
        }
        return operator.isAdmin();
    }
}
