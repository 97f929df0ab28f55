package gr.syndesmos.hub.pipeline;

import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.DeadLetters;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * The pipeline's error handling, declared once (Camel route configurations) for every flow's deliveries and
 * write-backs, whatever the flow.
 */
@Component
public class PipelineErrorHandling extends RouteConfigurationBuilder {

    static final String DELIVERY_ERRORS = "pipeline.delivery-errors";
    static final String WRITE_BACK_ERRORS = "pipeline.write-back-errors";

    private final DeadLetters deadLetters;

    public PipelineErrorHandling(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void configuration() {
        routeConfiguration(DELIVERY_ERRORS)
                .errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false))
                // The last failure: labelled and moved to the dead-letter queue in the same transaction.
                .onException(Exception.class).onWhen(deadLetters::isFinal).handled(true)
                    .process(deadLetters::label)
                    .to("jms:topic:" + BrokerTopology.DEAD_LETTER_ADDRESS)
                .end()
                // Any other failure rolls back: the broker redelivers after a growing delay.
                .onException(Exception.class).handled(false)
                    .process(deadLetters::attemptFailed)
                .end();

        // A write-back connector that fails (an SFTP server down) is tried again, ever more slowly; the answers wait
        // in the state database meanwhile. Never while the hub stops: they are looked for again at the next start.
        routeConfiguration(WRITE_BACK_ERRORS)
                .errorHandler(defaultErrorHandler().maximumRedeliveries(-1).redeliveryDelay(1000)
                        .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(60_000)
                        .asyncDelayedRedelivery().allowRedeliveryWhileStopping(false)
                        .retryAttemptedLogLevel(LoggingLevel.WARN).logRetryAttempted(true).logStackTrace(false)
                        .logExhausted(false));
    }

}
