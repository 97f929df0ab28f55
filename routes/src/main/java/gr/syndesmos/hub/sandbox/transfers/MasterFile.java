package gr.syndesmos.hub.sandbox.transfers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import gr.syndesmos.connectors.transfers.Cyymmdd;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The master file of the Agios Nikolaos registry stand-in ({@code DHMOTES.TXT}): ISO-8859-7, CRLF, 200 characters a
 * record: AMKA 1–11, AFM 12–20, surname 21–60, given name 61–85, father 86–110, mother 111–135, birth date 136–142
 * ({@code CYYMMDD}), community 143–150, share 151–158 (zero-padded), status 159 ({@code E} active, {@code M} pending
 * out, {@code X} transferred out, {@code P} pending in, {@code D} deleted), obligation 160 ({@code Y}), lock 161
 * ({@code Y}), exchange id 162–186, last change 187–193.
 */
public final class MasterFile {

    static final Charset ISO_8859_7 = Charset.forName("ISO-8859-7");
    static final int LENGTH = 200;

    private MasterFile() {
    }

    public static List<RegistryRecord> read(Path file) throws IOException {
        String text = ISO_8859_7.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
        List<RegistryRecord> records = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() != LENGTH) {
                throw new IOException("a master record is " + LENGTH + " characters, not " + line.length());
            }
            String status = switch (line.charAt(158)) {
                case 'E' -> "ACTIVE";
                case 'M' -> "PENDING_OUT";
                case 'X' -> "TRANSFERRED_OUT";
                case 'P' -> "PENDING_IN";
                case 'D' -> "DELETED";
                default -> throw new IOException("unknown status " + line.charAt(158));
            };
            records.add(new RegistryRecord(field(line, 1, 11), field(line, 12, 20), field(line, 21, 60),
                    field(line, 61, 85), field(line, 86, 110), field(line, 111, 135),
                    Cyymmdd.parse(field(line, 136, 142)), field(line, 143, 150), unpad(field(line, 151, 158)),
                    status, line.charAt(159) == 'Y', line.charAt(160) == 'Y', field(line, 162, 186)));
        }
        return records;
    }

    /** Writes the whole file under a temporary name and renames it, as the system's batch does. */
    public static void write(Path file, List<RegistryRecord> records, LocalDate today) throws IOException {
        StringBuilder out = new StringBuilder();
        for (RegistryRecord r : records) {
            StringBuilder line = new StringBuilder(" ".repeat(LENGTH));
            put(line, 1, 11, r.amka());
            put(line, 12, 20, r.afm());
            put(line, 21, 60, r.surname());
            put(line, 61, 85, r.givenName());
            put(line, 86, 110, r.fatherName());
            put(line, 111, 135, r.motherName());
            put(line, 136, 142, Cyymmdd.format(r.birthDate()));
            put(line, 143, 150, r.community());
            put(line, 151, 158, r.share() == null ? null : "0".repeat(8 - r.share().length()) + r.share());
            put(line, 159, 159, switch (r.status()) {
                case "ACTIVE" -> "E";
                case "PENDING_OUT" -> "M";
                case "TRANSFERRED_OUT" -> "X";
                case "PENDING_IN" -> "P";
                default -> "D";
            });
            put(line, 160, 160, r.obligation() ? "Y" : null);
            put(line, 161, 161, r.locked() ? "Y" : null);
            put(line, 162, 186, r.exchangeId());
            put(line, 187, 193, Cyymmdd.format(today));
            out.append(line).append("\r\n");
        }
        ByteBuffer bytes = ISO_8859_7.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(out));
        byte[] data = new byte[bytes.remaining()];
        bytes.get(data);
        Path temporary = file.resolveSibling(file.getFileName() + ".TMP");
        Files.write(temporary, data);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String field(String line, int from, int to) {
        String value = line.substring(from - 1, to).strip();
        return value.isEmpty() ? null : value;
    }

    private static String unpad(String share) {
        return share == null ? null : share.replaceFirst("^0+(?=.)", "");
    }

    private static void put(StringBuilder line, int from, int to, String value) {
        if (value == null) {
            return;
        }
        int width = to - from + 1;
        if (value.length() > width) {
            throw new IllegalArgumentException("value longer than its field at " + from + "–" + to);
        }
        line.replace(from - 1, from - 1 + value.length(), value);
    }
}
