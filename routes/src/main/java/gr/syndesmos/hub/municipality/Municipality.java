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
 * @param brokerAccount the broker login of its legacy systems that talk to the broker directly (they may send to
 *     its inbound addresses and read its outbound queues only); null when none does
 */
public record Municipality(String code, String name, String latinName, String diavgeiaOrganizationId,
        Map<String, FlowUse> flows, BrokerAccount brokerAccount) {

    /** @param password a reference ({@code ${env:NAME}} or {@code ${secret:NAME}}), never the password itself */
    public record BrokerAccount(String user, String password) {
    }

    /**
     * How the municipality takes part in one flow.
     *
     * @param mapping whose mapping folder ({@code mappings/<code>/<flow>/}) translates its records; null means its
     *     own code. A municipality running the same legacy system as another names that one here.
     * @param source the connector that brings its records in, with its parameters
     * @param destinations where the flow's records go, e.g. {@code [diavgeia, regional]}
     * @param writeBack the connector that carries answers (ADAs) back to its system; null means a file outbox
     * @param answeredBy in a request-reply flow, the connector that asks its system and brings the answer
     */
    public record FlowUse(String mapping, ConnectorUse source, List<String> destinations, ConnectorUse writeBack,
            ConnectorUse answeredBy) {

        /** Where its records go; none for a flow it answers rather than publishes. */
        @Override
        public List<String> destinations() {
            return destinations == null ? List.of() : destinations;
        }

        public String mappingCode(String ownCode) {
            return mapping == null ? ownCode : mapping;
        }
    }

    /**
     * A connector from the catalogue and the parameters it gets. Secret parameters hold references
     * ({@code ${env:NAME}} or {@code ${secret:NAME}}), never the secret itself.
     */
    public record ConnectorUse(String connector, Map<String, Object> parameters) {

        public Map<String, Object> parameters() {
            return parameters == null ? Map.of() : parameters;
        }
    }

    public boolean takesPartIn(String flow) {
        return flows != null && flows.containsKey(flow);
    }
}
