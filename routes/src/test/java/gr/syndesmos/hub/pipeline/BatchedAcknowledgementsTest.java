package gr.syndesmos.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import gr.syndesmos.hub.flows.Flow;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.Map;
import org.apache.camel.component.jms.JmsEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a delivery consumer commits its session: per batch, at once after a redelivery, and when nothing waits. */
class BatchedAcknowledgementsTest {

    private final Session session = mock(Session.class);
    private final MessageConsumer consumer = mock(MessageConsumer.class);
    private DeliveryConsumers.BatchedAcknowledgements container;

    @BeforeEach
    void transactedSession() throws JMSException {
        when(session.getTransacted()).thenReturn(true);
        container = container(4);
    }

    private static DeliveryConsumers.BatchedAcknowledgements container(int batch) {
        DeliveryConsumers.BatchedAcknowledgements container =
                new DeliveryConsumers.BatchedAcknowledgements(mock(JmsEndpoint.class), batch);
        container.setConnectionFactory(mock(ConnectionFactory.class));
        container.setSessionTransacted(true);
        return container;
    }

    private static Message message(boolean redelivered) throws JMSException {
        Message message = mock(Message.class);
        when(message.getJMSRedelivered()).thenReturn(redelivered);
        return message;
    }

    /** The container's own order: a receive, the listener, then the commit it asks for. */
    private void deliver(Message message) throws JMSException {
        when(consumer.receiveNoWait()).thenReturn(message);
        when(consumer.receive(anyLong())).thenReturn(message);
        assertThat(container.receiveMessage(consumer)).isSameAs(message);
        container.commitIfNecessary(session, message);
    }

    @Test
    void commitsOncePerFullBatch() throws JMSException {
        for (int i = 0; i < 3; i++) {
            deliver(message(false));
        }
        verify(session, never()).commit();
        deliver(message(false));
        verify(session, times(1)).commit();
        for (int i = 0; i < 4; i++) {
            deliver(message(false));
        }
        verify(session, times(2)).commit();
    }

    @Test
    void commitsWhatWaitsAsSoonAsNothingMoreIsThere() throws JMSException {
        deliver(message(false));
        deliver(message(false));
        verify(session, never()).commit();
        when(consumer.receiveNoWait()).thenReturn(null);
        when(consumer.receive(anyLong())).thenReturn(null);
        assertThat(container.receiveMessage(consumer)).isNull();
        verify(session, times(1)).commit();
    }

    @Test
    void aRedeliveredMessageIsCommittedAtOnce() throws JMSException {
        deliver(message(false));
        verify(session, never()).commit();
        deliver(message(true));
        verify(session, times(1)).commit();
    }

    @Test
    void aFailureRollsBackAndLeavesNothingWaiting() throws JMSException {
        deliver(message(false));
        deliver(message(false));
        container.rollbackOnExceptionIfNecessary(session, new IllegalStateException("destination down"));
        verify(session, times(1)).rollback();
        when(consumer.receiveNoWait()).thenReturn(null);
        when(consumer.receive(anyLong())).thenReturn(null);
        container.receiveMessage(consumer);
        verify(session, never()).commit();
        // A fresh batch counts from nothing.
        for (int i = 0; i < 3; i++) {
            deliver(message(false));
        }
        verify(session, never()).commit();
    }

    @Test
    void aBatchOfOneCommitsEveryMessage() throws JMSException {
        container = container(1);
        deliver(message(false));
        deliver(message(false));
        verify(session, times(2)).commit();
    }

    @Test
    void eachQueueGetsItsFlowFilesBatchAndAnUnknownQueueNone() {
        DeliveryConsumers.Batches batches = new DeliveryConsumers.Batches(Map.of("council-decision.9318.diavgeia", 8));
        JmsEndpoint known = mock(JmsEndpoint.class);
        when(known.getDestinationName()).thenReturn("council-decision::council-decision.9318.diavgeia");
        JmsEndpoint unknown = mock(JmsEndpoint.class);
        when(unknown.getDestinationName()).thenReturn("council-decision::council-decision.9999.diavgeia");
        assertThat(((DeliveryConsumers.BatchedAcknowledgements) batches.createMessageListenerContainer(known))
                .batch()).isEqualTo(8);
        assertThat(((DeliveryConsumers.BatchedAcknowledgements) batches.createMessageListenerContainer(unknown))
                .batch()).isEqualTo(1);
        assertThat(Flow.DEFAULT_ACKNOWLEDGE_EVERY).isGreaterThan(1);
    }
}
