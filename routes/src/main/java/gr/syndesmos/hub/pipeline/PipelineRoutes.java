package gr.syndesmos.hub.pipeline;

import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.DeadLetters;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.connectors.catalog.ConnectorCatalog;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import java.time.Duration;
import gr.syndesmos.hub.sources.LeaderOnlyRoutes;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one pipeline every flow runs on, as route templates instantiated per flow × municipality × destination from
 * the {@link PipelinePlan}, with readable route ids:
 * <ul>
 *   <li>{@code <flow>.source.<code>}: the municipality's source connector, the route of its Kamelet (a folder,
 *       SFTP, its database, MQTT...), handing files, rows or messages to its ingest;</li>
 *   <li>{@code <flow>.ingest.<code>}: consumes the source Kamelet ({@code kamelet:<connector>/<flow>.source.<code>})
 *       and translates, validates, publishes or quarantines ({@link RecordIngest});</li>
 *   <li>{@code <flow>.deliver.<code>.<destination>}: transacted consumers of the municipality's queue for that
 *       destination ({@link RecordDelivery}), acknowledging in batches ({@link DeliveryConsumers}); failures roll
 *       back and the broker redelivers with back-off, the last one is dead-lettered with its reason, as the route
 *       configuration {@value PipelineErrorHandling#DELIVERY_ERRORS} says once for every delivery;</li>
 *   <li>{@code <flow>.write-back.<code>}: the destination's answers, written in the municipality's import format as
 *       soon as a delivery records one ({@link WriteBackWriter}), through its write-back connector, the route of its
 *       sink Kamelet {@code <flow>.write-back-out.<code>} (by default a folder, {@code <data>/outbox/<code>/<flow>/}); a connector
 *       that fails is retried with back-off ({@value PipelineErrorHandling#WRITE_BACK_ERRORS}).</li>
 * </ul>
 */
@Component
public class PipelineRoutes extends RouteBuilder {

    static final String INGEST = "pipeline.ingest";
    static final String DELIVER = "pipeline.deliver";
    static final String WRITE_BACK = "pipeline.write-back";

    private final PipelinePlan plan;
    private final MunicipalityRegistry municipalities;
    private final RecordIngest ingest;
    private final RecordDelivery delivery;
    private final WriteBackWriter writeBack;
    private final Duration gather;
    private final boolean severalHubs;

    public PipelineRoutes(PipelinePlan plan, MunicipalityRegistry municipalities, RecordIngest ingest,
            RecordDelivery delivery, WriteBackWriter writeBack,
            @Value("${syndesmos.write-back.gather:PT1S}") Duration gather,
            @Value("${syndesmos.cluster.enabled:false}") boolean severalHubs) {
        this.plan = plan;
        this.municipalities = municipalities;
        this.ingest = ingest;
        this.delivery = delivery;
        this.writeBack = writeBack;
        this.gather = gather;
        this.severalHubs = severalHubs;
    }

    @Override
    public void configure() throws Exception {
        templates();
        for (PipelinePlan.Lane lane : plan.lanes()) {
            instantiate(lane);
        }
    }

    private void templates() {
        routeTemplate(INGEST)
                .templateParameter("flow")
                .templateParameter("code")
                .templateParameter("source")
                .from("{{source}}")
                .setHeader(BrokerTopology.MUNICIPALITY, constant("{{code}}"))
                .setProperty(RecordIngest.FLOW, constant("{{flow}}"))
                .bean(ingest, "ingest");

        routeTemplate(DELIVER)
                .templateParameter("flow")
                .templateParameter("code")
                .templateParameter("destination")
                .templateParameter("address")
                .templateParameter("queue")
                .templateParameter("consumers", "1")
                .templateParameter("attempts", "0")
                .from(DeliveryConsumers.COMPONENT + ":queue:{{address}}::{{queue}}?concurrentConsumers={{consumers}}")
                .routeConfigurationId(PipelineErrorHandling.DELIVERY_ERRORS)
                .routeProperty(DeadLetters.FLOW, "{{flow}}")
                .routeProperty(DeadLetters.DESTINATION, "{{destination}}")
                .routeProperty(DeadLetters.ADDRESS, "{{address}}")
                .routeProperty(DeadLetters.QUEUE, "{{queue}}")
                .routeProperty(DeadLetters.ATTEMPTS_ALLOWED, "{{attempts}}")
                .bean(delivery, "deliver");

        routeTemplate(WRITE_BACK)
                .templateParameter("flow")
                .templateParameter("code")
                .templateParameter("trigger")
                .templateParameter("gatherMillis")
                .templateParameter("sink")
                .from("{{trigger}}")
                .routeConfigurationId(PipelineErrorHandling.WRITE_BACK_ERRORS)
                // On the route, not on each exchange: the URI may carry the connector's secrets.
                .routeProperty(WriteBackWriter.SINK, "{{sink}}")
                // Answers that arrive within this moment go in one file; it also keeps two files of one
                // municipality from being named to the same second.
                .delay(simple("{{gatherMillis}}")).syncDelayed()
                .setHeader(BrokerTopology.MUNICIPALITY, constant("{{code}}"))
                .setProperty(RecordIngest.FLOW, constant("{{flow}}"))
                .bean(writeBack, "write");
    }

    private void instantiate(PipelinePlan.Lane lane) {
        Flow flow = lane.flow();
        String code = lane.code();
        Municipality m = lane.municipality();
        String name = flow.name();

        Municipality.ConnectorUse source = lane.use().source();
        templatedRoute(INGEST).routeId(name + ".ingest." + code)
                .parameter("flow", name)
                .parameter("code", code)
                .parameter("source", ConnectorCatalog.endpointUri(source.connector(), name + ".source." + code,
                        municipalities.templateParameters(m, name, source)));

        String address = BrokerTopology.recordAddress(flow.recordType());
        for (Flow.FlowDestination destination : lane.destinations()) {
            Integer attempts = destination.attempts() != null ? destination.attempts() : flow.retry().attempts();
            templatedRoute(DELIVER).routeId(name + ".deliver." + code + "." + destination.name())
                    .parameter("flow", name)
                    .parameter("code", code)
                    .parameter("destination", destination.name())
                    .parameter("address", address)
                    .parameter("queue", BrokerTopology.deliveryQueue(flow.recordType(), code, destination.name()))
                    .parameter("consumers", String.valueOf(destination.consumers()))
                    .parameter("attempts", String.valueOf(attempts == null ? 0 : attempts));
        }

        if (lane.writeBack() != null) {
            // The answers go back through the municipality's write-back connector (a local outbox unless it says
            // otherwise).
            Municipality.ConnectorUse out = lane.use().writeBack() != null ? lane.use().writeBack()
                    : new Municipality.ConnectorUse("file-outbox", java.util.Map.of());
            String sink = ConnectorCatalog.endpointUri(out.connector(), name + ".write-back-out." + code,
                    municipalities.templateParameters(m, name, out));
            templatedRoute(WRITE_BACK).routeId(name + ".write-back." + code)
                    .parameter("flow", name)
                    .parameter("code", code)
                    .parameter("trigger", WriteBackWriter.trigger(name, code))
                    .parameter("gatherMillis", String.valueOf(gather.toMillis()))
                    .parameter("sink", sink);
            // The sink Kamelet's route is made now, with the others, not at the first answer.
            getContext().getEndpoint(sink);
            if (severalHubs) {
                // One hub writes a municipality's answers (sources.LeaderOnlyRoutes), but every hub delivers and
                // records them: that hub looks for answers the others recorded every few seconds.
                from("timer:" + name + "-write-back-" + code + "?period=5000&delay=5000")
                        .routeId(name + ".write-back." + code + LeaderOnlyRoutes.SAME_LEADER)
                        .to(WriteBackWriter.trigger(name, code));
            }
        }
    }
}
