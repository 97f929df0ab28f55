package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.connectors.file.FileInboxRouteTemplate;
import gr.syndesmos.connectors.http.JsonHttpClient;
import gr.syndesmos.hub.HubProperties;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.DeadLetters;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.records.RecordTrail;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.mappings.MappingCatalog;
import gr.syndesmos.mappings.destinations.DiavgeiaMetadataMapper;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.springframework.stereotype.Component;

/**
 * Council decisions: legacy export → canonical {@code council-decision} v1 → transparency portal (Diavgeia) and
 * regional platform, with the ADA written back to the issuing municipality. One set of routes per municipality
 * (from its configuration file), with these ids:
 * <ul>
 *   <li>{@code council-decisions.inbox.<code>}: whole export files from {@code <data>/inbox/<code>/council-decisions/};</li>
 *   <li>{@code council-decisions.ingest.<code>}: translate, validate, publish or quarantine (see
 *       {@link CouncilDecisionIngest});</li>
 *   <li>{@code council-decisions.deliver.<code>.<destination>}: transacted consumer of the municipality's queue for
 *       that destination; failures roll back and the broker redelivers with back-off, the last one is
 *       dead-lettered with its reason;</li>
 *   <li>{@code council-decisions.write-back.<code>}: ADAs to {@code <data>/outbox/<code>/council-decisions/}.</li>
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

    public CouncilDecisionsRoute(MunicipalityRegistry municipalities, HubProperties properties,
            CouncilDecisionIngest ingest, StateStore state, DeadLetters deadLetters, AdaWriteBackWriter writeBack,
            RecordTrail trail, HubMetrics metrics) {
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
        if (((ModelCamelContext) getContext()).getRouteTemplateDefinition(FileInboxRouteTemplate.ID) == null) {
            getContext().addRoutes(new FileInboxRouteTemplate());
        }
        JsonHttpClient http = new JsonHttpClient(properties.http().connectTimeout(),
                properties.http().responseTimeout());
        String recordType = CouncilDecision.RECORD_TYPE;
        String address = BrokerTopology.recordAddress(recordType);

        for (Municipality m : municipalities.inFlow(CouncilDecisionIngest.FLOW)) {
            Municipality.Flow flow = m.flows().get(CouncilDecisionIngest.FLOW);
            // A missing or broken mapping stops the hub now, naming the file, not at the first export.
            MappingCatalog.fromClasspath().mapping(m.code(), CouncilDecisionIngest.FLOW);
            if (flow.destinations().contains(DiavgeiaDestination.NAME)) {
                DiavgeiaMetadataMapper.load(m.code());
            }
            String ingestEndpoint = "direct:council-decisions.ingest." + m.code();

            templatedRoute(FileInboxRouteTemplate.ID)
                    .routeId("council-decisions.inbox." + m.code())
                    .parameter("directory", properties.inbox(m.code(), CouncilDecisionIngest.FLOW).toAbsolutePath()
                            .toString())
                    .parameter("include", flow.include())
                    .parameter("handler", ingestEndpoint);

            from(ingestEndpoint).routeId("council-decisions.ingest." + m.code())
                    .setHeader(BrokerTopology.MUNICIPALITY, constant(m.code()))
                    .bean(ingest, "ingest");

            for (String destinationName : flow.destinations()) {
                DecisionDestination destination = switch (destinationName) {
                    case DiavgeiaDestination.NAME -> new DiavgeiaDestination(http,
                            properties.destination(DiavgeiaDestination.NAME).url());
                    case RegionalDestination.NAME -> new RegionalDestination(http,
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
                    .process(exchange -> writeBack.writePending(m.code()));
        }
    }
}
