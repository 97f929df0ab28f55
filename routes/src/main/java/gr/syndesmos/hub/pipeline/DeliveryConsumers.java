package gr.syndesmos.hub.pipeline;

import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.flows.Flow;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.component.jms.ConsumerType;
import org.apache.camel.component.jms.DefaultJmsMessageListenerContainer;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.MessageListenerContainerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.listener.AbstractMessageListenerContainer;

/**
 * The consumers of the delivery queues ({@value #COMPONENT}): transacted sessions of their own, each of which
 * acknowledges what it delivered to the broker in one commit per batch instead of one per message (the flow file's
 * {@code acknowledgeEvery}, {@link Flow#DEFAULT_ACKNOWLEDGE_EVERY} by default).
 *
 * <p>Exactly once stays as it was: a delivery is recorded in the state database before its message is acknowledged,
 * so what a crash or a rollback brings back of a batch is deliveries already recorded, which {@link RecordDelivery}
 * acknowledges without calling the destination again. A batch is committed when it is full, as soon as the
 * consumer has nothing more waiting (never held for a quiet queue), and at once after a message the broker brought
 * back ({@code JMSRedelivered}): a failure rolls back the deliveries waiting with it, which come back redelivered and
 * are then acknowledged on their own, so a good delivery is rolled back for another's failure once at most. A dead
 * letter the route sends goes in the consumer's session (Spring exposes it to the route's sends) and leaves the
 * queue with its batch's commit.
 *
 * <p>Written by hand, as a subclass of Camel's listener container: neither Camel's JMS component nor Spring's
 * container commits a transacted session once for several messages.
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConsumers {

    /** The Camel component the delivery routes consume with. */
    public static final String COMPONENT = "jms-delivery";

    @Bean(COMPONENT)
    JmsComponent deliveryJms(ConnectionFactory connectionFactory, PipelinePlan plan) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        // Transacted sessions without a transaction manager: the container commits them itself, in batches.
        jms.getConfiguration().setTransacted(true);
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        jms.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
        jms.getConfiguration().setDeliveryPersistent(true);
        jms.getConfiguration().setErrorHandlerLogStackTrace(false);
        jms.getConfiguration().setConsumerType(ConsumerType.Custom);
        jms.getConfiguration().setMessageListenerContainerFactory(new Batches(acknowledgeEvery(plan)));
        return jms;
    }

    /** Each delivery queue's batch, from its flow file. */
    static Map<String, Integer> acknowledgeEvery(PipelinePlan plan) {
        Map<String, Integer> batches = new HashMap<>();
        for (PipelinePlan.Lane lane : plan.lanes()) {
            for (Flow.FlowDestination destination : lane.destinations()) {
                batches.put(BrokerTopology.deliveryQueue(lane.flow().recordType(), lane.code(), destination.name()),
                        destination.acknowledgeEvery());
            }
        }
        return batches;
    }

    /** Makes each delivery route's container with its queue's batch (a queue the plan does not know: one by one). */
    record Batches(Map<String, Integer> acknowledgeEvery) implements MessageListenerContainerFactory {

        @Override
        public AbstractMessageListenerContainer createMessageListenerContainer(JmsEndpoint endpoint) {
            String name = endpoint.getDestinationName();
            String queue = name.contains("::") ? name.substring(name.indexOf("::") + 2) : name;
            return new BatchedAcknowledgements(endpoint, acknowledgeEvery.getOrDefault(queue, 1));
        }
    }

    /** Camel's container, committing each consumer's session once per batch (see {@link DeliveryConsumers}). */
    static final class BatchedAcknowledgements extends DefaultJmsMessageListenerContainer {

        private final int batch;
        /** Each consumer runs on its own thread with its own cached session: what that session has not committed. */
        private final ThreadLocal<Uncommitted> uncommitted = new ThreadLocal<>();

        BatchedAcknowledgements(JmsEndpoint endpoint, int batch) {
            super(endpoint);
            this.batch = batch;
        }

        int batch() {
            return batch;
        }

        /** The consumer this thread received its last message with. */
        private final ThreadLocal<MessageConsumer> receiving = new ThreadLocal<>();

        @Override
        protected Message receiveMessage(MessageConsumer consumer) throws JMSException {
            receiving.set(consumer);
            Uncommitted waiting = uncommitted.get();
            if (waiting != null && waiting.consumer != consumer) {
                // Left by a consumer this thread no longer runs: its session was closed, its batch rolled back.
                uncommitted.remove();
            } else if (waiting != null) {
                Message next = consumer.receiveNoWait();
                if (next != null) {
                    return next;
                }
                // Nothing more waiting: the batch so far is acknowledged now, not after a quiet spell.
                uncommitted.remove();
                super.commitIfNecessary(waiting.session, null);
            }
            return super.receiveMessage(consumer);
        }

        @Override
        protected void commitIfNecessary(Session session, Message message) throws JMSException {
            if (message == null || batch <= 1 || message.getJMSRedelivered()) {
                uncommitted.remove();
                super.commitIfNecessary(session, message);
                return;
            }
            Uncommitted waiting = uncommitted.get();
            if (waiting == null || waiting.session != session) {
                waiting = new Uncommitted(session, receiving.get());
                uncommitted.set(waiting);
            }
            if (++waiting.messages >= batch) {
                uncommitted.remove();
                super.commitIfNecessary(session, message);
            }
        }

        @Override
        protected void rollbackIfNecessary(Session session) throws JMSException {
            uncommitted.remove();
            super.rollbackIfNecessary(session);
        }

        @Override
        protected void rollbackOnExceptionIfNecessary(Session session, Throwable ex) throws JMSException {
            uncommitted.remove();
            super.rollbackOnExceptionIfNecessary(session, ex);
        }
    }

    private static final class Uncommitted {
        final Session session;
        final MessageConsumer consumer;
        int messages;

        Uncommitted(Session session, MessageConsumer consumer) {
            this.session = session;
            this.consumer = consumer;
        }
    }
}
