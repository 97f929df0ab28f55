package gr.syndesmos.hub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubProperties;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-in of a municipal revenue system that answers certificate questions as files (the connector
 * {@code certificate-files}), for every municipality whose certificate requests go that way: it looks at the
 * question folder every {@code syndesmos.sandbox.revenue-files.poll} (2 s, as the real system), takes each question
 * (moves it away), and answers by the municipality's rules from its seeds (windows-1253 CSV under
 * {@code <data>/sandbox/revenue-files/<code>/}), numbering certificates per kind and year from 00001, dated with the
 * question's date. Like the real system it keeps the AFM as a number and writes areas with a decimal comma.
 *
 * <p>Controls ({@code PUT /sandbox/revenue-files/mode}, admins of the whole region): {@code answerAfterSeconds}
 * (takes the question at once, answers later), {@code down} (reads nothing), {@code garbage} (writes an answer that
 * does not parse). {@code GET /sandbox/revenue-files/received} shows the questions taken.
 */
@RestController
@RequestMapping("/sandbox/revenue-files")
@ConditionalOnProperty(name = "syndesmos.sandbox.enabled", havingValue = "true")
public class RevenueFilesStandIn {

    private static final Logger LOG = LoggerFactory.getLogger(RevenueFilesStandIn.class);
    static final String CONNECTOR = "certificate-files";
    private static final Charset WINDOWS_1253 = Charset.forName("windows-1253");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss");
    private static final List<String> ANSWER_COLUMNS = List.of("ΑΡ_ΑΙΤΗΜΑΤΟΣ", "ΑΠΟΤΕΛΕΣΜΑ", "ΛΟΓΟΣ",
            "ΑΡ_ΒΕΒΑΙΩΣΗΣ", "ΗΜ_ΕΚΔΟΣΗΣ", "ΑΦΜ", "ΑΜΚΑ", "ΕΠΩΝΥΜΟ", "ΟΝΟΜΑ", "ΠΑΤΡΩΝΥΜΟ", "ΟΔΟΣ", "ΑΡΙΘΜΟΣ", "ΤΚ",
            "ΠΕΡΙΟΧΗ", "ΤΜ", "ΕΤΗ");
    private static final CsvMapper CSV = new CsvMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one municipality's stand-in behaves now. */
    record Controls(int answerAfterSeconds, boolean down, boolean garbage) {
        static final Controls NORMAL = new Controls(0, false, false);
    }

    /** One municipality's revenue system: its share and its seeds. */
    private record Office(String code, Path share, Path seeds) {
    }

