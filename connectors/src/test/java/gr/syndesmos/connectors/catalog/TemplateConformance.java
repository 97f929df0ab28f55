package gr.syndesmos.connectors.catalog;

import gr.syndesmos.connectors.catalog.ConnectorDescriptor.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;

/**
 * Whether a descriptor's implementation declares the template the descriptor promises: a {@link RouteBuilder} with
 * exactly one route template, named after the connector, whose parameters are the descriptor's plus the reserved one,
 * with the same defaults (an optional parameter without a default has the empty string as template default).
 */
final class TemplateConformance {

    private TemplateConformance() {
    }

    static List<String> problems(ConnectorDescriptor descriptor) {
        List<String> problems = new ArrayList<>();
        Class<?> implementation;
        try {
            implementation = Class.forName(descriptor.implementation());
        } catch (ClassNotFoundException e) {
            return List.of("implementation class " + descriptor.implementation() + " does not exist");
        }
        if (!RouteBuilder.class.isAssignableFrom(implementation)) {
            return List.of("implementation " + implementation.getName() + " is not a Camel RouteBuilder");
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            RouteBuilder builder = (RouteBuilder) implementation.getDeclaredConstructor().newInstance();
            context.addRoutes(builder);
            List<RouteTemplateDefinition> templates = context.getRouteTemplateDefinitions();
            if (templates.size() != 1 || !context.getRouteDefinitions().isEmpty()) {
                return List.of(implementation.getSimpleName() + " must declare exactly one route template and no route;"
                        + " it declares " + templates.size() + " template(s) and "
                        + context.getRouteDefinitions().size() + " route(s)");
            }
            RouteTemplateDefinition template = templates.get(0);
            if (!descriptor.name().equals(template.getId())) {
                problems.add("the route template's id is '" + template.getId() + "', not the connector's name '"
                        + descriptor.name() + "'");
            }
            Map<String, Parameter> parameters = descriptor.parameters();
            Set<String> expected = new LinkedHashSet<>(parameters.keySet());
            expected.add(descriptor.reservedParameter());
            Set<String> declared = new LinkedHashSet<>();
            for (RouteTemplateParameterDefinition declaredParameter : template.getTemplateParameters()) {
                declared.add(declaredParameter.getName());
                String name = declaredParameter.getName();
                String templateDefault = declaredParameter.getDefaultValue();
                if (name.equals(descriptor.reservedParameter())) {
                    if (templateDefault != null) {
                        problems.add("reserved parameter '" + name + "' must have no default in the template");
                    }
                    continue;
                }
                Parameter parameter = parameters.get(name);
                if (parameter == null) {
                    continue;
                }
                if (parameter.required()) {
                    if (templateDefault != null || !declaredParameter.isRequired()) {
                        problems.add("parameter '" + name + "' is required in the descriptor but optional in the "
                                + "template (default '" + templateDefault + "')");
                    }
                } else if (parameter.defaultText().isPresent()) {
                    if (!parameter.defaultText().get().equals(templateDefault)) {
                        problems.add("parameter '" + name + "' defaults to '" + parameter.defaultText().get()
                                + "' in the descriptor but to '" + templateDefault + "' in the template");
                    }
                } else if (!"".equals(templateDefault) && (templateDefault != null || declaredParameter.isRequired())) {
                    problems.add("optional parameter '" + name + "' without default must default to the empty "
                            + "string in the template (or be a template optional parameter), not '" + templateDefault
                            + "'");
                }
            }
            if (!declared.equals(expected)) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(declared);
                Set<String> extra = new TreeSet<>(declared);
                extra.removeAll(expected);
                problems.add("the template's parameters differ from the descriptor's"
                        + (missing.isEmpty() ? "" : "; missing in the template: " + missing)
                        + (extra.isEmpty() ? "" : "; not in the descriptor: " + extra));
            }
        } catch (Exception e) {
            problems.add("cannot add " + implementation.getName() + " to a Camel context: " + e);
        }
        return problems;
    }
}
