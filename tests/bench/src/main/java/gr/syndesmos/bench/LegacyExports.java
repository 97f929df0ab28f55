package gr.syndesmos.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * Writes the benchmark's exports the way the two legacy systems do: Rethymno's CSV (windows-1253, ';', CRLF, Greek
 * header, quoted subjects, decimal comma) and Heraklion's XML (ISO-8859-7). Seeded, so the same size gives the same
 * file; record numbers start at {@code firstNumber} so files of different phases never share a decision.
 * About one record in forty is a draft and one in forty has a bad AFM, as real exports do: the hub must skip and
 * quarantine those, not deliver them.
 */
final class LegacyExports {

    static final Charset WINDOWS_1253 = Charset.forName("windows-1253");
    static final Charset ISO_8859_7 = Charset.forName("ISO-8859-7");

    private static final String[] SUBJECTS = {
        "Έγκριση δαπάνης για την προμήθεια ηλεκτρολογικού υλικού",
        "ΑΠΟΦΑΣΗ ΠΡΟΕΓΚΡΙΣΗΣ ΠΡΟΜΗΘΕΙΑ ΕΠΙΔΕΣΜΙΚΟΥ ΥΛΙΚΟΥ",
        "Παράταση σύμβασης \"Συντήρηση πρασίνου\"; έως 31/12/2026",
        "Εξόφληση λογαριασμού τηλεφωνικών τελών",
        "Ανάληψη υποχρέωσης για τη μίσθωση μηχανημάτων έργου",
    };
    private static final String[] KIND_CODES = {"ΚΑΝ", "ΠΡΟΥΠ", "ΑΝΑΛ", "ΕΓΚΡ", "ΔΩΡ", "ΑΝΑΘ", "ΣΥΛΛ", "ΛΟΙΠ"};
    private static final String[] KIND_LABELS = {"Έγκριση δαπάνης", "Ανάληψη υποχρέωσης", "Κανονιστική πράξη",
        "ΔΩΡΕΑ - ΕΠΙΧΟΡΗΓΗΣΗ", "ΓΝΩΜΟΔΟΤΗΣΗ", "ΠΕΡΙΛΗΨΗ ΔΙΑΚΗΡΥΞΗΣ"};
    private static final String[] UNITS = {"Δημοτικό Συμβούλιο", "Οικονομική Υπηρεσία", "Τεχνική Υπηρεσία"};
    private static final String[] SIGNERS = {"Μαρία Χατζηδάκη", "Γεώργιος Μαρινάκης", "Ελένη Ψαρουδάκη"};
    /** Valid AFMs (mod-11 check digit), one with a leading zero; the last one fails the check. */
    private static final String[] AFMS = {"094014201", "090000045", "317232163", "123456789"};

    private LegacyExports() {
    }

    /** A Rethymno export of at least {@code bytes} bytes; returns the number of data rows. */
    static long rethymnoCsvOfSize(Path file, long bytes, long firstNumber) throws IOException {
        return rethymnoCsv(file, bytes, Long.MAX_VALUE, firstNumber);
    }

    /** A Rethymno export of exactly {@code rows} rows. */
    static long rethymnoCsvOfRows(Path file, long rows, long firstNumber) throws IOException {
        return rethymnoCsv(file, Long.MAX_VALUE, rows, firstNumber);
    }

    private static long rethymnoCsv(Path file, long bytes, long maxRows, long firstNumber) throws IOException {
        return writeAtomically(file, out -> {
            out.write("ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΡ_ΣΥΝΕΔΡΙΑΣΗΣ;ΗΜ_ΣΥΝΕΔΡΙΑΣΗΣ;ΑΡ_ΘΕΜΑΤΟΣ;ΘΕΜΑ;ΚΩΔ_ΕΙΔΟΥΣ;ΥΠΗΡΕΣΙΑ;ΥΠΟΓΡΑΦΩΝ;"
                    + "ΠΟΣΟ;ΑΦΜ_ΔΙΚΑΙΟΥΧΟΥ;ΚΑΤΑΣΤΑΣΗ;ΗΜ_ΤΡΟΠΟΠΟΙΗΣΗΣ\r\n");
            SplittableRandom random = new SplittableRandom(42);
            StringBuilder row = new StringBuilder(256);
            long written = 0;
            long rows = 0;
            while (written < bytes && rows < maxRows) {
                row.setLength(0);
                long n = firstNumber + rows;
                String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
                row.append(n).append(";2027;").append(1 + rows / 20).append(";15/01/2027;").append(1 + rows % 20)
                        .append(';').append('"').append(subject.replace("\"", "\"\"")).append(" (").append(n)
                        .append(")\";").append(KIND_CODES[random.nextInt(KIND_CODES.length)]).append(';')
                        .append(UNITS[random.nextInt(UNITS.length)]).append(';')
                        .append(SIGNERS[random.nextInt(SIGNERS.length)]).append(';');
                boolean paid = random.nextInt(3) > 0;
                if (paid) {
                    row.append(random.nextInt(100_000)).append(',').append(random.nextInt(10)).append(random.nextInt(10));
                }
                row.append(';');
                if (paid) {
                    row.append(rows % 40 == 7 ? AFMS[3] : AFMS[random.nextInt(3)]);
                }
                row.append(';').append(rows % 40 == 13 ? "ΠΡΟΣΧΕΔΙΟ" : "ΟΡΙΣΤΙΚΗ").append(";02/02/2027 10:00:00\r\n");
                out.append(row);
                // windows-1253 is one byte per character.
                written += row.length();
                rows++;
            }
            return rows;
        }, WINDOWS_1253);
    }

