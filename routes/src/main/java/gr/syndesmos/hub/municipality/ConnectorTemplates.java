package gr.syndesmos.hub.municipality;

import gr.syndesmos.connectors.catalog.ConnectorCatalog;
import gr.syndesmos.connectors.catalog.ConnectorDescriptor;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;

/**
 * Instantiates catalogue connectors for a municipality's flow. The hub knows connectors only through their
 * descriptors: a new connector in the catalogue is usable from a municipality file without a change here.
 */
public final class ConnectorTemplates {

    private ConnectorTemplates() {
    }

    /** Adds the route template of every connector in the catalogue, once. */
    public static void addAll(CamelContext context, ConnectorCatalog catalog) throws Exception {
        ModelCamelContext model = (ModelCamelContext) context;
        for (ConnectorDescriptor descriptor : catalog.all()) {
            if (model.getRouteTemplateDefinition(descriptor.name()) == null) {
                Class<?> type = Class.forName(descriptor.implementation());
                context.addRoutes((RoutesBuilder) type.getDeclaredConstructor().newInstance());
            }
        }
    }

    /**
     * One route from a connector template.
     *
     * @param parameters the municipality's parameters, defaults and references already resolved
     * @param reserved the hub's own: {@code handler} for sources, {@code endpoint} for sinks
     */
    public static void instantiate(RouteBuilder builder, String connector, String routeId,
            Map<String, String> parameters, Map<String, String> reserved) {
        var route = builder.templatedRoute(connector).routeId(routeId);
        parameters.forEach(route::parameter);
        reserved.forEach(route::parameter);
    }
}
