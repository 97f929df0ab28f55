package gr.syndesmos.hub.security;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * What each operator may do through Jolokia (and so in Hawtio), decided per request from the person signed in
 * (Spring Security has authenticated the request on the same thread before Jolokia runs). A municipality's people
 * never see another municipality's MBeans, whatever their role:
 * <ul>
 *   <li>the hub's own MBeans ({@code gr.syndesmos:...,municipality=<code>}): visible to people of that municipality
 *       or of the whole region; read-only operations for all of them, retry and discard for operators and
 *       admins;</li>
 *   <li>the broker's queues and Camel's routes of a municipality (the code is a word of the queue name or route id,
 *       e.g. {@code dead-letter.9318.diavgeia}, {@code council-decisions.deliver.9318.diavgeia}): visible to its
 *       people, attributes only; its admins may also browse, pause, resume and retry its queues, and start and stop
 *       its routes; nobody scoped to municipalities may remove, move, copy or send messages, since those reach past
 *       one municipality or leave no trace;</li>
 *   <li>the Camel context: its attributes for everyone signed in (Hawtio's Camel view lists one's routes under it),
 *       its operations for whole-region admins;</li>
 *   <li>every other broker and Camel MBean (addresses shared by all municipalities, the broker) and everything else:
 *       whole-region admins only;</li>
 *   <li>the JVM's basic MBeans ({@code java.lang}, {@code java.nio}) are readable by everyone signed in, except the
 *       process's system properties, arguments and class paths (whole-region admins), and their operations are for
 *       whole-region admins;</li>
 *   <li>no one may write attributes, take heap dumps, run diagnostic commands or flight recordings: no role needs
 *       them, and each can leak personal data or stop the hub.</li>
 * </ul>
 * Jolokia itself is reached only by POST for anything that changes state ({@code JolokiaRequestFilter}) and only from
 * the hub's own origin ({@code SameOriginFilter}); this class never lets Jolokia answer cross-origin requests.
 * Jolokia creates this class itself by name ({@code management.endpoint.jolokia.config.restrictorClass}).
 */
public class OperatorJolokiaRestrictor implements Restrictor {

