package gr.syndesmos.hub.broker;

import org.apache.activemq.artemis.api.core.management.QueueControl;

/**
 * The broker's own management operations (those Hawtio shows under JMX): the embedded broker's in-process, an
 * external broker's through management messages. Both give the same {@link QueueControl}.
 */
public interface BrokerManagement {

    /**
     * @throws IllegalArgumentException when the broker has no such queue
     */
    QueueControl queue(String name);

    /** The broker's version, for health. */
    String version();
}
