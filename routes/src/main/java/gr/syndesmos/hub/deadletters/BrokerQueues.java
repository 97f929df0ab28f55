package gr.syndesmos.hub.deadletters;

import gr.syndesmos.hub.broker.BrokerManagement;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.springframework.stereotype.Component;

/**
 * The broker's own queue operations (those Hawtio shows under JMX) for counting and retrying, and a JMS browser for
 * reading messages with their bodies without consuming them.
 */
@Component
public class BrokerQueues {

    private final BrokerManagement broker;
    private final ConnectionFactory connectionFactory;

    public BrokerQueues(BrokerManagement broker, ConnectionFactory connectionFactory) {
        this.broker = broker;
        this.connectionFactory = connectionFactory;
    }

    public QueueControl queue(String name) {
        return broker.queue(name);
    }

    /**
     * Refuses a filter that is not in the broker's selector syntax, before it reaches the broker (which would answer
     * with an internal error), naming what is wrong and how one looks.
     *
     * @throws IllegalArgumentException for an invalid filter (the API answers 400)
     */
    public static String checkedFilter(String filter) {
        if (filter == null || filter.isBlank()) {
            return "";
        }
        try {
            org.apache.activemq.artemis.core.filter.impl.FilterImpl.createFilter(filter.strip());
            return filter.strip();
        } catch (Exception invalid) {
            throw new IllegalArgumentException("The filter is not valid: " + filter.strip() + " ("
                    + invalid.getMessage() + "). Example: recordId = '9318-council-decision-2026-245'");
        }
    }

    /**
     * The first {@code limit} messages of a queue matching the filter, oldest first: their properties, the broker's
     * message id (for {@code retryMessage(id)}) and the text body.
     */
    public List<Map<String, Object>> browse(String address, String queue, String filter, int limit) throws Exception {
        return browse(address, queue, filter, limit, null);
    }

    /** One message by the broker's id, reading the queue only up to it. */
    public java.util.Optional<Map<String, Object>> find(String address, String queue, long messageId)
            throws Exception {
        return browse(address, queue, null, 1, entry -> entry.get("messageID") instanceof Number n
                && n.longValue() == messageId).stream().findFirst();
    }

    private List<Map<String, Object>> browse(String address, String queue, String filter, int limit,
            java.util.function.Predicate<Map<String, Object>> wanted) throws Exception {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            String selector = checkedFilter(filter);
            QueueBrowser browser = session.createBrowser(session.createQueue(address + "::" + queue),
                    selector.isEmpty() ? null : selector);
            List<Map<String, Object>> messages = new ArrayList<>();
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements() && messages.size() < limit) {
                Message message = (Message) e.nextElement();
                Map<String, Object> entry = new LinkedHashMap<>();
                // The JMS id is "ID:<uuid>"; the broker's own numeric id is what retryMessage takes.
                entry.put("messageID", message instanceof ActiveMQMessage artemis
                        ? artemis.getCoreMessage().getMessageID() : null);
                entry.put("JMSMessageID", message.getJMSMessageID());
                for (Object name : Collections.list(message.getPropertyNames())) {
                    entry.put(name.toString(), message.getObjectProperty(name.toString()));
                }
                entry.put("text", message instanceof TextMessage text ? text.getText() : null);
                if (wanted == null || wanted.test(entry)) {
                    messages.add(entry);
                }
            }
            browser.close();
            return messages;
        }
    }
}
