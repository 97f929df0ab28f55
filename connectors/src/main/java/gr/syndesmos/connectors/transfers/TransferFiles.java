package gr.syndesmos.connectors.transfers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The transfer-files connectors: a registry that exchanges residence transfers as fixed-width files (an AS/400
 * system): it writes {@code out/MTDOUT_YYYYMMDD_HHMMSS.TXT} and reads {@code in/MTDIN_YYYYMMDD_HHMMSS.TXT}, strict
 * ISO-8859-7, CRLF, every record exactly 220 characters: an {@code H} header (the municipality, date, time),
 * {@code D} details, a {@code T} trailer with the number of details. A file is taken whole or not at all: a wrong
 * record length, an undecodable byte, no trailer or a trailer count that disagrees rejects it, none of its records
 * is processed, and it moves to {@code out/rejected/}.
 */
public class TransferFiles {

    /** Set on a file refused whole, with the reason. */
    public static final String FILE_REJECTED = "SyndesmosFileRejected";
    /** Where the file consumer moves the file: {@code done} or {@code rejected}. */
    public static final String MOVE_TO = "SyndesmosMoveTo";
    static final int LENGTH = 220;
    private static final Map<String, String> TYPES = TransferCodes.inverse(TransferCodes.FILE_TYPES);
    private static final Map<String, String> REASONS = TransferCodes.inverse(TransferCodes.FILE_REASONS);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss");
    private static final ZoneId ATHENS = ZoneId.of("Europe/Athens");

    private Path directory;
    private String charset = "ISO-8859-7";
    private String municipality;

    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    public void setCharset(String charset) {
        this.charset = charset;
    }

    public void setMunicipality(String municipality) {
        this.municipality = municipality;
    }

    /** Reads one output file of the system into canonical messages, or refuses it whole. */
    public void read(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        ArrayNode messages = TransferJson.JSON.createArrayNode();
        String rejected = parse(bytes, Charset.forName(charset), messages);
        exchange.getMessage().setHeader(MOVE_TO, rejected == null ? "done" : "rejected");
        if (rejected != null) {
            exchange.getMessage().setHeader(FILE_REJECTED, rejected);
            messages.removeAll();
        }
        exchange.getMessage().setBody(messages.toString());
    }

    /** The messages of a file, or why it is refused whole. */
    public static String parse(byte[] bytes, Charset charset, ArrayNode messages) {
        String text;
        try {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "ENCODING_ERROR";
        }
        if (!text.endsWith("\r\n")) {
            return text.isEmpty() ? "NO_TRAILER" : "RECORD_LENGTH";
        }
        String[] lines = text.substring(0, text.length() - 2).split("\r\n", -1);
        for (String line : lines) {
            if (line.length() != LENGTH) {
                return "RECORD_LENGTH";
            }
        }
        String last = lines[lines.length - 1];
        if (!last.startsWith("T")) {
            return "NO_TRAILER";
        }
        int details = 0;
        for (String line : lines) {
            if (line.startsWith("D")) {
                details++;
                messages.add(detail(line));
            }
        }
        String count = last.substring(1, 7).strip();
        if (!count.matches("[0-9]+") || Integer.parseInt(count) != details) {
            return "TRAILER_COUNT_MISMATCH";
        }
        return null;
    }

    private static ObjectNode detail(String line) {
        String type = TYPES.get(field(line, 27, 28));
        String origin = field(line, 29, 32);
        String destination = field(line, 33, 36);
        ObjectNode m = TransferJson.message(field(line, 2, 26), type, origin, destination);
        if (TransferJson.carriesPerson(type)) {
            ObjectNode person = m.putObject("person");
            person.put("amka", field(line, 37, 47));
            person.put("afm", field(line, 48, 56));
            person.put("surname", field(line, 57, 96));
            person.put("givenName", field(line, 97, 121));
            person.put("fatherName", field(line, 122, 146));
            person.put("motherName", field(line, 147, 171));
            LocalDate born = Cyymmdd.parse(field(line, 172, 178));
            person.put("birthDate", born == null ? null : born.toString());
            ObjectNode registration = m.putObject("registration");
            registration.put("municipalityCode", TransferJson.registrationMunicipality(type, origin, destination));
            registration.put("communityCode", field(line, 179, 186));
            String share = field(line, 187, 194);
            registration.put("shareNumber", share == null ? null : share.replaceFirst("^0+(?=.)", ""));
        } else {
            m.putNull("person");
            m.putNull("registration");
        }
        String reason = field(line, 195, 196);
        m.put("reason", reason == null ? null : REASONS.getOrDefault(reason, reason));
        LocalDate act = Cyymmdd.parse(field(line, 197, 203));
        m.put("actDate", act == null ? null : act.toString());
        return m;
    }

