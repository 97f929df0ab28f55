package gr.syndesmos.hub.municipality;

import java.util.List;
import java.util.Map;

/**
 * A municipality the hub serves, as its configuration file {@code municipalities/<code>.yml} describes it.
 *
 * @param code official Kallikratis (ELSTAT) code; the key everywhere (queues, folders, mappings)
 * @param name official name, e.g. {@code Ρεθύμνης}
 * @param latinName for logs and folder listings, e.g. {@code Rethymno}
 * @param diavgeiaOrganizationId organisation uid on the transparency portal, null when it has none
 * @param flows the flows it takes part in, by flow name
 */
public record Municipality(String code, String name, String latinName, String diavgeiaOrganizationId,
        Map<String, Flow> flows) {

    /**
     * @param include ant pattern of the export files its legacy system drops in the inbox
     * @param destinations where the flow's records go, e.g. {@code [diavgeia, regional]}
     */
    public record Flow(String include, List<String> destinations) {
    }

    public boolean takesPartIn(String flow) {
        return flows != null && flows.containsKey(flow);
    }
}
