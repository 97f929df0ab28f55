package gr.syndesmos.hub.broker;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

/**
 * An external broker's management through Artemis's management address ({@code activemq.management}), the way its
 * own CLI and console reach a remote broker: each call of a {@link QueueControl} becomes one management message. The
 * hub's account needs the {@code manage} permission there (the reviewed broker.xml gives its role every permission).
 * Artemis ships the message format ({@link ManagementHelper}) but no client-side proxy of its control interfaces, so
 * the proxy is written here.
 */
public class RemoteBrokerManagement implements BrokerManagement, AutoCloseable {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long ANSWER_WITHIN_MS = 30_000;

    private final ServerLocator locator;
    private final String user;
    private final String password;
    private ClientSessionFactory factory;
    private ClientSession session;
    private ClientRequestor requestor;

    public RemoteBrokerManagement(String url, String user, String password) throws Exception {
        this.locator = ActiveMQClient.createServerLocator(url);
        this.user = user;
        this.password = password;
    }

    @Override
    public QueueControl queue(String name) {
        Object exists = invoke(ResourceNames.QUEUE + name, "getName", new Object[0], String.class, true);
        if (exists == null) {
            throw new IllegalArgumentException("No queue " + name);
        }
        return (QueueControl) Proxy.newProxyInstance(QueueControl.class.getClassLoader(),
                new Class<?>[] {QueueControl.class}, (proxy, method, args) -> call(ResourceNames.QUEUE + name, method,
                        args == null ? new Object[0] : args));
    }

    @Override
    public String version() {
        return String.valueOf(invoke(ResourceNames.BROKER, "getVersion", new Object[0], String.class, false));
    }

    /** A question on the hub's management session: whether an address or queue exists, and how. */
    public interface SessionQuery<T> {
        T ask(ClientSession session) throws Exception;
    }

    public synchronized <T> T query(SessionQuery<T> query) {
        try {
            return query.ask(session());
        } catch (Exception e) {
            reset();
            throw new IllegalStateException("Cannot query the broker: " + e.getMessage(), e);
        }
    }

    /** An operation of the broker itself ({@code ActiveMQServerControl}), e.g. {@code getAddressSettingsAsJSON}. */
    public Object brokerOperation(String operation, Object... arguments) {
        return invoke(ResourceNames.BROKER, operation, arguments, Object.class, false);
    }

    private Object call(String resource, Method method, Object[] args) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "remote " + resource;
                case "hashCode" -> resource.hashCode();
                default -> false;
            };
        }
        return invoke(resource, method.getName(), args, method.getReturnType(), false);
    }

    /**
     * A getter without arguments reads the attribute ({@code getMessageCount} → {@code messageCount}), anything else
     * runs the operation of that name.
     */
    private synchronized Object invoke(String resource, String name, Object[] args, Class<?> type,
            boolean nullWhenMissing) {
        try {
            ClientMessage request = session().createMessage(false);
            boolean attribute = args.length == 0 && (name.startsWith("get") || name.startsWith("is"))
                    && name.length() > 3;
            if (attribute) {
                String property = name.startsWith("get") ? name.substring(3) : name.substring(2);
                ManagementHelper.putAttribute(request, resource,
                        Character.toLowerCase(property.charAt(0)) + property.substring(1));
            } else {
                ManagementHelper.putOperationInvocation(request, resource, name, args);
            }
            ClientMessage reply = requestor.request(request, ANSWER_WITHIN_MS);
            if (reply == null) {
                reset();
                throw new IllegalStateException("The broker did not answer " + name + " on " + resource + " within "
                        + ANSWER_WITHIN_MS / 1000 + " s");
            }
            // Taken off the reply queue: unacknowledged, every answer would stay on the broker for the session's life.
            reply.acknowledge();
            if (!ManagementHelper.hasOperationSucceeded(reply)) {
                Object failure = ManagementHelper.getResult(reply);
                if (nullWhenMissing) {
                    return null;
                }
                throw new IllegalStateException("The broker refused " + name + " on " + resource + ": " + failure);
            }
            return converted(ManagementHelper.getResult(reply, type), type);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            reset();
            throw new IllegalStateException("Cannot reach the broker's management: " + e.getMessage(), e);
        }
    }

    private static Object converted(Object result, Class<?> type) {
        if (result == null || type == void.class) {
            return result;
        }
        if (type.isArray() && result instanceof Object[] items && !type.isInstance(result)) {
            Object array = Array.newInstance(type.getComponentType(), items.length);
            for (int i = 0; i < items.length; i++) {
                Array.set(array, i, items[i]);
            }
            return array;
        }
        if (result instanceof Number number) {
            if (type == long.class || type == Long.class) {
                return number.longValue();
            }
            if (type == int.class || type == Integer.class) {
                return number.intValue();
            }
        }
        return result;
    }

    private ClientSession session() throws Exception {
        if (session == null || session.isClosed()) {
            factory = locator.createSessionFactory();
            session = factory.createSession(user, password, false, true, true, false,
                    locator.getAckBatchSize());
            requestor = new ClientRequestor(session, MANAGEMENT_ADDRESS);
            session.start();
        }
        return session;
    }

    private void reset() {
        try {
            if (requestor != null) {
                requestor.close();
            }
            if (session != null) {
                session.close();
            }
            if (factory != null) {
                factory.close();
            }
        } catch (Exception ignored) {
            // Already broken: the next call opens a new session.
        }
        session = null;
        requestor = null;
        factory = null;
    }

    @Override
    public synchronized void close() {
        reset();
        locator.close();
    }
}
