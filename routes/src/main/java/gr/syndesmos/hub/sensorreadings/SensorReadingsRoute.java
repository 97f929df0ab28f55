package gr.syndesmos.hub.sensorreadings;

import gr.syndesmos.hub.HubProperties;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.councildecisions.DestinationClients;
import gr.syndesmos.hub.councildecisions.RegionalDestination;
import gr.syndesmos.hub.deadletters.DeadLetters;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.municipality.ConnectorTemplates;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.records.RecordTrail;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.schemas.sensorreading.SensorReading;
import java.util.List;
import java.util.Map;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Sensor readings: rows from a municipality's sensors (MQTT) → canonical {@code sensor-reading} v1 → regional
 * platform. One set of routes per municipality taking part in the flow, with these ids:
 * <ul>
 *   <li>{@code sensor-readings.ingest.<code>}, at {@code direct:sensor-readings.ingest.<code>}: a batch of rows
 *       (body {@code List<Map<String,Object>>}, header {@code SyndesmosSource}) is translated, validated, published
 *       or quarantined in one JMS transaction (see {@link SensorReadingIngest}); an exception means "not taken", and
 *       the connector must offer the batch again;</li>
 *   <li>{@code sensor-readings.source.<code>}: the source connector of the municipality's file (e.g. {@code mqtt-in})
 *       feeding that endpoint;</li>
 *   <li>{@code sensor-readings.deliver.<code>.regional}: transacted consumer of the municipality's queue
 *       {@code sensor-reading.<code>.regional}; failures roll back and the broker redelivers with back-off, the last
 *       one is dead-lettered to {@code dead-letter.<code>.regional} with its reason, as for council decisions.</li>
 * </ul>
 */
@Component
public class SensorReadingsRoute extends RouteBuilder {

    /** The destinations this flow can deliver to. */
    static final List<String> DESTINATIONS = List.of(RegionalDestination.NAME);

    private final MunicipalityRegistry municipalities;
    private final HubProperties properties;
    private final SensorReadingIngest ingest;
    private final StateStore state;
    private final DeadLetters deadLetters;
    private final RecordTrail trail;
    private final HubMetrics metrics;
    private final DestinationClients destinationClients;

    public SensorReadingsRoute(MunicipalityRegistry municipalities, HubProperties properties,
            SensorReadingIngest ingest, StateStore state, DeadLetters deadLetters, RecordTrail trail,
            HubMetrics metrics, DestinationClients destinationClients) {
        this.destinationClients = destinationClients;
        this.municipalities = municipalities;
        this.properties = properties;
        this.ingest = ingest;
        this.state = state;
        this.deadLetters = deadLetters;
        this.trail = trail;
        this.metrics = metrics;
    }

    public static String ingestEndpoint(String municipalityCode) {
        return "direct:" + SensorReadingIngest.FLOW + ".ingest." + municipalityCode;
    }

    @Override
    public void configure() throws Exception {
        ConnectorTemplates.addAll(getContext(), municipalities.connectors());
        String flowName = SensorReadingIngest.FLOW;
        String address = BrokerTopology.recordAddress(SensorReading.RECORD_TYPE);

        for (Municipality m : municipalities.inFlow(flowName)) {
            List<String> destinations = m.flows().get(flowName).destinations();
            for (String destination : destinations) {
                if (!DESTINATIONS.contains(destination)) {
                    // Stops the hub at start, naming the municipality, rather than leaving a queue nobody reads.
                    throw new IllegalStateException("Municipality " + m.code() + ": flow " + flowName
                            + " has no destination named '" + destination + "' (it delivers to " + DESTINATIONS + ")");
                }
            }

            // The municipality's source connector (MQTT for Serres) hands batches of rows to the ingest route.
            Municipality.ConnectorUse source = m.flows().get(flowName).source();
            ConnectorTemplates.instantiate(this, source.connector(), flowName + ".source." + m.code(),
                    municipalities.templateParameters(m, flowName, source), Map.of("handler", ingestEndpoint(m.code())));

            from(ingestEndpoint(m.code())).routeId(flowName + ".ingest." + m.code())
                    .setHeader(BrokerTopology.MUNICIPALITY, constant(m.code()))
                    .bean(ingest, "ingest");

            for (String destinationName : destinations) {
                RegionalDestination destination = new RegionalDestination(
                        destinationClients.client(RegionalDestination.NAME),
                        properties.destination(RegionalDestination.NAME).url());
                String queue = BrokerTopology.deliveryQueue(SensorReading.RECORD_TYPE, m.code(), destinationName);
                from("jms:queue:" + BrokerTopology.fqqn(address, queue) + "?concurrentConsumers=1")
                        .routeId(flowName + ".deliver." + m.code() + "." + destinationName)
                        .errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false))
                        // The last failure: labelled and moved to the dead-letter queue in the same transaction.
                        .onException(Exception.class).onWhen(deadLetters::isFinal).handled(true)
                            .process(exchange -> deadLetters.label(exchange, address, queue, destinationName,
                                    flowName))
                            .to("jms:topic:" + BrokerTopology.DEAD_LETTER_ADDRESS)
                        .end()
                        // Any other failure rolls back: the broker redelivers after a growing delay.
                        .onException(Exception.class).handled(false)
                            .process(exchange -> deadLetters.attemptFailed(exchange, destinationName, flowName))
                            .log(LoggingLevel.WARN, "${header.recordId} to " + destinationName
                                    + ": attempt ${header.JMSXDeliveryCount} failed (${exception.message}); will retry")
                        .end()
                        .process(new SensorReadingDelivery(destination, state, trail, metrics, destinations.size()));
            }
        }
    }
}
