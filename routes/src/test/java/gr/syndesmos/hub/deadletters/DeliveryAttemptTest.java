package gr.syndesmos.hub.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Which attempt a failed delivery was, as its dead letter and the record's trail say. */
class DeliveryAttemptTest {

    private static Exchange failed(Integer brokerCount, Integer stateFailures) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader("JMSXDeliveryCount", brokerCount);
        exchange.getIn().setHeader(DeadLetters.ATTEMPT_HEADER, stateFailures);
        return exchange;
    }

    @Test
    void theBrokersCountWhenTheDeliveryStepRecordedNothing() {
        assertThat(DeadLetters.attempt(failed(3, null))).isEqualTo(3);
        assertThat(DeadLetters.attempt(failed(null, null))).isEqualTo(1);
    }

    @Test
    void aRollbackForAnotherDeliverysFailureIsNotCountedAsAnAttempt() {
        // Brought back once by a batch rolled back for its neighbour, then failed itself once.
        assertThat(DeadLetters.attempt(failed(2, 1))).isEqualTo(1);
    }

    @Test
    void anOperatorsRetryStartsTheAttemptsAgain() {
        // Dead-lettered after two failures, retried by an operator: the broker counts from one again.
        assertThat(DeadLetters.attempt(failed(1, 3))).isEqualTo(1);
    }
}