    private final Map<String, Office> offices = new LinkedHashMap<>();
    private final Map<String, Controls> controls = new ConcurrentHashMap<>();
    private final SandboxSystem received;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "stand-in-revenue-files");
        t.setDaemon(true);
        return t;
    });

    public RevenueFilesStandIn(FlowRegistry flows, MunicipalityRegistry municipalities, HubProperties properties,
            @Value("${syndesmos.sandbox.revenue-files.poll:PT2S}") Duration poll,
            @Value("${syndesmos.sandbox.keep:10000}") int keep) throws IOException {
        this.received = new SandboxSystem(keep);
        Path dataDir = properties.dataDir() != null ? properties.dataDir() : Path.of("data");
        for (Flow flow : flows.all()) {
            if (flow.pattern() != Flow.Pattern.REQUEST_REPLY) {
                continue;
            }
            for (Municipality m : municipalities.inFlow(flow.name())) {
                Municipality.ConnectorUse use = m.flows().get(flow.name()).answeredBy();
                if (!CONNECTOR.equals(use.connector())) {
                    continue;
                }
                Path share = Path.of(municipalities.templateParameters(m, flow.name(), use).get("directory"));
                Path seeds = dataDir.resolve("sandbox").resolve("revenue-files").resolve(m.code());
                Files.createDirectories(seeds);
                for (String seed : List.of("esoda_tap.csv", "katoikoi.csv")) {
                    if (!Files.exists(seeds.resolve(seed))) {
                        try (InputStream in = RevenueFilesStandIn.class.getResourceAsStream(
                                "/sandbox/revenue-files/" + seed)) {
                            Files.copy(in, seeds.resolve(seed));
                        }
                    }
                }
                Files.createDirectories(share.resolve("ked/eiserxomena"));
                Files.createDirectories(share.resolve("ked/exerxomena"));
                offices.put(m.code(), new Office(m.code(), share, seeds));
            }
        }
        if (!offices.isEmpty()) {
            scheduler.scheduleWithFixedDelay(this::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Stand-in revenue systems answering certificate questions as files for {}", offices.keySet());
        }
    }

    @PutMapping("/mode")
    public ResponseEntity<?> mode(@RequestBody JsonNode body) {
        String code = body.path("municipality").asText();
        if (!offices.containsKey(code)) {
            return ResponseEntity.badRequest().body(Map.of("error", "municipality must be one of "
                    + offices.keySet()));
        }
        Controls set = new Controls(Math.max(0, Math.min(body.path("answerAfterSeconds").asInt(0), 3600)),
                body.path("down").asBoolean(false), body.path("garbage").asBoolean(false));
        controls.put(code, set);
        return ResponseEntity.ok(Map.of("municipality", code, "answerAfterSeconds", set.answerAfterSeconds(),
                "down", set.down(), "garbage", set.garbage()));
    }

    @GetMapping("/received")
    public List<JsonNode> received() {
        return SandboxModeSupport.shown(received.received());
    }

    private void poll() {
        for (Office office : offices.values()) {
            Controls now = controls.getOrDefault(office.code(), Controls.NORMAL);
            if (now.down()) {
                continue;
            }
            Path questions = office.share().resolve("ked/eiserxomena");
            try (DirectoryStream<Path> files = Files.newDirectoryStream(questions, "aitima_*.csv")) {
                for (Path question : files) {
                    take(office, question, now);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Stand-in revenue system {}: {}", office.code(), e.toString());
            }
        }
    }

    private void take(Office office, Path question, Controls now) throws IOException {
        Path taken = question.resolveSibling("taken");
        Files.createDirectories(taken);
        Path moved = taken.resolve(question.getFileName());
        try {
            Files.move(question, moved, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return;
        }
        Map<String, String> q = readOne(Files.readAllBytes(moved));
        String requestId = q.get("ΑΡ_ΑΙΤΗΜΑΤΟΣ");
        ObjectNode entry = JSON.createObjectNode();
        entry.put("municipality", office.code());
        entry.put("requestId", requestId);
        entry.put("kind", q.get("ΕΙΔΟΣ"));
        entry.put("afm", q.get("ΑΦΜ"));
        entry.put("amka", q.get("ΑΜΚΑ"));
        received.received(entry);
        Runnable answer = () -> {
            try {
                byte[] bytes = now.garbage()
                        ? "ΑΡ_ΑΙΤΗΜΑΤΟΣ;ΑΠΟΤΕΛΕΣΜΑ\r\nτο σύστημα έγραψε σκουπίδια;???\r\n".getBytes(WINDOWS_1253)
                        : encode(answer(office, q));
                Path answers = office.share().resolve("ked/exerxomena");
                Path temporary = answers.resolve(".apantisi_" + requestId + ".csv.part");
                Files.write(temporary, bytes);
                Files.move(temporary, answers.resolve("apantisi_" + requestId + ".csv"),
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Stand-in revenue system {} could not answer {}: {}", office.code(), requestId,
                        e.toString());
            }
        };
        if (now.answerAfterSeconds() > 0) {
            scheduler.schedule(answer, now.answerAfterSeconds(), TimeUnit.SECONDS);
        } else {
            answer.run();
        }
    }

    /** The answer by the municipality's checks, in their order, as the real system would write it. */
    private synchronized String answer(Office office, Map<String, String> q) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        ANSWER_COLUMNS.forEach(column -> a.put(column, ""));
        a.put("ΑΡ_ΑΙΤΗΜΑΤΟΣ", q.get("ΑΡ_ΑΙΤΗΜΑΤΟΣ"));
        LocalDate asked = LocalDateTime.parse(q.get("ΗΜ_ΑΙΤΗΜΑΤΟΣ"), MOMENT).toLocalDate();
        if ("ΤΑΠ".equals(q.get("ΕΙΔΟΣ"))) {
            Map<String, String> row = readAll(Files.readAllBytes(office.seeds().resolve("esoda_tap.csv"))).stream()
                    .filter(r -> r.get("ΑΡ_ΠΑΡΟΧΗΣ").equals(q.get("ΑΡ_ΠΑΡΟΧΗΣ"))
                            && new BigDecimal(r.get("ΑΦΜ")).equals(new BigDecimal(q.get("ΑΦΜ"))))
                    .findFirst().orElse(null);
            if (row == null) {
                a.put("ΑΠΟΤΕΛΕΣΜΑ", "ΔΕΝ ΒΡΕΘΗΚΕ");
            } else if (row.get("ΤΜ").isBlank()) {
                a.put("ΑΠΟΤΕΛΕΣΜΑ", "ΑΡΝΗΣΗ");
                a.put("ΛΟΓΟΣ", "ΑΔΗΛΩΤΑ ΤΜ");
            } else if (new BigDecimal(row.get("ΟΦΕΙΛΗ_ΤΑΠ").replace(',', '.')).signum() > 0) {
                a.put("ΑΠΟΤΕΛΕΣΜΑ", "ΑΡΝΗΣΗ");
                a.put("ΛΟΓΟΣ", "ΟΦΕΙΛΗ ΤΑΠ");
            } else {
                a.put("ΑΠΟΤΕΛΕΣΜΑ", "ΕΚΔΟΘΗΚΕ");
                a.put("ΑΡ_ΒΕΒΑΙΩΣΗΣ", number(office, "ΤΑΠ", asked.getYear()));
                a.put("ΗΜ_ΕΚΔΟΣΗΣ", DAY.format(asked));
                a.put("ΑΦΜ", row.get("ΑΦΜ"));
                for (String column : List.of("ΕΠΩΝΥΜΟ", "ΟΝΟΜΑ", "ΟΔΟΣ", "ΑΡΙΘΜΟΣ", "ΤΚ", "ΠΕΡΙΟΧΗ", "ΤΜ")) {
                    a.put(column, row.get(column));
                }
            }
        } else {
            Map<String, String> row = readAll(Files.readAllBytes(office.seeds().resolve("katoikoi.csv"))).stream()
                    .filter(r -> r.get("ΑΜΚΑ").equals(q.get("ΑΜΚΑ"))).findFirst().orElse(null);
            List<Integer> years = new ArrayList<>();
            for (String year : q.get("ΕΤΗ").split(",")) {
                years.add(Integer.parseInt(year.trim()));
            }
            LocalDate from = LocalDate.of(years.stream().min(Integer::compare).orElseThrow(), 1, 1);
            LocalDate to = LocalDate.of(years.stream().max(Integer::compare).orElseThrow(), 12, 31);
            if (asked.isBefore(to)) {
                to = asked;
            }
            if (row == null) {
                a.put("ΑΠΟΤΕΛΕΣΜΑ", "ΔΕΝ ΒΡΕΘΗΚΕ");
            } else if (LocalDate.parse(row.get("ΚΑΤΟΙΚΟΣ_ΑΠΟ"), DAY).isAfter(from)
                    || !row.get("ΚΑΤΟΙΚΟΣ_ΕΩΣ").isBlank() && LocalDate.parse(row.get("ΚΑΤΟΙΚΟΣ_ΕΩΣ"), DAY)
                            .isBefore(to)) {
                a.put("ΑΠΟΤΕΛΕΣΜΑ", "ΑΡΝΗΣΗ");
                a.put("ΛΟΓΟΣ", "ΜΗ ΜΟΝΙΜΟΣ ΚΑΤΟΙΚΟΣ");
                a.put("ΑΜΚΑ", q.get("ΑΜΚΑ"));
            } else {
                a.put("ΑΠΟΤΕΛΕΣΜΑ", "ΕΚΔΟΘΗΚΕ");
                a.put("ΑΡ_ΒΕΒΑΙΩΣΗΣ", number(office, "ΜΚ", asked.getYear()));
                a.put("ΗΜ_ΕΚΔΟΣΗΣ", DAY.format(asked));
                a.put("ΑΜΚΑ", q.get("ΑΜΚΑ"));
                a.put("ΕΤΗ", q.get("ΕΤΗ"));
                for (String column : List.of("ΕΠΩΝΥΜΟ", "ΟΝΟΜΑ", "ΠΑΤΡΩΝΥΜΟ", "ΟΔΟΣ", "ΑΡΙΘΜΟΣ", "ΤΚ", "ΠΕΡΙΟΧΗ")) {
                    a.put(column, row.get(column));
                }
            }
        }
        CsvSchema.Builder schema = CsvSchema.builder().setColumnSeparator(';').setLineSeparator("\r\n")
                .setUseHeader(true);
        ANSWER_COLUMNS.forEach(schema::addColumn);
        StringWriter out = new StringWriter();
        // Quoted only where a value needs it, as the legacy system writes its files.
        CSV.writer(schema.build()).with(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature
                .STRICT_CHECK_FOR_QUOTING).writeValue(out, a);
        return out.toString();
    }

    /** The next certificate number of a kind and year, kept in the seeds' folder across restarts. */
    private String number(Office office, String kind, int year) throws IOException {
        Path file = office.seeds().resolve("numbers.properties");
        Properties numbers = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                numbers.load(in);
            }
        }
        String key = (kind.equals("ΤΑΠ") ? "tap" : "mk") + "." + year;
        int next = Integer.parseInt(numbers.getProperty(key, "0")) + 1;
        numbers.setProperty(key, String.valueOf(next));
        try (var out = Files.newOutputStream(file)) {
            numbers.store(out, "Stand-in certificate numbers, per kind and year");
        }
        return String.format("%s/%d/%05d", kind, year, next);
    }

    private static byte[] encode(String text) throws IOException {
        ByteBuffer bytes = WINDOWS_1253.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }

    private static List<Map<String, String>> readAll(byte[] bytes) throws IOException {
        String text = WINDOWS_1253.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader().withColumnSeparator(';')).readValues(text)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    private static Map<String, String> readOne(byte[] bytes) throws IOException {
        List<Map<String, String>> rows = readAll(bytes);
        if (rows.size() != 1) {
            throw new IOException("a question file has one data line, not " + rows.size());
        }
        return rows.get(0);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
