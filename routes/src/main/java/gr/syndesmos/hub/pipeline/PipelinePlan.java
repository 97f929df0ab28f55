package gr.syndesmos.hub.pipeline;

import gr.syndesmos.connectors.catalog.ConnectorDescriptor;
import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.configfiles.InvalidConfigurationFileException;
import gr.syndesmos.hub.destinations.Destination;
import gr.syndesmos.hub.destinations.DestinationClients;
import gr.syndesmos.hub.destinations.DestinationContext;
import gr.syndesmos.hub.destinations.DestinationContracts;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.MappingCatalog;
import gr.syndesmos.mappings.WriteBackFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the pipeline will run, worked out and checked before anything starts (the broker waits for it): one
 * {@link Lane} per flow and municipality taking part in it, with its mapping loaded and checked against the flow's
 * record type, its source's intake, its destinations connected and prepared (a municipality's Diavgeia ids), and its
 * write-back format. Every problem is listed at once, naming the file to mend; the hub then does not start.
 */
@Component("pipelinePlan")
public class PipelinePlan {

    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Map<String, Destination> destinations = new LinkedHashMap<>();
    private final FlowRegistry flows;

    /**
     * One flow as one municipality runs it.
     *
     * @param intake what its source connector hands in
     * @param writeBack how its system imports the destination's answers, when the flow writes back
     */
    public record Lane(Flow flow, Municipality municipality, Municipality.FlowUse use, LegacyMapping mapping,
            Flow.Intake intake, List<Flow.FlowDestination> destinations, WriteBackFormat writeBack) {

        public String code() {
            return municipality.code();
        }
    }

    public PipelinePlan(FlowRegistry flows, MunicipalityRegistry municipalities, MappingCatalog mappings,
            HubProperties properties, DestinationClients clients) {
        this.flows = flows;
        DestinationContext context = new DestinationContext(properties, clients);
        List<String> problems = new ArrayList<>();
        for (Flow flow : flows.all()) {
            if (!flow.publishes()) {
                // Answered by the municipality's system, not published: see the certificates package.
                continue;
            }
            for (Municipality m : municipalities.inFlow(flow.name())) {
                lane(flow, m, municipalities, mappings, context, problems)
                        .ifPresent(lane -> lanes.put(key(flow.name(), m.code()), lane));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationFileException("The pipeline", problems);
        }
    }

    private Optional<Lane> lane(Flow flow, Municipality m, MunicipalityRegistry municipalities,
            MappingCatalog mappings, DestinationContext context, List<String> problems) {
        int before = problems.size();
        String file = municipalities.sourceOf(m.code());
        Municipality.FlowUse use = m.flows().get(flow.name());
        ConnectorDescriptor source = municipalities.connectors().find(use.source().connector()).orElseThrow();
        Flow.Intake intake = Flow.Intake.valueOf(source.produces().orElse("file").toUpperCase(Locale.ROOT));

        LegacyMapping mapping = null;
        try {
            mapping = flow.mapping() == Flow.MappingKind.BUILT_IN
                    ? mappings.builtIn(flow.name()).orElseThrow()
                    : mappings.mapping(use.mappingCode(m.code()), flow.name());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (mapping != null) {
            if (!mapping.recordType().equals(flow.recordType()) || mapping.schemaVersion() != flow.schemaVersion()) {
                problems.add(where(mapping) + ": makes " + mapping.recordType() + " v" + mapping.schemaVersion()
                        + ", but flow " + flow.name() + " (" + flow.file() + ") carries " + flow.recordType() + " v"
                        + flow.schemaVersion() + ": set recordType and schemaVersion to the flow's");
            }
            if (mapping.readsFiles() != (intake == Flow.Intake.FILE)) {
                problems.add(file + ": flow " + flow.name() + ": connector " + use.source().connector() + " hands "
                        + intake.word() + ", but " + where(mapping) + " reads " + (mapping.readsFiles()
                        ? mapping.format() + " files" : "rows") + ": use a connector that hands "
                        + (mapping.readsFiles() ? "files" : "rows") + ", or another mapping");
            }
        }

        List<Flow.FlowDestination> used = new ArrayList<>();
        for (String name : use.destinations()) {
            Flow.FlowDestination declared = flow.destination(name).orElseThrow();
            used.add(declared);
            try {
                destination(declared, context).prepare(m.code());
            } catch (IllegalStateException e) {
                problems.add(file + ": flow " + flow.name() + ": " + e.getMessage());
            }
        }

        WriteBackFormat writeBack = null;
        if (flow.writesBack() && use.destinations().contains(flow.writeBackFrom()) && mapping != null) {
            writeBack = mapping.writeBack().orElse(null);
            if (writeBack == null) {
                problems.add(where(mapping) + ": flow " + flow.name() + " writes " + flow.writeBackFrom()
                        + "'s answers back, but this mapping has no writeBack section saying how "
                        + m.latinName() + "'s system imports them: add one");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Lane(flow, m, use, mapping, intake, List.copyOf(used), writeBack));
    }

    private Destination destination(Flow.FlowDestination declared, DestinationContext context) {
        return destinations.computeIfAbsent(declared.name(), name -> DestinationContracts.find(declared.contract())
                .orElseThrow().connect(name, context));
    }

    private static String where(LegacyMapping mapping) {
        return mapping.municipalityCode() == null ? "the built-in mapping of " + mapping.flow()
                : "mappings/" + mapping.municipalityCode() + "/" + mapping.flow() + "/mapping.yml";
    }

    private static String key(String flow, String code) {
        return flow + "/" + code;
    }

    public Collection<Lane> lanes() {
        return lanes.values();
    }

    public Lane lane(String flow, String municipalityCode) {
        Lane lane = lanes.get(key(flow, municipalityCode));
        if (lane == null) {
            throw new IllegalArgumentException("Municipality " + municipalityCode + " takes no part in flow " + flow);
        }
        return lane;
    }

    public Destination destination(String name) {
        Destination destination = destinations.get(name);
        if (destination == null) {
            throw new IllegalArgumentException("No destination is named " + name);
        }
        return destination;
    }

    public FlowRegistry flows() {
        return flows;
    }
}