    /**
     * Writes one message as an input file of the system, whole (temporary name, then renamed).
     *
     * @throws UnwritableTransferException when a value has a character the charset lacks or is longer than its field
     */
    public void write(Exchange exchange) throws IOException {
        JsonNode m = TransferJson.JSON.readTree(exchange.getMessage().getBody(String.class));
        LocalDateTime now = LocalDateTime.now(ATHENS);
        String detail = format(m);
        StringBuilder file = new StringBuilder();
        file.append(pad("H" + municipality + Cyymmdd.format(now.toLocalDate())
                + now.format(DateTimeFormatter.ofPattern("HHmmss")))).append("\r\n");
        file.append(detail).append("\r\n");
        file.append(pad("T000001")).append("\r\n");
        ByteBuffer encoded = encoder().encode(CharBuffer.wrap(file));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Path in = Files.createDirectories(directory.resolve("in"));
        Path temporary = in.resolve("MTDIN_" + now.format(NAME) + "_" + System.nanoTime() + ".TMP");
        Files.write(temporary, bytes);
        Files.move(temporary, in.resolve("MTDIN_" + nextName(now) + ".TXT"), StandardCopyOption.ATOMIC_MOVE);
    }

    private LocalDateTime lastName;

    /**
     * The system reads MTDIN_<date>_<time>.TXT and takes the files away once read: a name is never used twice, so a
     * second file within one second gets the next second's name.
     */
    private synchronized String nextName(LocalDateTime now) {
        LocalDateTime at = now.withNano(0);
        if (lastName != null && !at.isAfter(lastName)) {
            at = lastName.plusSeconds(1);
        }
        while (Files.exists(directory.resolve("in").resolve("MTDIN_" + at.format(NAME) + ".TXT"))) {
            at = at.plusSeconds(1);
        }
        lastName = at;
        return at.format(NAME);
    }

    /** One message as a D record; refuses what the system could not hold. */
    public String format(JsonNode m) {
        JsonNode person = m.get("person");
        JsonNode registration = m.get("registration");
        StringBuilder line = new StringBuilder(" ".repeat(LENGTH));
        line.setCharAt(0, 'D');
        put(line, 2, 26, TransferJson.text(m, "exchangeId"), "exchangeId");
        put(line, 27, 28, TransferCodes.FILE_TYPES.get(TransferJson.text(m, "type")), "type");
        put(line, 29, 32, TransferJson.text(m, "origin"), "origin");
        put(line, 33, 36, TransferJson.text(m, "destination"), "destination");
        put(line, 37, 47, TransferJson.text(person, "amka"), "person.amka");
        put(line, 48, 56, TransferJson.text(person, "afm"), "person.afm");
        put(line, 57, 96, TransferJson.text(person, "surname"), "person.surname");
        put(line, 97, 121, TransferJson.text(person, "givenName"), "person.givenName");
        put(line, 122, 146, TransferJson.text(person, "fatherName"), "person.fatherName");
        put(line, 147, 171, TransferJson.text(person, "motherName"), "person.motherName");
        put(line, 172, 178, Cyymmdd.format(TransferJson.date(person, "birthDate")), "person.birthDate");
        put(line, 179, 186, TransferJson.text(registration, "communityCode"), "registration.communityCode");
        String share = TransferJson.text(registration, "shareNumber");
        put(line, 187, 194, share == null ? null : "0".repeat(Math.max(0, 8 - share.length())) + share,
                "registration.shareNumber");
        String reason = TransferJson.text(m, "reason");
        put(line, 195, 196, reason == null ? null : TransferCodes.FILE_REASONS.getOrDefault(reason, "??"),
                "reason");
        put(line, 197, 203, Cyymmdd.format(TransferJson.date(m, "actDate")), "actDate");
        return line.toString();
    }

    private void put(StringBuilder line, int from, int to, String value, String field) {
        if (value == null) {
            return;
        }
        if (!encoder().canEncode(value)) {
            throw new UnwritableTransferException("UNENCODABLE_CHARACTER", field);
        }
        if (value.length() > to - from + 1) {
            throw new UnwritableTransferException("FIELD_TOO_LONG", field);
        }
        line.replace(from - 1, from - 1 + value.length(), value);
    }

    private CharsetEncoder encoder() {
        return Charset.forName(charset).newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                .onMalformedInput(CodingErrorAction.REPORT);
    }

    private static String pad(String record) {
        return record + " ".repeat(LENGTH - record.length());
    }

    private static String field(String line, int from, int to) {
        String value = line.substring(from - 1, to).strip();
        return value.isEmpty() ? null : value;
    }
}
