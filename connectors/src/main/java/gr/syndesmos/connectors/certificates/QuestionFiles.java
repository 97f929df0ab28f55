package gr.syndesmos.connectors.certificates;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate-files connector: asks a legacy system that exchanges question and answer files on a share (a
 * municipal revenue system). The question goes to {@code ked/eiserxomena/aitima_<request id>.csv}, the answer is
 * awaited in {@code ked/exerxomena/apantisi_<request id>.csv}; both are written under a temporary name and renamed
 * when whole. At the deadline (less one second) a question still unread is withdrawn (renamed
 * {@code .cancelled}): the system never saw it. If it is gone, the system took it, and its answer is looked for
 * again later ({@link CertificateQuestion#COLLECT}).
 *
 * <p>The files: the declared charset (windows-1253 by default) decoded strictly, no BOM, CRLF, {@code ;}, a header
 * line and one data line; columns found by header name. The system keeps the AFM as a number (an AFM starting with
 * 0 comes with fewer digits) and areas with a Greek decimal comma.
 */
public class QuestionFiles implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(QuestionFiles.class);

    static final String QUESTIONS = "ked/eiserxomena";
    static final String ANSWERS = "ked/exerxomena";
    /** Answers read, kept as they came. */
    static final String READ = "ked/exerxomena/read";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss");
    private static final List<String> QUESTION_COLUMNS =
            List.of("ΑΡ_ΑΙΤΗΜΑΤΟΣ", "ΕΙΔΟΣ", "ΑΦΜ", "ΑΡ_ΠΑΡΟΧΗΣ", "ΑΜΚΑ", "ΕΤΗ", "ΗΜ_ΑΙΤΗΜΑΤΟΣ");
    private static final Map<String, String> OUTCOMES =
            Map.of("ΕΚΔΟΘΗΚΕ", "ISSUED", "ΔΕΝ ΒΡΕΘΗΚΕ", "NOT_FOUND", "ΑΡΝΗΣΗ", "REFUSED");
    private static final Map<String, String> REASONS = Map.of("ΟΦΕΙΛΗ ΤΑΠ", "DEBTS_EXIST",
            "ΑΔΗΛΩΤΑ ΤΜ", "DECLARATION_INCOMPLETE", "ΜΗ ΜΟΝΙΜΟΣ ΚΑΤΟΙΚΟΣ", "NOT_RESIDENT_IN_PERIOD");
    /** An answer file is one header and one line: anything near this size is not an answer. */
    private static final long MAX_ANSWER_BYTES = 16 * 1024;

    private static final CsvMapper CSV = new CsvMapper();

    private Path directory;
    private String charset = "windows-1253";
    private long pollMillis = 200;
    private Clock clock = Clock.systemUTC();

    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    public void setCharset(String charset) {
        this.charset = charset;
    }

    public void setPollMillis(long pollMillis) {
        this.pollMillis = Math.max(10, pollMillis);
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        CertificateQuestion question = CertificateQuestion.parse(exchange.getMessage().getBody(String.class));
        String step = exchange.getMessage().getHeader(CertificateQuestion.STEP, CertificateQuestion.ASK,
                String.class);
        CertificateAnswer answer = CertificateQuestion.COLLECT.equals(step) ? collect(question) : ask(question);
        exchange.getMessage().setBody(answer.json());
    }

    /** Writes the question and waits for its answer until the deadline, less the margin. */
    CertificateAnswer ask(CertificateQuestion question) throws InterruptedException {
        Path asked = directory.resolve(QUESTIONS).resolve("aitima_" + question.requestId() + ".csv");
        try {
            writeWhole(asked, questionFile(question));
        } catch (IOException e) {
            LOG.warn("Certificate question {} for {} could not be written to the share: {}", question.requestId(),
                    question.municipality(), e.toString());
            return CertificateAnswer.unavailable(question.requestId(), "the question could not be written to the "
                    + "system's folder: " + e.getClass().getSimpleName());
        }
        // The legacy system polls its folder; it has no way to tell us it answered but the file itself, and a
        // network share may not report changes: look every pollMillis.
        while (clock.instant().isBefore(question.deadline().minus(CertificateQuestion.MARGIN))) {
            CertificateAnswer answer = readAnswer(question);
            if (answer != null) {
                return answer;
            }
            Thread.sleep(Math.min(pollMillis, Math.max(1, question.timeLeft(clock.instant()).toMillis())));
        }
        CertificateAnswer last = readAnswer(question);
        if (last != null) {
            return last;
        }
        try {
            Files.move(asked, asked.resolveSibling(asked.getFileName() + ".cancelled"),
                    StandardCopyOption.ATOMIC_MOVE);
            return CertificateAnswer.unavailable(question.requestId(), "the system did not read the question before "
                    + "the deadline; it was withdrawn");
        } catch (NoSuchFileException e) {
            return CertificateAnswer.taken(question.requestId());
        } catch (IOException e) {
            LOG.warn("Certificate question {} could not be withdrawn: {}", question.requestId(), e.toString());
            return CertificateAnswer.taken(question.requestId());
        }
    }

    /** Looks once for an answer owed after the deadline: the answer, or TAKEN while there is none. */
    CertificateAnswer collect(CertificateQuestion question) {
        CertificateAnswer answer = readAnswer(question);
        return answer != null ? answer : CertificateAnswer.taken(question.requestId());
    }

    private String questionFile(CertificateQuestion q) throws IOException {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("ΑΡ_ΑΙΤΗΜΑΤΟΣ", q.requestId());
        row.put("ΕΙΔΟΣ", q.kind() == CertificateQuestion.Kind.TAP ? "ΤΑΠ" : "ΜΟΝ_ΚΑΤ");
        row.put("ΑΦΜ", q.kind() == CertificateQuestion.Kind.TAP ? q.afm() : "");
        row.put("ΑΡ_ΠΑΡΟΧΗΣ", q.kind() == CertificateQuestion.Kind.TAP ? q.supplyNumber() : "");
        row.put("ΑΜΚΑ", q.kind() == CertificateQuestion.Kind.RESIDENCE ? q.amka() : "");
        row.put("ΕΤΗ", q.kind() == CertificateQuestion.Kind.RESIDENCE ? q.yearsText() : "");
        row.put("ΗΜ_ΑΙΤΗΜΑΤΟΣ", MOMENT.format(q.receivedAt()));
        CsvSchema.Builder schema = CsvSchema.builder().setColumnSeparator(';').setLineSeparator("\r\n")
                .setUseHeader(true);
        QUESTION_COLUMNS.forEach(schema::addColumn);
        StringWriter out = new StringWriter();
        // Quoted only where a value needs it, as the legacy system writes its files.
        CSV.writer(schema.build()).with(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature
                .STRICT_CHECK_FOR_QUOTING).writeValue(out, row);
        return out.toString();
    }

    /** Writes under a temporary name and renames when whole, as the legacy system expects. */
    private void writeWhole(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Charset cs = Charset.forName(charset);
        var encoder = cs.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                .onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer encoded = encoder.encode(java.nio.CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Path temporary = target.resolveSibling("." + target.getFileName() + ".part");
        Files.write(temporary, bytes);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target);
        }
    }

    /** The answer to this question if the system wrote it, moved to {@code read/}; null when there is none yet. */
    private CertificateAnswer readAnswer(CertificateQuestion question) {
        Path answer = directory.resolve(ANSWERS).resolve("apantisi_" + question.requestId() + ".csv");
        byte[] bytes;
        try {
            if (Files.size(answer) > MAX_ANSWER_BYTES) {
                keep(answer);
                return CertificateAnswer.invalid(question.requestId(), "the answer file is larger than "
                        + MAX_ANSWER_BYTES + " bytes", null);
            }
            bytes = Files.readAllBytes(answer);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("Answer to certificate question {} could not be read yet: {}", question.requestId(),
                    e.toString());
            return null;
        }
        keep(answer);
        String text;
        try {
            text = Charset.forName(charset).newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return CertificateAnswer.invalid(question.requestId(), "the answer file is not valid " + charset,
                    Base64.getEncoder().encodeToString(bytes));
        }
        try {
            return parseAnswer(question, text);
        } catch (InvalidAnswer e) {
            return CertificateAnswer.invalid(question.requestId(), e.getMessage(), text);
        }
    }

    private void keep(Path answer) {
        try {
            Path read = directory.resolve(READ);
            Files.createDirectories(read);
            Files.move(answer, read.resolve(answer.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            // Another reader kept it already.
        } catch (IOException e) {
            LOG.warn("Answer file {} could not be moved to {}: {}", answer.getFileName(), READ, e.toString());
        }
    }

    static final class InvalidAnswer extends Exception {
        InvalidAnswer(String message) {
            super(message);
        }
    }

    /** Reads an answer file's one line by its header names; a problem text never repeats a value. */
    static CertificateAnswer parseAnswer(CertificateQuestion question, String text) throws InvalidAnswer {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> lines = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader().withColumnSeparator(';'))
                .readValues(text)) {
            while (lines.hasNext()) {
                rows.add(lines.next());
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidAnswer("the answer file is not ';'-separated CSV with a header line");
        }
        if (rows.size() != 1) {
            throw new InvalidAnswer("the answer file has " + rows.size() + " data lines, not 1");
        }
        Map<String, String> row = rows.get(0);
        String id = value(row, "ΑΡ_ΑΙΤΗΜΑΤΟΣ");
        if (!question.requestId().equals(id)) {
            throw new InvalidAnswer("the answer file's ΑΡ_ΑΙΤΗΜΑΤΟΣ is not the question's request id");
        }
        String outcome = OUTCOMES.get(value(row, "ΑΠΟΤΕΛΕΣΜΑ"));
        if (outcome == null) {
            throw new InvalidAnswer("unknown ΑΠΟΤΕΛΕΣΜΑ (expected ΕΚΔΟΘΗΚΕ, ΔΕΝ ΒΡΕΘΗΚΕ or ΑΡΝΗΣΗ)");
        }
        CertificateAnswer answer = CertificateAnswer.answered(question.requestId(), outcome);
        if ("REFUSED".equals(outcome)) {
            String reason = REASONS.get(value(row, "ΛΟΓΟΣ"));
            if (reason == null) {
                throw new InvalidAnswer("unknown ΛΟΓΟΣ (expected ΟΦΕΙΛΗ ΤΑΠ, ΑΔΗΛΩΤΑ ΤΜ or ΜΗ ΜΟΝΙΜΟΣ ΚΑΤΟΙΚΟΣ)");
            }
            return answer.refusal(reason);
        }
        if (!"ISSUED".equals(outcome)) {
            return answer;
        }
        var certificate = answer.certificate();
        certificate.put("certificateNumber", required(row, "ΑΡ_ΒΕΒΑΙΩΣΗΣ"));
        try {
            certificate.put("issueDate", LocalDate.parse(required(row, "ΗΜ_ΕΚΔΟΣΗΣ"), DAY).toString());
        } catch (DateTimeParseException e) {
            throw new InvalidAnswer("ΗΜ_ΕΚΔΟΣΗΣ is not a date dd/MM/yyyy");
        }
        if (question.kind() == CertificateQuestion.Kind.TAP) {
            String afm = required(row, "ΑΦΜ");
            if (!afm.matches("[0-9]{1,9}")) {
                throw new InvalidAnswer("ΑΦΜ is not a number of up to 9 digits");
            }
            // The system keeps the AFM as a number: its leading zeros are lost.
            afm = "0".repeat(9 - afm.length()) + afm;
            if (!afm.equals(question.afm())) {
                throw new InvalidAnswer("the answer's ΑΦΜ is not the one asked about");
            }
            var holder = certificate.putObject("holder");
            holder.put("afm", afm);
            holder.put("surname", required(row, "ΕΠΩΝΥΜΟ"));
            holder.put("firstName", required(row, "ΟΝΟΜΑ"));
            var property = certificate.putObject("property");
            property.put("supplyNumber", question.supplyNumber());
            address(row, property);
            String area = required(row, "ΤΜ");
            if (!area.matches("[0-9]{1,7}(,[0-9]{1,2})?")) {
                throw new InvalidAnswer("ΤΜ is not an area with a decimal comma (92,40)");
            }
            property.put("areaSqm", new BigDecimal(area.replace(',', '.')).stripTrailingZeros());
        } else {
            String amka = required(row, "ΑΜΚΑ");
            if (!amka.equals(question.amka())) {
                throw new InvalidAnswer("the answer's ΑΜΚΑ is not the one asked about");
            }
            var person = certificate.putObject("person");
            person.put("amka", amka);
            person.put("surname", required(row, "ΕΠΩΝΥΜΟ"));
            person.put("firstName", required(row, "ΟΝΟΜΑ"));
            String father = value(row, "ΠΑΤΡΩΝΥΜΟ");
            person.put("fatherName", father == null || father.isBlank() ? null : father);
            address(row, certificate.putObject("address"));
            var years = certificate.putArray("years");
            try {
                for (String year : required(row, "ΕΤΗ").split(",")) {
                    years.add(Integer.parseInt(year.trim()));
                }
            } catch (NumberFormatException e) {
                throw new InvalidAnswer("ΕΤΗ is not a list of years separated by ','");
            }
        }
        return answer;
    }

    private static void address(Map<String, String> row, com.fasterxml.jackson.databind.node.ObjectNode target)
            throws InvalidAnswer {
        target.put("street", required(row, "ΟΔΟΣ"));
        String number = value(row, "ΑΡΙΘΜΟΣ");
        target.put("streetNumber", number == null || number.isBlank() ? null : number);
        target.put("postalCode", required(row, "ΤΚ"));
        target.put("locality", required(row, "ΠΕΡΙΟΧΗ"));
    }

    private static String value(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null ? null : value.trim();
    }

    private static String required(Map<String, String> row, String column) throws InvalidAnswer {
        String value = value(row, column);
        if (value == null || value.isEmpty()) {
            throw new InvalidAnswer("column " + column + " is missing or empty");
        }
        return value;
    }
}
