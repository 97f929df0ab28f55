package gr.syndesmos.hub.deadletters;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.stereotype.Component;

/** The broker's own queue operations (those Hawtio shows under JMX), used by the operator API. */
@Component
public class BrokerQueues {

    private final EmbeddedActiveMQ broker;

    public BrokerQueues(EmbeddedActiveMQ broker) {
        this.broker = broker;
    }

    public QueueControl queue(String name) {
        Object control = broker.getActiveMQServer().getManagementService().getResource(ResourceNames.QUEUE + name);
        if (!(control instanceof QueueControl queue)) {
            throw new IllegalArgumentException("No queue " + name);
        }
        return queue;
    }

    /** The messages of a queue (at most {@code limit}), each as its properties plus its body. */
    public List<Map<String, Object>> browse(String name, String filter, int limit) throws Exception {
        Map<String, Object>[] messages = queue(name).listMessages(filter == null ? "" : filter);
        return Arrays.stream(messages).limit(limit).toList();
    }
}
