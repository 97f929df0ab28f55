package gr.syndesmos.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connector as its descriptor {@code connectors/<name>.connector.yaml} describes it (modelled on a Camel Kamelet):
 * what it is, which route template implements it and the JSON schema of its parameters ({@code definition}).
 *
 * @param name        kebab-case name; equals the file name and the id of the route template
 * @param kind        source or sink
 * @param produces    for sources, what they hand to the handler ({@code file} or {@code rows}); empty for sinks
 * @param implementation the {@code RouteBuilder} class that declares the template
 * @param title       short human title
 * @param description what it does, in a few sentences
 * @param definition  the parameters as JSON schema ({@code required}, {@code properties})
 */
public record ConnectorDescriptor(
        String name,
        Kind kind,
        Optional<String> produces,
        String implementation,
        String title,
        String description,
        JsonNode definition) {

    /** Credentials x-descriptor that marks a secret, together with {@code format: password}. */
    public static final String CREDENTIALS_DESCRIPTOR = "urn:camel:group:credentials";

    /** Template parameter the hub supplies to every source: the endpoint URI that processes one file or batch. */
    public static final String HANDLER_PARAMETER = "handler";

    /** Template parameter the hub supplies to every sink: the sink listens on {@code direct:<endpoint>}. */
    public static final String ENDPOINT_PARAMETER = "endpoint";

    /** Whether a connector brings data in or takes it out. */
    public enum Kind {
        SOURCE, SINK;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One parameter of the connector. */
    public record Parameter(
            String name,
            String title,
            String description,
            String type,
            boolean required,
            Optional<JsonNode> defaultValue,
            boolean secret) {

        /** The default in the string form a route template takes, if there is one. */
        public Optional<String> defaultText() {
            return defaultValue.map(JsonNode::asText);
        }
    }

    /** Parameters in the order the descriptor lists them. */
    public Map<String, Parameter> parameters() {
        List<String> required = definition.path("required").valueStream().map(JsonNode::asText).toList();
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        definition.path("properties").properties().forEach(entry -> {
            JsonNode property = entry.getValue();
            boolean secret = "password".equals(property.path("format").asText())
                    || property.path("x-descriptors").valueStream()
                            .anyMatch(d -> CREDENTIALS_DESCRIPTOR.equals(d.asText()));
            parameters.put(entry.getKey(), new Parameter(entry.getKey(), property.path("title").asText(),
                    property.path("description").asText(), property.path("type").asText(),
                    required.contains(entry.getKey()),
                    Optional.ofNullable(property.get("default")), secret));
        });
        return parameters;
    }

    /** The parameter the hub adds itself: {@code handler} for sources, {@code endpoint} for sinks. */
    public String reservedParameter() {
        return kind == Kind.SOURCE ? HANDLER_PARAMETER : ENDPOINT_PARAMETER;
    }
}