    /** A Heraklion export of at least {@code bytes} bytes; returns the number of decisions. */
    static long heraklionXmlOfSize(Path file, long bytes, long firstNumber) throws IOException {
        return heraklionXml(file, bytes, Long.MAX_VALUE, firstNumber);
    }

    /** A Heraklion export of exactly {@code records} decisions. */
    static long heraklionXmlOfRecords(Path file, long records, long firstNumber) throws IOException {
        return heraklionXml(file, Long.MAX_VALUE, records, firstNumber);
    }

    private static long heraklionXml(Path file, long bytes, long maxRecords, long firstNumber) throws IOException {
        return writeAtomically(file, out -> {
            out.write("<?xml version=\"1.0\" encoding=\"ISO-8859-7\"?>\n"
                    + "<exportApofaseon dimos=\"9305\" paragogi=\"2027-01-20T18:00:00\">\n");
            SplittableRandom random = new SplittableRandom(7);
            StringBuilder record = new StringBuilder(1024);
            long written = 0;
            long records = 0;
            while (written < bytes && records < maxRecords) {
                record.setLength(0);
                long n = firstNumber + records;
                record.append("  <apofasi id=\"ΔΣ-2027-").append(n).append("\">\n")
                        .append("    <arithmos>").append(n).append("</arithmos>\n")
                        .append("    <etos>2027</etos>\n")
                        .append("    <synedriasi arithmos=\"").append(1 + records / 20)
                        .append("\" imerominia=\"2027-01-12\"/>\n")
                        .append("    <thema arithmos=\"").append(1 + records % 20).append("\">")
                        .append(SUBJECTS[random.nextInt(SUBJECTS.length)].replace("\"", "&quot;"))
                        .append(" &amp; λοιπά (").append(n).append(")</thema>\n")
                        .append("    <eidos>").append(KIND_LABELS[random.nextInt(KIND_LABELS.length)])
                        .append("</eidos>\n")
                        .append("    <organo>").append(UNITS[random.nextInt(UNITS.length)]).append("</organo>\n");
                if (random.nextInt(3) > 0) {
                    record.append("    <poso nomisma=\"EUR\">").append(random.nextInt(100_000)).append('.')
                            .append(random.nextInt(10)).append(random.nextInt(10)).append("</poso>\n")
                            .append("    <dikaiouxos afm=\"").append(records % 40 == 7 ? AFMS[3]
                                    : AFMS[random.nextInt(3)]).append("\">ΕΤΑΙΡΕΙΑ ").append(n % 500)
                            .append(" Α.Ε.</dikaiouxos>\n");
                }
                record.append("    <ypografontes>\n      <ypografon>").append(SIGNERS[random.nextInt(SIGNERS.length)])
                        .append("</ypografon>\n    </ypografontes>\n")
                        .append("    <katastasi>").append(records % 40 == 13 ? "ΠΡΟΣΧΕΔΙΟ" : "ΟΡΙΣΤΙΚΗ")
                        .append("</katastasi>\n")
                        .append("    <teleutaiaAllagi>2027-01-20T08:00:00</teleutaiaAllagi>\n  </apofasi>\n");
                out.append(record);
                written += record.length();
                records++;
            }
            out.write("</exportApofaseon>\n");
            return records;
        }, ISO_8859_7);
    }

    interface Body {
        long write(Writer out) throws IOException;
    }

    /** Written under a temporary name and renamed, so an interrupted run never leaves a half file behind. */
    private static long writeAtomically(Path file, Body body, Charset charset) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        long count;
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp),
                charset.newEncoder()), 1 << 16)) {
            count = body.write(out);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return count;
    }
}
