package gr.syndesmos.connectors.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Uses a connector's Kamelet in a test the way the hub does: a source's Kamelet route hands what it takes to
 * {@code handler}, a sink's Kamelet route takes what is sent to {@code direct:<endpoint>}. The Kamelet's own route gets
 * the given id. Parameters left out take the Kamelet's defaults (optional ones without a default are empty), without
 * the catalogue's checks, so a test can also give a Kamelet what the catalogue would refuse.
 */
public final class KameletRoutes {

    private static final ConnectorCatalog CATALOG = ConnectorCatalog.fromClasspath();

    private KameletRoutes() {
    }

    /**
     * @param parameters the Kamelet's properties, plus {@code handler} (an endpoint URI) for a source or
     *                   {@code endpoint} (a direct endpoint's name) for a sink
     */
    public static void add(CamelContext context, String routeId, String connector, Map<String, ?> parameters)
            throws Exception {
        ConnectorDescriptor descriptor = CATALOG.get(connector);
        Map<String, String> properties = new LinkedHashMap<>();
        descriptor.parameters().values().forEach(parameter -> properties.put(parameter.name(),
                parameter.defaultText().orElse("")));
        parameters.forEach((name, value) -> {
            if (!"handler".equals(name) && !"endpoint".equals(name)) {
                properties.put(name, String.valueOf(value));
            }
        });
        String kamelet = ConnectorCatalog.endpointUri(connector, routeId, properties);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (descriptor.kind() == ConnectorDescriptor.Kind.SOURCE) {
                    from(kamelet).routeId(routeId + ".hub").to(String.valueOf(parameters.get("handler")));
                } else {
                    from("direct:" + parameters.get("endpoint")).routeId(routeId + ".hub").to(kamelet);
                }
            }
        });
    }
}
