package gr.syndesmos.mappings;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: open exports and read all their records. */
public final class Exports {

    public static final Charset CP1253 = Charset.forName("windows-1253");
    public static final Charset ISO_8859_7 = Charset.forName("ISO-8859-7");
    public static final String RETHYMNO = "Ρεθύμνης";
    public static final String HERAKLION = "Ηρακλείου";
    public static final String HEADER = "ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΡ_ΣΥΝΕΔΡΙΑΣΗΣ;ΗΜ_ΣΥΝΕΔΡΙΑΣΗΣ;ΑΡ_ΘΕΜΑΤΟΣ;ΘΕΜΑ;ΚΩΔ_ΕΙΔΟΥΣ;ΥΠΗΡΕΣΙΑ;"
            + "ΥΠΟΓΡΑΦΩΝ;ΠΟΣΟ;ΑΦΜ_ΔΙΚΑΙΟΥΧΟΥ;ΚΑΤΑΣΤΑΣΗ;ΗΜ_ΤΡΟΠΟΠΟΙΗΣΗΣ";

    private Exports() {
    }

    public static LegacyMapping rethymno() {
        return FolderMappingCatalog.fromClasspath().mapping("9318", "council-decisions");
    }

    public static LegacyMapping heraklion() {
        return FolderMappingCatalog.fromClasspath().mapping("9305", "council-decisions");
    }

    /** A council decision's answer from Diavgeia, as the write-back gets it: the members it names, the ADA, the time. */
    public static WriteBackFormat.Answer answer(String legacyId, int year, int decisionNumber, String ada,
            java.time.OffsetDateTime publishedAt) {
        com.fasterxml.jackson.databind.node.ObjectNode record = gr.syndesmos.schemas.CanonicalJson.mapper()
                .createObjectNode().put("year", year).put("decisionNumber", decisionNumber);
        record.putObject("source").put("recordId", legacyId);
        return new WriteBackFormat.Answer(record, ada, publishedAt);
    }

    public static InputStream resource(String path) {
        InputStream in = Exports.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + path);
        }
        return in;
    }

    public static byte[] bytes(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<MappedRecord> readAll(LegacyMapping mapping, InputStream in, String file, String name) {
        return readAll(mapping, in, SourceContext.of(file, mapping.municipalityCode(), name));
    }

    public static List<MappedRecord> readAll(LegacyMapping mapping, InputStream in, SourceContext context) {
        List<MappedRecord> records = new ArrayList<>();
        try (RecordReader reader = mapping.open(in, context)) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    /** Rethymno CSV with the standard header and the given lines (CRLF), encoded in windows-1253. */
    public static List<MappedRecord> readCsv(String... lines) {
        return readAll(rethymno(), new ByteArrayInputStream(csv(lines)), "test.csv", RETHYMNO);
    }

    public static byte[] csv(String... lines) {
        StringBuilder text = new StringBuilder(HEADER).append("\r\n");
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        return text.toString().getBytes(CP1253);
    }

    /** A valid Rethymno row; replace fields with {@link String#replace} in tests. */
    public static String row(int number) {
        return number + ";2026;1;10/01/2026;1;Έγκριση δαπάνης;ΕΓΚΡ;Οικονομική Υπηρεσία;Μαρία Χατζηδάκη;"
                + "12.345,67;094019245;ΟΡΙΣΤΙΚΗ;01/11/2026 09:00:00";
    }

    public static List<MappedRecord> readXml(String records) {
        return readAll(heraklion(), new ByteArrayInputStream(xml(records)), "test.xml", HERAKLION);
    }

    public static byte[] xml(String records) {
        return ("<?xml version=\"1.0\" encoding=\"ISO-8859-7\"?>\n<exportApofaseon dimos=\"9305\" "
                + "paragogi=\"2026-11-20T18:00:00\">\n" + records + "</exportApofaseon>\n").getBytes(ISO_8859_7);
    }

    /** A valid Heraklion record on 15 lines; {@code extra} is inserted before katastasi. */
    public static String apofasi(int number, String eidos, String extra) {
        return "  <apofasi id=\"ΔΣ-2026-0" + number + "\">\n"
                + "    <arithmos>" + number + "</arithmos>\n"
                + "    <etos>2026</etos>\n"
                + "    <synedriasi arithmos=\"18\" imerominia=\"2026-11-18\"/>\n"
                + "    <thema arithmos=\"3\">Έγκριση δαπάνης &amp; προμήθεια</thema>\n"
                + "    <eidos>" + eidos + "</eidos>\n"
                + "    <organo>Δημοτικό Συμβούλιο</organo>\n"
                + "    <poso nomisma=\"EUR\">12345.67</poso>\n"
                + "    <dikaiouxos afm=\"094019245\">ΗΛΕΚΤΡΙΚΗ ΚΡΗΤΗΣ Α.Ε.</dikaiouxos>\n"
                + "    <ypografontes>\n"
                + "      <ypografon>Γεώργιος Παπαδάκης</ypografon>\n"
                + "    </ypografontes>\n"
                + extra
                + "    <katastasi>ΟΡΙΣΤΙΚΗ</katastasi>\n"
                + "    <teleutaiaAllagi>2026-11-19T10:15:00</teleutaiaAllagi>\n"
                + "  </apofasi>\n";
    }
}
