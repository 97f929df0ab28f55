package gr.syndesmos.hub.sandbox.transfers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.connectors.transfers.Cyymmdd;
import gr.syndesmos.connectors.transfers.TransferFiles;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubClock;
import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.transfers.TransferMessage;
import gr.syndesmos.hub.transfers.TransferMessage.Type;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-in of a municipal registry on an AS/400 that exchanges residence transfers as fixed-width files (the
 * connectors {@code transfer-files-in/-out}; Agios Nikolaos): a batch reads {@code in/MTDIN_*.TXT} in name order,
 * applies each record to its master file ({@code <data>/sandbox/transfer-registry/<code>/DHMOTES.TXT}, seeded from
 * {@code sandbox/transfer-registry/<code>-DHMOTES.TXT}) by the registry rules, commits the master file, then writes
 * its answers as {@code out/MTDOUT_*.TXT}. The real batch runs hourly on working days; this one every
 * {@code syndesmos.sandbox.transfer-files.every} (PT1S). Controls ({@code PUT /sandbox/transfer-registry/mode}, region
 * admins): {@code silent} (reads nothing).
 */
@RestController
@RequestMapping("/sandbox/transfer-registry")
@ConditionalOnProperty(name = "syndesmos.sandbox.enabled", havingValue = "true")
public class TransferFilesStandIn {

    private static final Logger LOG = LoggerFactory.getLogger(TransferFilesStandIn.class);
    private static final Charset ISO_8859_7 = Charset.forName("ISO-8859-7");
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss");

    /** One municipality's system: its exchange folder and its own files. */
    private record Office(String code, Path folder, Path master, Path answers) {
    }

