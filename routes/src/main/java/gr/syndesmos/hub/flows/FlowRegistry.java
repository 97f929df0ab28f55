package gr.syndesmos.hub.flows;

import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.configfiles.InvalidConfigurationFileException;
import gr.syndesmos.hub.configfiles.LocatedYaml;
import gr.syndesmos.hub.destinations.DestinationContract;
import gr.syndesmos.hub.destinations.DestinationContracts;
import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.MappingCatalog;
import gr.syndesmos.mappings.engine.RecordSchema;
import gr.syndesmos.schemas.CanonicalSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The flows the hub runs: the built-in flow files ({@code classpath:flows/*.flow.yml}) and a region's own under
 * {@code $SYNDESMOS_CONFIG_DIR/flows/}, which replace a built-in one of the same name. Each file is checked at start
 * (its record type's schema, its contracts, its mapping, its options); a file with problems stops the hub with every
 * problem listed as {@code <file>:<line>: <problem>}, before anything is started.
 */
@Component
public class FlowRegistry {

    static final String SUFFIX = ".flow.yml";
    private static final String PER_MUNICIPALITY = "per-municipality";
    private static final String BUILT_IN = "built-in";

    private final Map<String, Flow> byName = new TreeMap<>();

    public FlowRegistry(HubProperties properties, MappingCatalog mappings) throws IOException {
        if (properties.configDir() != null) {
            // A region's own record types are beside its flows.
            CanonicalSchemas.useFolders(List.of(properties.configDir().resolve("schemas")));
        }
        Map<String, LoadedFile> files = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:flows/*" + SUFFIX)) {
            try (InputStream in = resource.getInputStream()) {
                read(in, "classpath:flows/" + resource.getFilename(), resource.getFilename(), files, problems);
            }
        }
        Path own = properties.configDir() == null ? null : properties.configDir().resolve("flows");
        if (own != null && Files.isDirectory(own)) {
            try (Stream<Path> listed = Files.list(own)) {
                for (Path file : listed.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        read(in, file.toString(), file.getFileName().toString(), files, problems);
                    }
                }
            }
        }
        for (LoadedFile file : files.values()) {
            new FlowFileCheck(file, mappings, problems).run().ifPresent(flow -> byName.put(flow.name(), flow));
        }
        checkAcrossFiles(files, problems);
        if (!problems.isEmpty()) {
            throw new InvalidFlowFileException(problems);
        }
    }

    private record LoadedFile(String source, String fileName, LocatedYaml yaml, FlowFile flow) {
    }

    private static void read(InputStream in, String source, String fileName, Map<String, LoadedFile> files,
            List<String> problems) {
        LocatedYaml yaml;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            yaml = LocatedYaml.read(reader);
        } catch (IOException | RuntimeException e) {
            problems.add(source + ": not valid YAML: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim());
            return;
        }
        if (!(yaml.root() instanceof Map)) {
            problems.add(source + ":1: expected a mapping of name, pattern, record, destinations...");
            return;
        }
        FlowFile flow = yaml.bind(FlowFile.class, source, problems);
        if (flow != null) {
            // A region's file replaces the built-in one of the same name.
            files.put(fileName, new LoadedFile(source, fileName, yaml, flow));
        }
    }

    /** One record type, one flow; one destination name, one contract. */
    private void checkAcrossFiles(Map<String, LoadedFile> files, List<String> problems) {
        Map<String, Flow> byRecordType = new TreeMap<>();
        Map<String, Flow> byDestination = new TreeMap<>();
        for (Flow flow : byName.values()) {
            if (!flow.publishes()) {
                continue;
            }
            LoadedFile file = files.values().stream().filter(f -> f.source().equals(flow.file())).findFirst()
                    .orElseThrow();
            Flow other = byRecordType.putIfAbsent(flow.recordType(), flow);
            if (other != null) {
                problems.add(flow.file() + ":" + file.yaml().line("record.type") + ": flow " + flow.name()
                        + " carries " + flow.recordType() + ", as flow " + other.name() + " (" + other.file()
                        + ") already does; a record type belongs to one flow: merge them, or give this one its own "
                        + "record type");
            }
            for (Flow.FlowDestination destination : flow.destinations()) {
                Flow first = byDestination.putIfAbsent(destination.name(), flow);
                if (first != null && !first.destination(destination.name()).orElseThrow().contract()
                        .equals(destination.contract())) {
                    problems.add(flow.file() + ":" + file.yaml().line("destinations." + destination.name())
                            + ": destination " + destination.name() + " speaks " + destination.contract()
                            + " here but " + first.destination(destination.name()).orElseThrow().contract()
                            + " in flow " + first.name() + "; one destination, one contract: give this one "
                            + "another name");
                }
            }
        }
    }

    /** The checks of one file; each problem is {@code <file>:<line>: <what is wrong and how to mend it>}. */
    private static final class FlowFileCheck {
        private final LoadedFile file;
        private final FlowFile f;
        private final MappingCatalog mappings;
        private final List<String> problems;
        private final int before;

        FlowFileCheck(LoadedFile file, MappingCatalog mappings, List<String> problems) {
            this.file = file;
            this.f = file.flow();
            this.mappings = mappings;
            this.problems = problems;
            this.before = problems.size();
        }

        Optional<Flow> run() {
            String name = f.name();
            if (name == null || !name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
                problem("name", "name must be a kebab-case word such as council-decisions, not " + name);
                return Optional.empty();
            }
            if (!file.fileName().equals(name + SUFFIX)) {
                problem("name", "the file must be named after the flow: " + name + SUFFIX);
            }
            Flow.Pattern pattern = pattern();
            if (pattern == Flow.Pattern.REQUEST_REPLY) {
                return requestReply(name);
            }
            if (pattern == Flow.Pattern.CONVERSATION) {
                return conversation(name);
            }
            String recordType = null;
            Integer schemaVersion = null;
            Flow.Versions versions = null;
            if (f.record() == null) {
                problem("record", "record is missing: its type, schemaVersion and versions (corrections or "
                        + "immutable)");
            } else {
                recordType = f.record().type();
                schemaVersion = f.record().schemaVersion();
                if (recordType == null || schemaVersion == null) {
                    problem("record", "record needs type and schemaVersion (e.g. type: council-decision, "
                            + "schemaVersion: 1)");
                } else {
                    checkSchema(recordType, schemaVersion);
                }
                versions = versions(f.record().versions());
            }
            Flow.MappingKind mapping = mapping(recordType, schemaVersion);
            Set<Flow.Intake> accepts = accepts(mapping);
            List<Flow.FlowDestination> destinations = destinations(recordType, versions);
            String writeBackFrom = writeBack(destinations, mapping);
            Flow.Retry retry = retry("retry", f.retry(), true);
            if (problems.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new Flow(name, f.description(), pattern, recordType, schemaVersion, versions, mapping,
                    accepts, destinations, writeBackFrom, retry, null, null, file.source()));
        }

        /**
         * A request-reply flow: its operations and times. It has no records of its own to publish, so the publish
         * sections have no place in it.
         */
        private Optional<Flow> requestReply(String name) {
            refusePublishSections("a request-reply flow declares its operations and times under reply");
            FlowFile.ReplySection reply = f.reply();
            if (reply == null || reply.operations() == null || reply.operations().isEmpty()) {
                problem("reply", "reply.operations is missing: the operations callers may ask for, among "
                        + Flow.Reply.OPERATIONS);
                return Optional.empty();
            }
            for (String operation : reply.operations()) {
                if (!Flow.Reply.OPERATIONS.contains(operation)) {
                    problem("reply.operations", "the hub answers " + Flow.Reply.OPERATIONS + ", not " + operation);
                }
            }
            java.time.Duration deadline = duration("reply.deadline", reply.deadline(),
                    java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(2), java.time.Duration.ofMinutes(1));
            java.time.Duration late = duration("reply.lateAnswersFor", reply.lateAnswersFor(),
                    java.time.Duration.ofMinutes(5), java.time.Duration.ZERO, java.time.Duration.ofHours(1));
            java.time.Duration kept = duration("reply.answersKeptFor", reply.answersKeptFor(),
                    java.time.Duration.ofDays(30), java.time.Duration.ofHours(1), java.time.Duration.ofDays(366));
            if (problems.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new Flow(name, f.description(), Flow.Pattern.REQUEST_REPLY, null, 0, null, null,
                    Set.of(), List.of(), null, Flow.Retry.HUB_DEFAULTS,
                    new Flow.Reply(List.copyOf(reply.operations()), deadline, late, kept), null, file.source()));
        }

        /**
         * A conversation flow: its times. Its messages have their own canonical form and their own journal, so the
         * publish sections have no place in it; each municipality names the connectors that read its registry's
         * messages (source) and write the hub's to it (writeBack).
         */
        private Optional<Flow> conversation(String name) {
            refusePublishSections("a conversation flow declares its times under conversation");
            FlowFile.ConversationSection c = f.conversation() == null ? new FlowFile.ConversationSection(null, null)
                    : f.conversation();
            java.time.Duration overdue = duration("conversation.overdueAfter", c.overdueAfter(),
                    java.time.Duration.ofHours(24), java.time.Duration.ofSeconds(10), java.time.Duration.ofDays(30));
            java.time.Duration stalled = duration("conversation.stalledAfter", c.stalledAfter(),
                    java.time.Duration.ofHours(72), java.time.Duration.ofSeconds(10), java.time.Duration.ofDays(90));
            if (stalled.compareTo(overdue) <= 0) {
                problem("conversation", "conversation.stalledAfter must be longer than overdueAfter");
            }
            if (problems.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new Flow(name, f.description(), Flow.Pattern.CONVERSATION, null, 0, null, null,
                    Set.of(), List.of(), null, Flow.Retry.HUB_DEFAULTS, null, new Flow.Conversation(overdue, stalled),
                    file.source()));
        }

        /** The sections of the publish pattern, which the other patterns have no use for. */
        private void refusePublishSections(String instead) {
            for (String publishOnly : List.of("record", "mapping", "accepts", "destinations", "writeBack", "retry")) {
                if (file.yaml().root() instanceof Map<?, ?> root && root.containsKey(publishOnly)) {
                    problem(publishOnly, publishOnly + " belongs to the publish pattern; " + instead);
                }
            }
        }

        private java.time.Duration duration(String path, String text, java.time.Duration fallback,
                java.time.Duration least, java.time.Duration most) {
            if (text == null) {
                return fallback;
            }
            try {
                java.time.Duration value = java.time.Duration.parse(text);
                if (value.compareTo(least) < 0 || value.compareTo(most) > 0) {
                    problem(path, path + " must be from " + least + " to " + most + ", not " + text);
                }
                return value;
            } catch (java.time.format.DateTimeParseException e) {
                problem(path, path + " is an ISO-8601 duration such as PT10S or PT5M, not " + text);
                return fallback;
            }
        }

        private Flow.Pattern pattern() {
            Flow.Pattern pattern = Flow.Pattern.of(f.pattern()).orElse(null);
            if (pattern == null) {
                problem("pattern", "pattern must be publish, request-reply or conversation, not " + f.pattern());
            }
            if (f.reply() != null && pattern != Flow.Pattern.REQUEST_REPLY) {
                problem("reply", "reply belongs to the request-reply pattern");
            }
            if (f.conversation() != null && pattern != Flow.Pattern.CONVERSATION) {
                problem("conversation", "conversation belongs to the conversation pattern");
            }
            return pattern;
        }

        private void checkSchema(String recordType, int schemaVersion) {
            if (!CanonicalSchemas.exists(recordType, schemaVersion)) {
                problem("record.schemaVersion", "there is no schema " + CanonicalSchemas.location(recordType,
                        schemaVersion) + " (built in, or under <config-dir>/schemas/): add it, or name a version "
                        + "that exists");
                return;
            }
        }

        private Flow.Versions versions(String word) {
            if ("corrections".equals(word)) {
                return Flow.Versions.CORRECTIONS;
            }
            if ("immutable".equals(word)) {
                return Flow.Versions.IMMUTABLE;
            }
            problem("record.versions", "record.versions must be corrections (a newer version replaces the published "
                    + "one) or immutable (a record never changes), not " + word);
            return null;
        }

        private Flow.MappingKind mapping(String recordType, Integer schemaVersion) {
            if (PER_MUNICIPALITY.equals(f.mapping())) {
                if (recordType != null && schemaVersion != null && CanonicalSchemas.exists(recordType, schemaVersion)) {
                    checkIdTemplate(recordType, schemaVersion);
                }
                return Flow.MappingKind.PER_MUNICIPALITY;
            }
            if (BUILT_IN.equals(f.mapping())) {
                Optional<LegacyMapping> builtIn = mappings.builtIn(f.name());
                if (builtIn.isEmpty()) {
                    problem("mapping", "the hub has no built-in mapping for flow " + f.name() + ": use "
                            + PER_MUNICIPALITY + " (a mapping.yml per municipality)");
                } else if (recordType != null && schemaVersion != null
                        && (!builtIn.get().recordType().equals(recordType)
                                || builtIn.get().schemaVersion() != schemaVersion)) {
                    problem("mapping", "the built-in mapping of " + f.name() + " makes " + builtIn.get().recordType()
                            + " v" + builtIn.get().schemaVersion() + ", not " + recordType + " v" + schemaVersion);
                }
                return Flow.MappingKind.BUILT_IN;
            }
            problem("mapping", "mapping must be " + PER_MUNICIPALITY + " (mappings/<code>/" + f.name()
                    + "/mapping.yml) or " + BUILT_IN + ", not " + f.mapping());
            return null;
        }

        /** A mapping.yml makes ids from the schema's template: without one, its records could not be named. */
        private void checkIdTemplate(String recordType, int schemaVersion) {
            try {
                if (RecordSchema.of(recordType, schemaVersion).idTemplate() == null) {
                    problem("record.type", "the schema of " + recordType + " v" + schemaVersion + " does not say how "
                            + "its records are identified: give it \"" + RecordSchema.ID_TEMPLATE + "\", e.g. "
                            + "\"{municipality}-" + recordType + "-{/number}\"");
                }
            } catch (RuntimeException e) {
                problem("record.type", "the schema of " + recordType + " v" + schemaVersion + " cannot be read: "
                        + e.getMessage());
            }
        }

        private Set<Flow.Intake> accepts(Flow.MappingKind mapping) {
            Set<Flow.Intake> accepts = EnumSet.noneOf(Flow.Intake.class);
            if (f.accepts() == null || f.accepts().isEmpty()) {
                problem("accepts", "accepts is missing: what its source connectors may hand in (file, rows, "
                        + "messages)");
                return accepts;
            }
            for (String word : f.accepts()) {
                try {
                    accepts.add(Flow.Intake.valueOf(String.valueOf(word).toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problem("accepts", "accepts names file, rows or messages, not " + word);
                }
            }
            if (mapping == Flow.MappingKind.BUILT_IN && accepts.contains(Flow.Intake.FILE)) {
                problem("accepts", "a built-in mapping reads rows and messages, not files");
            }
            return accepts;
        }

        private List<Flow.FlowDestination> destinations(String recordType, Flow.Versions versions) {
            List<Flow.FlowDestination> destinations = new ArrayList<>();
            if (f.destinations() == null || f.destinations().isEmpty()) {
                problem("destinations", "destinations are missing: name at least one, with its contract");
                return destinations;
            }
            f.destinations().forEach((name, d) -> {
                String at = "destinations." + name;
                if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
                    problem(at, "a destination's name is a kebab-case word, not " + name);
                    return;
                }
                if (d == null || d.contract() == null) {
                    problem(at, "destination " + name + " needs a contract; the hub has "
                            + DestinationContracts.names());
                    return;
                }
                DestinationContract contract = DestinationContracts.find(d.contract()).orElse(null);
                if (contract == null) {
                    problem(at + ".contract", "no contract is named " + d.contract() + "; the hub has "
                            + DestinationContracts.names());
                    return;
                }
                if (recordType != null && !contract.serves(recordType)) {
                    problem(at + ".contract", "contract " + contract.name() + " cannot express " + recordType
                            + "; it serves " + contract.recordTypes());
                }
                boolean inOrder = d.ordering() == null || "in-order".equals(d.ordering());
                if (!inOrder && !"unordered".equals(d.ordering())) {
                    problem(at + ".ordering", "ordering must be in-order or unordered, not " + d.ordering());
                }
                if (!inOrder && versions == Flow.Versions.CORRECTIONS) {
                    problem(at + ".ordering", "unordered delivery would let a correction overtake its original: "
                            + "keep in-order, or make the record immutable");
                }
                int consumers = d.consumers() == null ? Flow.DEFAULT_CONSUMERS : d.consumers();
                if (consumers < 1 || consumers > Flow.MAX_CONSUMERS) {
                    problem(at + ".consumers", "consumers must be 1 to " + Flow.MAX_CONSUMERS + ", not " + consumers);
                }
                int acknowledgeEvery = d.acknowledgeEvery() == null ? Flow.DEFAULT_ACKNOWLEDGE_EVERY
                        : d.acknowledgeEvery();
                if (acknowledgeEvery < 1 || acknowledgeEvery > Flow.MAX_ACKNOWLEDGE_EVERY) {
                    problem(at + ".acknowledgeEvery", "acknowledgeEvery must be 1 to " + Flow.MAX_ACKNOWLEDGE_EVERY
                            + ", not " + acknowledgeEvery);
                }
                Flow.Retry retry = retry(at + ".retry", d.retry(), false);
                destinations.add(new Flow.FlowDestination(name, contract.name(), inOrder, consumers,
                        acknowledgeEvery, retry.attempts()));
            });
            return destinations;
        }

        private String writeBack(List<Flow.FlowDestination> destinations, Flow.MappingKind mapping) {
            if (f.writeBack() == null) {
                return null;
            }
            String from = f.writeBack().answersFrom();
            Flow.FlowDestination destination = destinations.stream().filter(d -> d.name().equals(from)).findFirst()
                    .orElse(null);
            if (destination == null) {
                problem("writeBack.answersFrom", "writeBack.answersFrom must name one of the flow's destinations "
                        + destinations.stream().map(Flow.FlowDestination::name).toList() + ", not " + from);
                return null;
            }
            if (!DestinationContracts.find(destination.contract()).orElseThrow().answersWithReference()) {
                problem("writeBack.answersFrom", "destination " + from + " (" + destination.contract()
                        + ") answers with no reference to write back");
            }
            if (mapping == Flow.MappingKind.BUILT_IN) {
                problem("writeBack", "a built-in mapping has no write-back format: write-back needs per-municipality "
                        + "mappings with a writeBack section");
            }
            return from;
        }

        private Flow.Retry retry(String at, FlowFile.RetrySection retry, boolean wholeFlow) {
            if (retry == null) {
                return Flow.Retry.HUB_DEFAULTS;
            }
            if (retry.attempts() != null && (retry.attempts() < 1 || retry.attempts() > 100)) {
                problem(at + ".attempts", "attempts must be 1 to 100");
            }
            if (!wholeFlow && (retry.delayMs() != null || retry.maxDelayMs() != null)) {
                problem(at, "delayMs and maxDelayMs apply to the whole flow (one broker address): give them under "
                        + "the flow's retry");
            }
            if (retry.delayMs() != null && retry.delayMs() < 0
                    || retry.maxDelayMs() != null && retry.maxDelayMs() < (retry.delayMs() == null ? 0
                            : retry.delayMs())) {
                problem(at, "delayMs must be 0 or more, and maxDelayMs at least delayMs");
            }
            return new Flow.Retry(retry.attempts(), retry.delayMs(), retry.maxDelayMs());
        }

        private void problem(String path, String message) {
            problems.add(file.source() + ":" + file.yaml().line(path) + ": " + message);
        }
    }

    public Collection<Flow> all() {
        return byName.values();
    }

    public Optional<Flow> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Flow require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("Unknown flow " + name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Flow files with problems. */
    public static class InvalidFlowFileException extends InvalidConfigurationFileException {

        InvalidFlowFileException(List<String> problems) {
            super("Flow configuration", problems);
        }
    }
}
