package gr.syndesmos.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connector as its Kamelet {@code kamelets/<name>.kamelet.yaml} describes it: what it is and the JSON schema of its
 * parameters ({@code spec.definition}).
 *
 * @param name        kebab-case name; equals the file name and the Kamelet's
 * @param kind        source, sink or action (the Kamelet's {@code camel.apache.org/kamelet.type} label); an action
 *                    takes a question and gives back its answer
 * @param produces    for sources, what they hand the hub ({@code file}, {@code rows} or {@code messages}; the
 *                    {@code syndesmos.gr/produces} annotation); empty for sinks
 * @param title       short human title
 * @param description what it does, in a few sentences
 * @param definition  the parameters as JSON schema ({@code required}, {@code properties})
 */
public record ConnectorDescriptor(
        String name,
        Kind kind,
        Optional<String> produces,
        String title,
        String description,
        JsonNode definition) {

    /** Credentials x-descriptor that marks a secret, together with {@code format: password}. */
    public static final String CREDENTIALS_DESCRIPTOR = "urn:camel:group:credentials";

    /** Whether a connector brings data in or takes it out. */
    public enum Kind {
        SOURCE, SINK, ACTION;

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
}
