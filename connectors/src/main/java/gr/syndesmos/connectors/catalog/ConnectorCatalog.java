package gr.syndesmos.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import gr.syndesmos.connectors.catalog.ConnectorDescriptor.Kind;
import gr.syndesmos.connectors.catalog.ConnectorDescriptor.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Every connector the classpath offers, read from {@code connectors/*.connector.yaml}, and the checks the hub runs on
 * the parameters a municipality gives one before it instantiates the template. A descriptor that does not follow
 * {@code connectors/connector-descriptor.schema.json} is refused when the catalogue loads, naming the file.
 */
public final class ConnectorCatalog {

    /** Classpath folder of the descriptors. */
    public static final String FOLDER = "connectors";
    /** Ending of a descriptor's file name. */
    public static final String SUFFIX = ".connector.yaml";
    /** Classpath location of the descriptors' meta-schema. */
    public static final String META_SCHEMA = FOLDER + "/connector-descriptor.schema.json";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> { });
    /** JSON schema keywords of a parameter that constrain its value; the rest (title, x-descriptors...) is for people. */
    private static final Set<String> VALUE_KEYWORDS = Set.of("type", "enum", "minimum", "maximum", "pattern",
            "minLength");

    private final Map<String, ConnectorDescriptor> descriptors;
    private final Map<String, Schema> parameterSchemas = new ConcurrentHashMap<>();

    public ConnectorCatalog(Collection<ConnectorDescriptor> descriptors) {
        Map<String, ConnectorDescriptor> byName = new TreeMap<>();
        for (ConnectorDescriptor descriptor : descriptors) {
            if (byName.put(descriptor.name(), descriptor) != null) {
                throw new IllegalStateException("Two connector descriptors are named '" + descriptor.name() + "'");
            }
        }
        this.descriptors = java.util.Collections.unmodifiableMap(byName);
    }

    /** The connectors on this class's class path ({@code classpath*:connectors/*.connector.yaml}). */
    public static ConnectorCatalog fromClasspath() {
        return load(ConnectorCatalog.class.getClassLoader(), FOLDER);
    }

    /**
     * Reads and checks every {@code *.connector.yaml} in a classpath folder.
     *
     * @throws IllegalStateException naming the file and each problem when a descriptor is invalid
     */
    public static ConnectorCatalog load(ClassLoader classLoader, String folder) {
        List<ConnectorDescriptor> loaded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ClasspathFolder.Entry entry : ClasspathFolder.list(classLoader, folder, SUFFIX)) {
            try {
                loaded.add(read(entry.fileName(), entry.read()));
            } catch (InvalidConnectorDescriptorException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConnectorDescriptorException(String.join("\n", problems));
        }
        return new ConnectorCatalog(loaded);
    }

    /**
     * Parses and checks one descriptor.
     *
     * @param fileName its file name, which must be {@code <name>.connector.yaml}
     * @throws InvalidConnectorDescriptorException listing every problem
     */
    public static ConnectorDescriptor read(String fileName, byte[] yaml) {
        JsonNode node;
        try {
            node = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new InvalidConnectorDescriptorException("Connector descriptor " + fileName + " is not valid YAML: "
                    + e.getMessage());
        }
        List<String> problems = check(fileName, node);
        if (!problems.isEmpty()) {
            throw new InvalidConnectorDescriptorException("Connector descriptor " + fileName + " is invalid:\n  - "
                    + String.join("\n  - ", problems));
        }
        return new ConnectorDescriptor(node.path("name").asText(),
                Kind.valueOf(node.path("kind").asText().toUpperCase(Locale.ROOT)),
                Optional.ofNullable(node.get("produces")).map(JsonNode::asText), node.path("implementation").asText(),
                node.path("title").asText(), node.path("description").asText(), node.path("definition"));
    }

    /** What is wrong with a descriptor, in plain words; empty when it is valid. */
    public static List<String> check(String fileName, JsonNode descriptor) {
        if (descriptor == null || !descriptor.isObject()) {
            return List.of("the file does not hold a descriptor (a YAML mapping with name, kind, definition...)");
        }
        List<String> problems = new ArrayList<>(metaSchema().validate(descriptor).stream()
                .map(ConnectorCatalog::describeMetaSchemaError).toList());
        String name = descriptor.path("name").asText();
        if (!fileName.equals(name + SUFFIX)) {
            problems.add("the file must be named after the connector: " + name + SUFFIX + ", not " + fileName);
        }
        JsonNode properties = descriptor.path("definition").path("properties");
        for (JsonNode required : descriptor.path("definition").path("required")) {
            JsonNode property = properties.get(required.asText());
            if (property == null) {
                problems.add("required parameter '" + required.asText() + "' is not among the properties");
            } else if (property.has("default")) {
                problems.add("parameter '" + required.asText() + "' is required and has a default: choose one");
            }
        }
        if (problems.isEmpty()) {
            // Each default must itself be a valid value of its parameter (type, enum, minimum...).
            Schema parameters = parameterSchema(descriptor.path("definition"));
            properties.properties().forEach(entry -> {
                if (entry.getValue().has("default")) {
                    ObjectNode onlyDefault = JsonNodeFactory.instance.objectNode();
                    onlyDefault.set(entry.getKey(), entry.getValue().get("default"));
                    parameters.validate(onlyDefault).stream()
                            .filter(error -> !"required".equals(error.getKeyword()))
                            .forEach(error -> problems.add("default of " + describeParameterError(error)));
                }
            });
        }
        return problems;
    }

    public Collection<ConnectorDescriptor> all() {
        return descriptors.values();
    }

    public Optional<ConnectorDescriptor> find(String name) {
        return Optional.ofNullable(descriptors.get(name));
    }

    /** @throws IllegalArgumentException naming the known connectors when there is none of this name */
    public ConnectorDescriptor get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("There is no connector named '" + name
                + "'; known connectors: " + String.join(", ", descriptors.keySet())));
    }

    /**
     * Checks the parameters a municipality gives a connector against its definition: types, allowed values, required
     * ones, and no unknown names (a misspelt optional parameter would otherwise be silently ignored). Strings that
     * spell a number or a boolean count as one, so values from environment variables work.
     *
     * @return problems in plain words naming the parameter, e.g. {@code parameter 'pollDelayMillis' must be an
     *     integer}; empty when the parameters are valid
     */
    public List<String> validateParameters(String name, Map<String, ?> params) {
        ConnectorDescriptor descriptor = get(name);
        Schema schema = parameterSchemas.computeIfAbsent(name, key -> parameterSchema(descriptor.definition()));
        ObjectNode given = typed(descriptor, params);
        return schema.validate(given).stream().map(error -> {
            String problem = describeParameterError(error);
            if ("additionalProperties".equals(error.getKeyword())) {
                problem += closest(error.getProperty(), descriptor.parameters().keySet())
                        .map(known -> " (did you mean '" + known + "'?)").orElse("");
            }
            return problem;
        }).distinct().toList();
    }

    /**
     * The template parameters for a connector: each parameter given, else its default, in the string form a route
     * template takes. Optional parameters with neither are left out (their template default applies). The hub adds
     * the reserved {@code handler} or {@code endpoint} itself.
     *
     * @throws IllegalArgumentException with the problems of {@link #validateParameters} when the parameters are invalid
     */
    public Map<String, String> withDefaults(String name, Map<String, ?> params) {
        List<String> problems = validateParameters(name, params);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid parameters for connector '" + name + "': "
                    + String.join("; ", problems));
        }
        ConnectorDescriptor descriptor = get(name);
        ObjectNode given = typed(descriptor, params);
        Map<String, String> result = new LinkedHashMap<>();
        descriptor.parameters().values().forEach(parameter -> {
            JsonNode value = given.has(parameter.name()) ? given.get(parameter.name())
                    : parameter.defaultValue().orElse(null);
            if (value != null) {
                result.put(parameter.name(), value.isNumber() ? value.decimalValue().stripTrailingZeros()
                        .toPlainString() : value.asText());
            }
        });
        return result;
    }

    /** Whether a parameter holds a secret ({@code format: password}): never log or show its value. */
    public boolean isSecret(String name, String param) {
        Parameter parameter = get(name).parameters().get(param);
        return parameter != null && parameter.secret();
    }

    private static ObjectNode typed(ConnectorDescriptor descriptor, Map<String, ?> params) {
        Map<String, Parameter> parameters = descriptor.parameters();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        params.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            JsonNode json = YAML.valueToTree(value);
            Parameter parameter = parameters.get(key);
            if (parameter != null && json.isTextual()) {
                json = fromText(json.asText().trim(), parameter.type()).orElse(json);
            }
            node.set(key, json);
        });
        return node;
    }

    private static Optional<JsonNode> fromText(String text, String type) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        try {
            return switch (type) {
                case "integer" -> text.matches("-?\\d+") ? Optional.of(nodes.numberNode(new BigDecimal(text)
                        .toBigIntegerExact())) : Optional.empty();
                case "number" -> Optional.of(nodes.numberNode(new BigDecimal(text)));
                case "boolean" -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                        ? Optional.of(nodes.booleanNode(Boolean.parseBoolean(text))) : Optional.empty();
                default -> Optional.empty();
            };
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The definition as a closed JSON schema of the parameters: only the value keywords, no unknown names. */
    private static Schema parameterSchema(JsonNode definition) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        definition.path("properties").properties().forEach(entry -> {
            ObjectNode property = properties.putObject(entry.getKey());
            entry.getValue().properties().stream().filter(keyword -> VALUE_KEYWORDS.contains(keyword.getKey()))
                    .forEach(keyword -> property.set(keyword.getKey(), keyword.getValue()));
        });
        if (definition.has("required")) {
            schema.set("required", definition.get("required"));
        }
        schema.put("additionalProperties", false);
        Schema compiled = SCHEMAS.getSchema(schema);
        compiled.initializeValidators();
        return compiled;
    }

    private static String describeParameterError(Error error) {
        String parameter = error.getInstanceLocation().getNameCount() > 0
                ? String.valueOf(error.getInstanceLocation().getElement(0)) : error.getProperty();
        JsonNode rule = error.getSchemaNode();
        return switch (error.getKeyword()) {
            case "required" -> "missing required parameter '" + error.getProperty() + "'";
            case "additionalProperties" -> "unknown parameter '" + error.getProperty() + "'";
            case "type" -> "parameter '" + parameter + "' must be " + typeInWords(rule.asText());
            case "enum" -> "parameter '" + parameter + "' must be one of: " + rule.valueStream()
                    .map(JsonNode::asText).collect(Collectors.joining(", "));
            case "minimum" -> "parameter '" + parameter + "' must be at least " + rule.asText();
            case "maximum" -> "parameter '" + parameter + "' must be at most " + rule.asText();
            case "minLength" -> "parameter '" + parameter + "' must not be empty";
            case "pattern" -> "parameter '" + parameter + "' must match " + rule.asText();
            default -> "parameter '" + parameter + "': " + error.getMessage();
        };
    }

    private static String typeInWords(String type) {
        return switch (type) {
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "string" -> "a text";
            default -> type;
        };
    }

    private static String describeMetaSchemaError(Error error) {
        // "/definition/properties/password" reads better as "definition.properties.password"
        String where = error.getInstanceLocation().toString().replaceFirst("^[$/]", "").replaceFirst("^\\.", "")
                .replace('/', '.');
        return (where.isEmpty() ? "" : where + ": ") + error.getMessage();
    }

    /** A known name within two edits of the unknown one: the likely misspelling. */
    private static Optional<String> closest(String unknown, Collection<String> known) {
        return known.stream().filter(name -> editDistance(unknown.toLowerCase(Locale.ROOT),
                name.toLowerCase(Locale.ROOT)) <= 2).findFirst();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    private static Schema metaSchema() {
        return MetaSchemaHolder.SCHEMA;
    }

    /** Loaded once, on first use. */
    private static final class MetaSchemaHolder {
        static final Schema SCHEMA = loadMetaSchema();

        private static Schema loadMetaSchema() {
            try (InputStream in = ConnectorCatalog.class.getClassLoader().getResourceAsStream(META_SCHEMA)) {
                if (in == null) {
                    throw new IllegalStateException("classpath:" + META_SCHEMA + " is missing");
                }
                Schema schema = SCHEMAS.getSchema(in);
                schema.initializeValidators();
                return schema;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