    static final String HUB_DOMAIN = "gr.syndesmos";
    static final String BROKER_DOMAIN = "org.apache.activemq.artemis";
    static final String CAMEL_DOMAIN = "org.apache.camel";
    private static final Set<String> OPEN_DOMAINS = Set.of("JMImplementation", "hawtio", "jolokia");
    private static final Set<String> BASIC_JVM_DOMAINS = Set.of("java.lang", "java.nio");
    private static final Set<String> HIDDEN_TYPES = Set.of("com.sun.management:type=HotSpotDiagnostic",
            "com.sun.management:type=DiagnosticCommand", "jdk.management.jfr:type=FlightRecorder");
    /** Attributes of the JVM that show how the hub was started (paths, secrets passed as -D or arguments). */
    private static final Set<String> PROCESS_ATTRIBUTES = Set.of("SystemProperties", "InputArguments", "ClassPath",
            "BootClassPath", "LibraryPath");
    /** Queue attributes that show a message's content. */
    private static final Set<String> MESSAGE_ATTRIBUTES = Set.of("FirstMessageAsJSON");
    /** Operations of the hub's MBeans that change nothing. */
    private static final Set<String> READ_ONLY_OPERATIONS = Set.of("list", "previewRetry");
    /** What a municipality's admin may do on its own broker queues: look, pause, and retry within the queue. */
    private static final Set<String> SCOPED_QUEUE_OPERATIONS = Set.of("countMessages", "countDeliveringMessages",
            "listMessages", "listMessagesAsJSON", "browse", "listScheduledMessages", "listScheduledMessagesAsJSON",
            "listDeliveringMessages", "listDeliveringMessagesAsJSON", "listConsumersAsJSON", "listGroupsAsJSON",
            "getFirstMessageAsJSON", "pause", "resume", "isPaused", "retryMessage", "retryMessages");
    /** What a municipality's admin may do on its own Camel routes. */
    private static final Set<String> SCOPED_ROUTE_OPERATIONS = Set.of("start", "stop", "suspend", "resume",
            "restart", "reset", "dumpRouteAsXml", "dumpRouteAsYaml", "dumpRouteStatsAsXml", "dumpStatsAsXml");
    /** A municipality code as a word of a queue name or route id. */
    private static final Pattern MUNICIPALITY_WORD = Pattern.compile("(?:^|\\.)([0-9]{4})(?:\\.|$)");

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
        Operator operator = Operator.current();
        if (!visible(operator, name)) {
            return false;
        }
        if (BASIC_JVM_DOMAINS.contains(name.getDomain()) && PROCESS_ATTRIBUTES.contains(attribute)) {
            return wholeRegionAdmin(operator);
        }
        if (BROKER_DOMAIN.equals(name.getDomain()) && MESSAGE_ATTRIBUTES.contains(attribute)) {
            return operator.isAdmin();
        }
        return true;
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
        String domain = name.getDomain();
        if (HUB_DOMAIN.equals(domain)) {
            String municipality = name.getKeyProperty("municipality");
            return READ_ONLY_OPERATIONS.contains(bare)
                    || (municipality == null ? operator.isAdmin() : operator.mayReplay(municipality));
        }
        if (wholeRegionAdmin(operator)) {
            return true;
        }
        boolean ownQueueOrRoute = municipalityOf(name).isPresent();
        if (BROKER_DOMAIN.equals(domain)) {
            return operator.isAdmin() && ownQueueOrRoute && SCOPED_QUEUE_OPERATIONS.contains(bare);
        }
        if (CAMEL_DOMAIN.equals(domain)) {
            return operator.isAdmin() && ownQueueOrRoute && SCOPED_ROUTE_OPERATIONS.contains(bare);
        }
        // Hawtio's own helpers (its permission checks, preferences) for anyone who may administer something.
        return "hawtio".equals(domain) && operator.isAdmin();
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        // Who may connect is decided by the sign-in in front of Jolokia, and by the address the hub listens on.
        return true;
    }

    /**
     * Jolokia asks twice: with {@code onlyWhenStrictCheckingIsEnabled} true before it runs a request that carries an
     * {@code Origin} (the same-origin filter in front has already refused any other origin), and false to decide
     * whether to answer with {@code Access-Control-Allow-Origin}: never, so no other site's page can read an answer.
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return onlyWhenStrictCheckingIsEnabled;
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
        if (wholeRegionAdmin(operator)) {
            return true;
        }
        if (CAMEL_DOMAIN.equals(domain) && "context".equals(name.getKeyProperty("type"))) {
            // Its attributes only (operations are for whole-region admins): Hawtio's Camel view lists the routes
            // one may see under it.
            return true;
        }
        return municipalityOf(name).filter(operator::sees).isPresent();
    }

    /**
     * The municipality a broker queue or Camel route belongs to; empty for anything shared by all municipalities
     * (addresses, the broker, the Camel context, catch-all queues) or of another kind.
     */
    static Optional<String> municipalityOf(ObjectName name) {
        String word;
        if (BROKER_DOMAIN.equals(name.getDomain())) {
            if (!"queues".equals(name.getKeyProperty("subcomponent")) || name.getKeyProperty("queue") == null) {
                return Optional.empty();
            }
            word = unquoted(name.getKeyProperty("queue"));
        } else if (CAMEL_DOMAIN.equals(name.getDomain())) {
            if (!"routes".equals(name.getKeyProperty("type")) || name.getKeyProperty("name") == null) {
                return Optional.empty();
            }
            word = unquoted(name.getKeyProperty("name"));
        } else {
            return Optional.empty();
        }
        Matcher code = MUNICIPALITY_WORD.matcher(word);
        return code.find() ? Optional.of(code.group(1)) : Optional.empty();
    }

    private static String unquoted(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    private static boolean wholeRegionAdmin(Operator operator) {
        return operator != null && operator.isAdmin() && operator.wholeRegion();
    }
}
