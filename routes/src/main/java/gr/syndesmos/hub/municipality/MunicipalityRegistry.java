package gr.syndesmos.hub.municipality;

import gr.syndesmos.connectors.catalog.ConnectorCatalog;
import gr.syndesmos.connectors.catalog.ConnectorDescriptor;
import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.configfiles.LocatedYaml;
import gr.syndesmos.hub.destinations.DestinationContracts;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.registers.OfficialRegisters;
import gr.syndesmos.mappings.MappingCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The municipalities the hub serves: the built-in files ({@code classpath:municipalities/*.yml}) and those an
 * integrator adds under {@code $SYNDESMOS_CONFIG_DIR/municipalities/}, which replace a built-in one with the same
 * code. Every file is checked at start against the official registers, the flows, the connector catalogue, the
 * mappings and the credentials it refers to; a file with problems stops the hub with every problem listed as
 * {@code <file>:<line>: <problem>}.
 */
@Component
public class MunicipalityRegistry {

    private static final Pattern QUOTED_PARAMETER = Pattern.compile("'([A-Za-z0-9_]+)'");

    private final Map<String, Municipality> byCode = new TreeMap<>();
    private final Map<String, String> sourceOf = new TreeMap<>();
    private final HubProperties properties;
    private final ConnectorCatalog connectors;
    private final Credentials credentials;
    private final MappingCatalog mappings;
    private final FlowRegistry flows;

    public MunicipalityRegistry(HubProperties properties, ConnectorCatalog connectors, Credentials credentials,
            MappingCatalog mappings, FlowRegistry flows) throws IOException {
        this.flows = flows;
        this.properties = properties;
        this.connectors = connectors;
        this.credentials = credentials;
        this.mappings = mappings;
        List<String> problems = new ArrayList<>();
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:municipalities/*.yml")) {
            try (InputStream in = resource.getInputStream()) {
                load(in, "classpath:municipalities/" + resource.getFilename(), resource.getFilename(), problems);
            }
        }
        Path operatorDir = properties.configDir() == null ? null : properties.configDir().resolve("municipalities");
        if (operatorDir != null && Files.isDirectory(operatorDir)) {
            try (Stream<Path> files = Files.list(operatorDir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        load(in, file.toString(), file.getFileName().toString(), problems);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMunicipalityFileException(problems);
        }
    }

    /** A registry checked against the shipped connector catalogue and mappings, with credentials from the process. */
    public static MunicipalityRegistry withShippedCatalogues(HubProperties properties) throws IOException {
        return withShippedCatalogues(properties, new OnboardingConfiguration().credentials(properties));
    }

    public static MunicipalityRegistry withShippedCatalogues(HubProperties properties, Credentials credentials)
            throws IOException {
        OnboardingConfiguration wiring = new OnboardingConfiguration();
        MappingCatalog mappings = wiring.mappingCatalog(properties);
        return new MunicipalityRegistry(properties, wiring.connectorCatalog(), credentials, mappings,
                new FlowRegistry(properties, mappings));
    }

    private void load(InputStream in, String source, String fileName, List<String> problems) {
        LocatedYaml yaml;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            yaml = LocatedYaml.read(reader);
        } catch (IOException | RuntimeException e) {
            // SnakeYAML's message names the line and column of the syntax error.
            problems.add(source + ": not valid YAML: " + e.getMessage().replaceAll("\\s+", " ").trim());
            return;
        }
        if (!(yaml.root() instanceof Map)) {
            problems.add(source + ":1: expected a mapping of code, name, flows...");
            return;
        }
        Municipality municipality = yaml.bind(Municipality.class, source, problems);
        if (municipality == null) {
            return;
        }
        List<String> found = new MunicipalityFileCheck(municipality, yaml, fileName).run();
        if (!found.isEmpty()) {
            found.forEach(p -> problems.add(source + ":" + p));
            return;
        }
        byCode.put(municipality.code(), municipality);
        sourceOf.put(municipality.code(), source);
    }

    /** The checks of one file; each problem is {@code <line>: <what is wrong>}. */
    private final class MunicipalityFileCheck {
        private final Municipality m;
        private final LocatedYaml yaml;
        private final String fileName;
        private final List<String> problems = new ArrayList<>();

        MunicipalityFileCheck(Municipality m, LocatedYaml yaml, String fileName) {
            this.m = m;
            this.yaml = yaml;
            this.fileName = fileName;
        }

        List<String> run() {
            if (m.code() == null || !m.code().matches("[0-9]{4}")) {
                problem("code", "code must be the 4-digit Kallikratis code, quoted as a string (e.g. \"9318\")");
                return problems;
            }
            if (!fileName.equals(m.code() + ".yml")) {
                problem("code", "the file must be named after the code: " + m.code() + ".yml");
            }
            if (OfficialRegisters.shipped().municipality(m.code()).isEmpty() && !m.code().startsWith("0")) {
                problem("code", m.code() + " is not a municipality of the Kallikratis register"
                        + " (codes 0xxx are free for tests and training)");
            }
            if (m.name() == null || m.name().isBlank()) {
                problem("name", "name is missing");
            }
            if (m.diavgeiaOrganizationId() != null
                    && OfficialRegisters.shipped().organization(m.diavgeiaOrganizationId()).isEmpty()) {
                problem("diavgeiaOrganizationId", "diavgeiaOrganizationId " + m.diavgeiaOrganizationId()
                        + " is not an organisation of the Diavgeia register");
            }
            if (m.flows() == null || m.flows().isEmpty()) {
                problem("flows", "flows are missing: name at least one flow the municipality takes part in");
                return problems;
            }
            m.flows().forEach(this::checkFlow);
            checkBrokerAccount();
            return problems;
        }

        private void checkFlow(String flowName, Municipality.FlowUse use) {
            String at = "flows." + flowName;
            Flow flow = flows.find(flowName).orElse(null);
            if (flow == null) {
                problem(at, "unknown flow '" + flowName + "'; the hub runs " + flows.names()
                        + " (a flow is a file, flows/<name>.flow.yml)");
                return;
            }
            if (use == null) {
                problem(at, "flow " + flowName + " is empty");
                return;
            }
            if (flow.pattern() == Flow.Pattern.REQUEST_REPLY) {
                checkAnswering(at, flow, use);
                return;
            }
            if (flow.pattern() == Flow.Pattern.CONVERSATION) {
                checkConversing(at, flow, use);
                return;
            }
            if (use.answeredBy() != null) {
                problem(at + ".answeredBy", "flow " + flowName + " publishes records: answeredBy belongs to a "
                        + "request-reply flow");
            }
            if (use.destinations() == null || use.destinations().isEmpty()) {
                problem(at + ".destinations", "flow " + flowName + ": destinations are missing");
            } else {
                for (String destination : use.destinations()) {
                    Flow.FlowDestination declared = flow.destination(destination).orElse(null);
                    if (declared == null) {
                        problem(at + ".destinations", "flow " + flowName + " cannot deliver to '" + destination
                                + "'; it delivers to " + flow.destinationNames());
                        continue;
                    }
                    for (String need : DestinationContracts.find(declared.contract()).orElseThrow()
                            .municipalityNeeds()) {
                        if (!has(need)) {
                            problem(at + ".destinations", destination + " needs the municipality's " + need);
                        }
                    }
                }
            }
            if (flow.mapping() == Flow.MappingKind.PER_MUNICIPALITY) {
                String mappingCode = use.mappingCode(m.code());
                if (!mappings.has(mappingCode, flowName)) {
                    problem(at + (use.mapping() == null ? "" : ".mapping"), "no mapping for flow " + flowName
                            + " in mappings/" + mappingCode + "/" + flowName + "/mapping.yml (built in or under "
                            + "<config-dir>/mappings/)");
                }
            } else if (use.mapping() != null) {
                problem(at + ".mapping", "flow " + flowName + " takes no mapping file: its mapping is built in");
            }
            if (use.source() == null) {
                problem(at, "flow " + flowName + ": source is missing (which connector brings the records in)");
            } else {
                checkConnector(at + ".source", use.source(), "source", flow);
            }
            for (var connectorUse : java.util.Arrays.asList(use.source(), use.writeBack())) {
                if (connectorUse != null && m.brokerAccount() == null && connectorUse.connector() != null
                        && connectorUse.connector().startsWith("broker-")) {
                    problem(at, "connector " + connectorUse.connector() + " needs the municipality's brokerAccount "
                            + "({user, password}), the login its legacy system uses on the broker");
                }
            }
            if (use.writeBack() != null) {
                if (!flow.writesBack()) {
                    problem(at + ".writeBack", "flow " + flowName + " writes nothing back");
                } else {
                    checkConnector(at + ".writeBack", use.writeBack(), "sink", flow);
                }
            }
        }

        /** A request-reply flow needs only the connector that asks the municipality's system. */
        private void checkAnswering(String at, Flow flow, Municipality.FlowUse use) {
            for (var publishOnly : Map.of("source", use.source() != null, "destinations", !use.destinations().isEmpty(),
                    "writeBack", use.writeBack() != null, "mapping", use.mapping() != null).entrySet()) {
                if (publishOnly.getValue()) {
                    problem(at + "." + publishOnly.getKey(), "flow " + flow.name() + " is answered, not published: "
                            + "it takes only answeredBy (the connector that asks the municipality's system)");
                }
            }
            if (use.answeredBy() == null) {
                problem(at, "flow " + flow.name() + ": answeredBy is missing (which connector asks the "
                        + "municipality's system, e.g. certificate-files or certificate-tables)");
            } else {
                checkConnector(at + ".answeredBy", use.answeredBy(), "action", flow);
            }
        }

        /**
         * A conversation needs the connector that reads the registry's messages (source) and the one that writes the
         * hub's to it (writeBack).
         */
        private void checkConversing(String at, Flow flow, Municipality.FlowUse use) {
            for (var other : Map.of("destinations", !use.destinations().isEmpty(), "mapping", use.mapping() != null,
                    "answeredBy", use.answeredBy() != null).entrySet()) {
                if (other.getValue()) {
                    problem(at + "." + other.getKey(), "flow " + flow.name() + " is a conversation: it takes source "
                            + "(the registry's messages in) and writeBack (the hub's messages out) only");
                }
            }
            if (use.source() == null) {
                problem(at, "flow " + flow.name() + ": source is missing (the connector that reads the registry's "
                        + "messages, e.g. transfer-tables-in or transfer-files-in)");
            } else {
                checkConnector(at + ".source", use.source(), "source", flow);
            }
            if (use.writeBack() == null) {
                problem(at, "flow " + flow.name() + ": writeBack is missing (the connector that writes the hub's "
                        + "messages to the registry, e.g. transfer-tables-out or transfer-files-out)");
            } else {
                checkConnector(at + ".writeBack", use.writeBack(), "sink", flow);
            }
        }

        /** Whether the municipality file gives this key (a destination's need). */
        private boolean has(String key) {
            return switch (key) {
                case "diavgeiaOrganizationId" -> m.diavgeiaOrganizationId() != null;
                case "brokerAccount" -> m.brokerAccount() != null;
                default -> yaml.root() instanceof Map<?, ?> root && root.get(key) != null;
            };
        }

        private void checkBrokerAccount() {
            Municipality.BrokerAccount account = m.brokerAccount();
            if (account == null) {
                return;
            }
            if (account.user() == null || !account.user().matches("[A-Za-z0-9][A-Za-z0-9._-]{2,63}")) {
                problem("brokerAccount.user", "brokerAccount.user must be 3 to 64 letters, digits, '.', '_' or '-'");
            } else {
                byCode.values().stream().filter(other -> !other.code().equals(m.code())
                                && other.brokerAccount() != null && account.user().equals(other.brokerAccount().user()))
                        .findFirst().ifPresent(other -> problem("brokerAccount.user", "brokerAccount.user '"
                                + account.user() + "' is already the broker account of " + other.code()));
            }
            if (!Credentials.isReference(account.password())) {
                problem("brokerAccount.password", "brokerAccount.password is a secret: give a reference, "
                        + "${env:NAME} or ${secret:NAME}, never the value itself");
            } else {
                try {
                    credentials.resolve(account.password());
                } catch (IllegalArgumentException e) {
                    problem("brokerAccount.password", "brokerAccount.password: " + e.getMessage());
                }
            }
        }

        private void checkConnector(String at, Municipality.ConnectorUse use, String kind, Flow flow) {
            String flowName = flow.name();
            if (use.connector() == null) {
                problem(at, "connector is missing; the catalogue has " + connectorNames());
                return;
            }
            Optional<ConnectorDescriptor> found = connectors.find(use.connector());
            if (found.isEmpty()) {
                problem(at + ".connector", "unknown connector '" + use.connector() + "'; the catalogue has "
                        + connectorNames());
                return;
            }
            ConnectorDescriptor descriptor = found.get();
            if (!kind.equals(descriptor.kind().label())) {
                problem(at + ".connector", "connector '" + use.connector() + "' is a " + descriptor.kind().label()
                        + ", a " + kind + " is needed here");
                return;
            }
            String produces = descriptor.produces().orElse("");
            if ("source".equals(kind) && flow.publishes()
                    && flow.accepts().stream().noneMatch(i -> i.word().equals(produces))) {
                problem(at + ".connector", "flow " + flowName + " cannot take " + produces + " from connector '"
                        + use.connector() + "'; it accepts " + flow.accepts().stream().map(Flow.Intake::word)
                        .toList());
            }
            String paramsAt = at + ".parameters";
            for (String reserved : ConnectorSettings.HUB_ASSIGNED) {
                if (use.parameters().containsKey(reserved)) {
                    problem(paramsAt + "." + reserved, "parameter '" + reserved + "' is set by the hub");
                }
            }
            Map<String, Object> effective = ConnectorSettings.withHubDefaults(descriptor, use.parameters(),
                    m.code(), flowName, properties);
            for (String p : connectors.validateParameters(descriptor.name(), effective)) {
                Matcher q = QUOTED_PARAMETER.matcher(p);
                problem(q.find() ? paramsAt + "." + q.group(1) : paramsAt, "connector " + descriptor.name() + ": " + p);
            }
            use.parameters().forEach((name, value) -> {
                boolean secret = connectors.isSecret(descriptor.name(), name);
                if (secret && !Credentials.isReference(value)) {
                    problem(paramsAt + "." + name, "parameter '" + name + "' is a secret: give a reference, "
                            + "${env:NAME} or ${secret:NAME}, never the value itself");
                } else if (Credentials.isReference(value)) {
                    try {
                        credentials.resolve((String) value);
                    } catch (IllegalArgumentException e) {
                        problem(paramsAt + "." + name, "parameter '" + name + "': " + e.getMessage());
                    }
                }
            });
        }

        private void problem(String path, String message) {
            problems.add(yaml.line(path) + ": " + message);
        }
    }

    /** Effective, resolved template parameters of a connector use, for the routes that instantiate it. */
    public Map<String, String> templateParameters(Municipality municipality, String flow,
            Municipality.ConnectorUse use) {
        ConnectorDescriptor descriptor = connectors.find(use.connector()).orElseThrow();
        Map<String, Object> effective = ConnectorSettings.withHubDefaults(descriptor, use.parameters(),
                municipality.code(), flow, properties);
        Map<String, String> resolved = new LinkedHashMap<>();
        effective.forEach((name, value) -> resolved.put(name, value instanceof String s && Credentials.isReference(s)
                ? credentials.resolve(s) : String.valueOf(value)));
        return connectors.withDefaults(descriptor.name(), new LinkedHashMap<>(resolved));
    }

    private List<String> connectorNames() {
        return connectors.all().stream().map(ConnectorDescriptor::name).sorted().toList();
    }

    /** Where a municipality's file was read from (for messages). */
    public String sourceOf(String code) {
        return sourceOf.get(code);
    }

    public Collection<Municipality> all() {
        return byCode.values();
    }

    public Optional<Municipality> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Municipality require(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("Unknown municipality " + code));
    }

    /** The municipalities taking part in a flow. */
    public List<Municipality> inFlow(String flow) {
        return byCode.values().stream().filter(m -> m.takesPartIn(flow)).toList();
    }

    public ConnectorCatalog connectors() {
        return connectors;
    }

    public FlowRegistry flows() {
        return flows;
    }
}
