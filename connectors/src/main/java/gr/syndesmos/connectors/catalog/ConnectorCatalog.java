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
 * Every connector the classpath offers, read from its Kamelet {@code kamelets/<name>.kamelet.yaml}, and the checks the
 * hub runs on the parameters a municipality gives one before it uses the Kamelet. A Kamelet that does not follow
 * {@code kamelets/syndesmos-kamelet.schema.json}, or whose template uses a property it does not declare (or declares
 * one it never uses), is refused when the catalogue loads, naming the file.
 */
public final class ConnectorCatalog {

    /** Classpath folder of the Kamelets (Camel's own default location for them). */
    public static final String FOLDER = "kamelets";
    /** Ending of a Kamelet's file name. */
    public static final String SUFFIX = ".kamelet.yaml";
    /** Classpath location of the Kamelets' meta-schema. */
    public static final String META_SCHEMA = FOLDER + "/syndesmos-kamelet.schema.json";
    /** The Kamelet label that says source or sink. */
    public static final String TYPE_LABEL = "camel.apache.org/kamelet.type";
    /** The Kamelet annotation that says what a source hands the hub. */
    public static final String PRODUCES_ANNOTATION = "syndesmos.gr/produces";
    /** Property names that hold secrets: such a property must be {@code format: password}. */
    private static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile(
            "(?i).*(password|passphrase|secret|apikey)$");
    /** A property placeholder in a template. */
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{\\{(\\w+)}}");

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

    /** The connectors on this class's class path ({@code classpath*:kamelets/*.kamelet.yaml}). */
    public static ConnectorCatalog fromClasspath() {
        return load(ConnectorCatalog.class.getClassLoader(), FOLDER);
    }

    /**
     * Reads and checks every {@code *.kamelet.yaml} in a classpath folder.
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
     * Parses and checks one Kamelet.
     *
     * @param fileName its file name, which must be {@code <name>.kamelet.yaml}
     * @throws InvalidConnectorDescriptorException listing every problem
     */
    public static ConnectorDescriptor read(String fileName, byte[] yaml) {
        JsonNode node;
        try {
            node = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new InvalidConnectorDescriptorException("Kamelet " + fileName + " is not valid YAML: "
                    + e.getMessage());
        }
        List<String> problems = check(fileName, node);
        if (!problems.isEmpty()) {
            throw new InvalidConnectorDescriptorException("Kamelet " + fileName + " is invalid:\n  - "
                    + String.join("\n  - ", problems));
        }
        JsonNode metadata = node.path("metadata");
        JsonNode definition = node.path("spec").path("definition");
        return new ConnectorDescriptor(metadata.path("name").asText(),
                Kind.valueOf(metadata.path("labels").path(TYPE_LABEL).asText().toUpperCase(Locale.ROOT)),
                Optional.ofNullable(metadata.path("annotations").get(PRODUCES_ANNOTATION)).map(JsonNode::asText),
                definition.path("title").asText(), definition.path("description").asText(), definition);
    }

    /** What is wrong with a Kamelet, in plain words; empty when it is valid. */
    public static List<String> check(String fileName, JsonNode kamelet) {
        if (kamelet == null || !kamelet.isObject()) {
            return List.of("the file does not hold a Kamelet (a YAML mapping with apiVersion, kind, metadata, spec)");
        }
        List<String> problems = new ArrayList<>(metaSchema().validate(kamelet).stream()
                .map(ConnectorCatalog::describeMetaSchemaError).toList());
        String name = kamelet.path("metadata").path("name").asText();
        if (!fileName.equals(name + SUFFIX)) {
            problems.add("the file must be named after the connector: " + name + SUFFIX + ", not " + fileName);
        }
        JsonNode definition = kamelet.path("spec").path("definition");
        JsonNode properties = definition.path("properties");
        properties.properties().forEach(entry -> {
            if (SECRET_NAME.matcher(entry.getKey()).matches()
                    && !"password".equals(entry.getValue().path("format").asText())) {
                problems.add("property '" + entry.getKey() + "' holds a secret: mark it format: password (and the "
                        + ConnectorDescriptor.CREDENTIALS_DESCRIPTOR + " x-descriptor) so it is never shown");
            }
        });
        problems.addAll(placeholderProblems(kamelet, properties));
        for (JsonNode required : definition.path("required")) {
            JsonNode property = properties.get(required.asText());
            if (property == null) {
                problems.add("required parameter '" + required.asText() + "' is not among the properties");
            } else if (property.has("default")) {
                problems.add("parameter '" + required.asText() + "' is required and has a default: choose one");
            }
        }
        if (problems.isEmpty()) {
            // Each default must itself be a valid value of its parameter (type, enum, minimum...).
            Schema parameters = parameterSchema(definition);
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

    /**
     * The template's placeholders against the declared properties: one the template uses but does not declare would
     * fail only when a route is made; one declared but never used would be a setting that does nothing.
     */
    private static List<String> placeholderProblems(JsonNode kamelet, JsonNode properties) {
        JsonNode template = kamelet.path("spec").path("template");
        Set<String> beans = new java.util.HashSet<>();
        template.path("beans").forEach(bean -> beans.add(bean.path("name").asText()));
        Set<String> used = new java.util.TreeSet<>();
        java.util.regex.Matcher placeholders = PLACEHOLDER.matcher(template.toString());
        while (placeholders.find()) {
            used.add(placeholders.group(1));
        }
        List<String> problems = new ArrayList<>();
        for (String name : used) {
            if (!properties.has(name) && !beans.contains(name)) {
                problems.add("the template uses {{" + name + "}}, which is neither a property nor a bean");
            }
        }
        properties.properties().forEach(entry -> {
            if (!used.contains(entry.getKey())) {
                problems.add("property '" + entry.getKey() + "' is never used by the template");
            }
        });
        return problems;
    }

    /**
     * The endpoint URI of one use of a connector: {@code kamelet:<name>/<routeId>?<parameters>}, each value in
     * {@code RAW()} so that any character survives and Camel masks secrets when it logs the URI. The Kamelet's route
     * gets {@code routeId}.
     */
    public static String endpointUri(String connector, String routeId, Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder("kamelet:").append(connector).append('/').append(routeId);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String value = parameter.getValue();
            if (value.contains(")")) {
                // RAW(...) ends at the first ')'; RAW{...} at the first '}': one of the two always fits a value
                // Camel accepts, and values with both are refused rather than cut short.
                if (value.contains("}")) {
                    throw new IllegalArgumentException("parameter '" + parameter.getKey() + "' of " + connector
                            + " holds both ')' and '}', which an endpoint URI cannot carry");
                }
                uri.append(separator).append(parameter.getKey()).append("=RAW{").append(value).append('}');
            } else {
                uri.append(separator).append(parameter.getKey()).append("=RAW(").append(value).append(')');
            }
            separator = '&';
        }
        return uri.toString();
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
     * The Kamelet's properties for one use of a connector: each parameter given, else its default, in the string form
     * a Kamelet takes; an optional parameter with neither is the empty string (a Kamelet's placeholder must resolve).
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
            result.put(parameter.name(), value == null ? "" : value.isNumber() ? value.decimalValue()
                    .stripTrailingZeros().toPlainString() : value.asText());
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