    private final Map<String, Office> offices = new LinkedHashMap<>();
    private final Map<String, Boolean> silent = new ConcurrentHashMap<>();
    private final HubClock clock;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stand-in-transfer-files");
        t.setDaemon(true);
        return t;
    });

    public TransferFilesStandIn(FlowRegistry flows, MunicipalityRegistry municipalities, HubProperties properties,
            HubClock clock,
            @org.springframework.beans.factory.annotation.Value("${syndesmos.sandbox.transfer-files.every:PT1S}")
            java.time.Duration every) throws IOException {
        this.clock = clock;
        Path dataDir = properties.dataDir() != null ? properties.dataDir() : Path.of("data");
        for (Flow flow : flows.all()) {
            if (flow.pattern() != Flow.Pattern.CONVERSATION) {
                continue;
            }
            for (Municipality m : municipalities.inFlow(flow.name())) {
                Municipality.ConnectorUse use = m.flows().get(flow.name()).source();
                if (!"transfer-files-in".equals(use.connector())) {
                    continue;
                }
                Path folder = Path.of(municipalities.templateParameters(m, flow.name(), use).get("directory"));
                Path own = Files.createDirectories(dataDir.resolve("sandbox/transfer-registry").resolve(m.code()));
                Path master = own.resolve("DHMOTES.TXT");
                if (!Files.exists(master)) {
                    try (InputStream seed = TransferFilesStandIn.class.getResourceAsStream(
                            "/sandbox/transfer-registry/" + m.code() + "-DHMOTES.TXT")) {
                        if (seed == null) {
                            LOG.warn("No stand-in master file for {}: its registry stand-in is off", m.code());
                            continue;
                        }
                        Files.copy(seed, master);
                    }
                }
                Files.createDirectories(folder.resolve("in"));
                Files.createDirectories(folder.resolve("out"));
                offices.put(m.code(), new Office(m.code(), folder, master, own.resolve("ANSWERS.json")));
            }
        }
        if (!offices.isEmpty()) {
            loop.scheduleWithFixedDelay(this::batchAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Stand-in registries exchanging residence transfers as fixed-width files for {}",
                    offices.keySet());
        }
    }

    @PutMapping("/mode")
    public ResponseEntity<?> mode(@RequestBody JsonNode body) {
        String code = body.path("municipality").asText();
        if (!offices.containsKey(code)) {
            return ResponseEntity.badRequest().body(Map.of("error", "municipality must be one of "
                    + offices.keySet()));
        }
        silent.put(code, body.path("silent").asBoolean(false));
        return ResponseEntity.ok(Map.of("municipality", code, "silent", silent.get(code)));
    }

    private void batchAll() {
        for (Office office : offices.values()) {
            if (Boolean.TRUE.equals(silent.get(office.code()))) {
                continue;
            }
            try {
                batch(office);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Stand-in registry {}: {}", office.code(), e.toString());
            }
        }
    }

    /** One run of the batch: every input file, in name order; the master file first, then the answers. */
    private synchronized void batch(Office office) throws IOException {
        TreeSet<Path> inputs = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(office.folder().resolve("in"), "MTDIN_*.TXT")) {
            files.forEach(inputs::add);
        }
        if (inputs.isEmpty()) {
            return;
        }
        FileRegistry registry = new FileRegistry(office, clock);
        List<TransferMessage> answers = new ArrayList<>();
        for (Path input : inputs) {
            ArrayNode records = TransferMessage.JSON.createArrayNode();
            String refused = TransferFiles.parse(Files.readAllBytes(input), ISO_8859_7, records);
            if (refused == null) {
                for (JsonNode record : records) {
                    TransferMessage m = TransferMessage.parse(record.toString());
                    if (m.type() != null && m.type() != Type.TRANSFER_REJECTED) {
                        RegistryRules.apply(registry, m).ifPresent(answers::add);
                    }
                }
            }
            Path done = Files.createDirectories(input.resolveSibling("done"));
            Path kept = done.resolve(input.getFileName());
            for (int n = 1; Files.exists(kept); n++) {
                kept = done.resolve(input.getFileName() + "." + n);
            }
            Files.move(input, kept);
        }
        // The records first, then the answers: a crash between the two loses answers, never changes.
        registry.commit();
        gr.syndesmos.hub.transfers.CrashPoints.reached(gr.syndesmos.hub.transfers.CrashPoints.REGISTRY_AFTER_COMMIT);
        if (!answers.isEmpty()) {
            writeAnswers(office, answers);
        }
    }

    private void writeAnswers(Office office, List<TransferMessage> answers) throws IOException {
        TransferFiles files = new TransferFiles();
        files.setCharset("ISO-8859-7");
        LocalDateTime now = LocalDateTime.ofInstant(clock.now(), ZoneId.of("Europe/Athens"));
        StringBuilder out = new StringBuilder();
        out.append(pad("H" + office.code() + Cyymmdd.format(now.toLocalDate())
                + now.format(DateTimeFormatter.ofPattern("HHmmss")))).append("\r\n");
        for (TransferMessage answer : answers) {
            out.append(files.format(TransferMessage.JSON.readTree(answer.json()))).append("\r\n");
        }
        out.append(pad(String.format("T%06d", answers.size()))).append("\r\n");
        Path folder = office.folder().resolve("out");
        LocalDateTime at = now;
        Path target;
        do {
            target = folder.resolve("MTDOUT_" + at.format(NAME) + ".TXT");
            at = at.plusSeconds(1);
        } while (Files.exists(target) || Files.exists(folder.resolve("done").resolve(target.getFileName())));
        Path temporary = folder.resolve(target.getFileName() + ".TMP");
        Files.writeString(temporary, out, ISO_8859_7);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pad(String record) {
        return record + " ".repeat(220 - record.length());
    }

    /** The registry in its master file; its answers kept beside it, what it asked read from its own out files. */
    private static final class FileRegistry implements RegistryRules.Registry {
        private final Office office;
        private final HubClock clock;
        private final Map<String, RegistryRecord> records = new LinkedHashMap<>();
        private final ObjectNode answers;

        FileRegistry(Office office, HubClock clock) throws IOException {
            this.office = office;
            this.clock = clock;
            MasterFile.read(office.master()).forEach(r -> records.put(r.amka(), r));
            answers = Files.exists(office.answers())
                    ? (ObjectNode) TransferMessage.JSON.readTree(office.answers().toFile())
                    : TransferMessage.JSON.createObjectNode();
        }

        void commit() throws IOException {
            MasterFile.write(office.master(), List.copyOf(records.values()), today());
            Path temporary = office.answers().resolveSibling("ANSWERS.json.tmp");
            TransferMessage.JSON.writeValue(temporary.toFile(), answers);
            Files.move(temporary, office.answers(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public String code() {
            return office.code();
        }

        @Override
        public Optional<RegistryRecord> byAmka(String amka) {
            return Optional.ofNullable(amka == null ? null : records.get(amka));
        }

        @Override
        public void save(RegistryRecord record) {
            records.put(record.amka(), record);
        }

        @Override
        public String newShare() {
            return String.valueOf(records.values().stream().map(RegistryRecord::share)
                    .filter(s -> s != null && s.matches("[0-9]+")).mapToLong(Long::parseLong).max().orElse(0) + 1);
        }

        @Override
        public Optional<TransferMessage> answered(String exchangeId, Type type) {
            JsonNode answer = answers.get(exchangeId + "/" + type.name());
            return answer == null ? Optional.empty() : Optional.of(TransferMessage.parse(answer.toString()));
        }

        @Override
        public void rememberAnswer(String exchangeId, Type type, TransferMessage answer) {
            try {
                answers.set(exchangeId + "/" + type.name(), TransferMessage.JSON.readTree(answer.json()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<TransferMessage> asked(String exchangeId) {
            return own(exchangeId, Type.TRANSFER_REQUESTED);
        }

        @Override
        public boolean withdrew(String exchangeId) {
            return own(exchangeId, Type.TRANSFER_WITHDRAWN).filter(w -> !"ALREADY_REGISTERED_HERE"
                    .equals(w.reason())).isPresent();
        }

        /** A message this registry wrote itself, from its out files (taken or not). */
        private Optional<TransferMessage> own(String exchangeId, Type type) {
            for (Path folder : List.of(office.folder().resolve("out"), office.folder().resolve("out/done"))) {
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "MTDOUT_*.TXT")) {
                    for (Path file : files) {
                        ArrayNode records = TransferMessage.JSON.createArrayNode();
                        TransferFiles.parse(Files.readAllBytes(file), ISO_8859_7, records);
                        for (JsonNode record : records) {
                            if (exchangeId.equals(record.path("exchangeId").asText())
                                    && type.name().equals(record.path("type").asText())) {
                                return Optional.of(TransferMessage.parse(record.toString()));
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Optional.empty();
        }

        @Override
        public LocalDate today() {
            return LocalDate.ofInstant(clock.now(), ZoneId.of("Europe/Athens"));
        }
    }

    @PreDestroy
    void stop() {
        loop.shutdownNow();
    }
}
