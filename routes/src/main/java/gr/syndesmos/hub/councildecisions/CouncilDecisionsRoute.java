package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.hub.HubProperties;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.DeadLetters;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.municipality.ConnectorTemplates;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.records.RecordTrail;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.mappings.MappingCatalog;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.util.Map;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Council decisions: legacy export → canonical {@code council-decision} v1 → transparency portal (Diavgeia) and
 * regional platform, with the ADA written back to the issuing municipality. One set of routes per municipality
 * (from its configuration file), with these ids:
 * <ul>
 *   <li>{@code council-decisions.inbox.<code>}: the municipality's source connector (a folder, SFTP, its database,
 *       an HTTP endpoint where it pushes...), as its configuration file says;</li>
 *   <li>{@code council-decisions.ingest.<code>}: translate, validate, publish or quarantine (see
 *       {@link CouncilDecisionIngest});</li>
 *   <li>{@code council-decisions.deliver.<code>.<destination>}: transacted consumer of the municipality's queue for
 *       that destination; failures roll back and the broker redelivers with back-off, the last one is
 *       dead-lettered with its reason;</li>
 *   <li>{@code council-decisions.write-back.<code>}: pending ADAs, written in the municipality's import format to
 *       its write-back connector {@code council-decisions.write-back-out.<code>} (by default a folder,
 *       {@code <data>/outbox/<code>/council-decisions/}).</li>
 * </ul>
 */
@Component
public class CouncilDecisionsRoute extends RouteBuilder {

    private final MunicipalityRegistry municipalities;
    private final HubProperties properties;
    private final CouncilDecisionIngest ingest;
    private final StateStore state;
    private final DeadLetters deadLetters;
    private final AdaWriteBackWriter writeBack;
    private final RecordTrail trail;
    private final HubMetrics metrics;
    private final MappingCatalog mappings;
    private final DiavgeiaMappers diavgeiaMappers;
    private final DestinationClients destinationClients;

    public CouncilDecisionsRoute(MunicipalityRegistry municipalities, HubProperties properties,
            CouncilDecisionIngest ingest, StateStore state, DeadLetters deadLetters, AdaWriteBackWriter writeBack,
            RecordTrail trail, HubMetrics metrics, MappingCatalog mappings, DiavgeiaMappers diavgeiaMappers,
            DestinationClients destinationClients) {
        this.destinationClients = destinationClients;
        this.mappings = mappings;
        this.diavgeiaMappers = diavgeiaMappers;
        this.trail = trail;
        this.metrics = metrics;
        this.municipalities = municipalities;
        this.properties = properties;
        this.ingest = ingest;
        this.state = state;
        this.deadLetters = deadLetters;
        this.writeBack = writeBack;
    }

    @Override
    public void configure() throws Exception {
        ConnectorTemplates.addAll(getContext(), municipalities.connectors());
        String recordType = CouncilDecision.RECORD_TYPE;
        String address = BrokerTopology.recordAddress(recordType);

        for (Municipality m : municipalities.inFlow(CouncilDecisionIngest.FLOW)) {
            Municipality.Flow flow = m.flows().get(CouncilDecisionIngest.FLOW);
            // A missing or broken mapping stops the hub now, naming the file, not at the first export.
            mappings.mapping(flow.mappingCode(m.code()), CouncilDecisionIngest.FLOW);
            if (flow.destinations().contains(DiavgeiaDestination.NAME)) {
                diavgeiaMappers.forMunicipality(m.code());
            }

            // The source connector hands whole files or batches of rows to the matching ingest route.
            Municipality.ConnectorUse source = flow.source();
            boolean rows = municipalities.connectors().get(source.connector()).produces().filter("rows"::equals)
                    .isPresent();
            String ingestEndpoint = "direct:council-decisions.ingest." + m.code();
            ConnectorTemplates.instantiate(this, source.connector(), "council-decisions.inbox." + m.code(),
                    municipalities.templateParameters(m, CouncilDecisionIngest.FLOW, source),
                    Map.of("handler", ingestEndpoint));
            from(ingestEndpoint).routeId("council-decisions.ingest." + m.code())
                    .setHeader(BrokerTopology.MUNICIPALITY, constant(m.code()))
                    .bean(ingest, rows ? "ingestRows" : "ingest");

            // ADAs go back through the municipality's write-back connector (a local outbox unless it says otherwise).
            Municipality.ConnectorUse writeBackUse = flow.writeBack() != null ? flow.writeBack()
                    : new Municipality.ConnectorUse("file-outbox", Map.of());
            ConnectorTemplates.instantiate(this, writeBackUse.connector(),
                    "council-decisions.write-back-out." + m.code(),
                    municipalities.templateParameters(m, CouncilDecisionIngest.FLOW, writeBackUse),
                    Map.of("endpoint", AdaWriteBackWriter.endpoint(m.code())));

            for (String destinationName : flow.destinations()) {
                DecisionDestination destination = switch (destinationName) {
                    case DiavgeiaDestination.NAME -> new DiavgeiaDestination(
                            destinationClients.client(DiavgeiaDestination.NAME),
                            properties.destination(DiavgeiaDestination.NAME).url(), diavgeiaMappers);
                    case RegionalDestination.NAME -> new RegionalDestination(
                            destinationClients.client(RegionalDestination.NAME),
                            properties.destination(RegionalDestination.NAME).url());
                    default -> throw new IllegalStateException("Municipality " + m.code() + ": flow "
                            + CouncilDecisionIngest.FLOW + " has no destination named '" + destinationName + "'");
                };
                String queue = BrokerTopology.deliveryQueue(recordType, m.code(), destinationName);
                from("jms:queue:" + BrokerTopology.fqqn(address, queue) + "?concurrentConsumers=1")
                        .routeId("council-decisions.deliver." + m.code() + "." + destinationName)
                        .errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false))
                        // The last failure: labelled and moved to the dead-letter queue in the same transaction.
                        .onException(Exception.class).onWhen(deadLetters::isFinal).handled(true)
                            .process(exchange -> deadLetters.label(exchange, address, queue, destinationName,
                                    CouncilDecisionIngest.FLOW))
                            .to("jms:topic:" + BrokerTopology.DEAD_LETTER_ADDRESS)
                        .end()
                        // Any other failure rolls back: the broker redelivers after a growing delay.
                        .onException(Exception.class).handled(false)
                            .process(exchange -> deadLetters.attemptFailed(exchange, destinationName,
                                    CouncilDecisionIngest.FLOW))
                            .log(LoggingLevel.WARN, "${header.recordId} to " + destinationName
                                    + ": attempt ${header.JMSXDeliveryCount} failed (${exception.message}); will retry")
                        .end()
                        .process(new CouncilDecisionDelivery(destination, state, trail, metrics,
                                flow.destinations().size()));
            }

            from("timer:council-decisions.write-back." + m.code() + "?period=1000&delay=1000")
                    .routeId("council-decisions.write-back." + m.code())
                    // A write-back connector that fails (SFTP server down) is retried on the next tick; the
                    // ADAs stay pending in the state database meanwhile.
                    .onException(Exception.class).handled(true).logExhausted(false)
                        .log(LoggingLevel.WARN, "ADA write-back for " + m.code() + " failed (${exception.message});"
                                + " will try again")
                    .end()
                    .process(exchange -> writeBack.writePending(m.code()));
        }
    }
}
