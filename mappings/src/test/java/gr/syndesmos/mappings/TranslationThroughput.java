package gr.syndesmos.mappings;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.text.Afm;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Not a test: measures the CSV translation alone. Generates {@code args[0]} MB (default 200) of Rethymno-like rows
 * (windows-1253, seeded), reads the file twice with the Rethymno mapping (the first pass warms the JIT) and prints
 * rows/s of the second pass and the peak heap. Run with -Xmx256m to show that reading streams:
 * {@code java -Xmx256m -cp <test classpath> gr.syndesmos.mappings.TranslationThroughput 200}.
 */
public final class TranslationThroughput {

    private static final String[] SUBJECTS = {
        "Έγκριση δαπάνης για την προμήθεια ηλεκτρολογικού υλικού",
        "ΑΠΟΦΑΣΗ ΠΡΟΕΓΚΡΙΣΗΣ ΠΡΟΜΗΘΕΙΑ ΕΠΙΔΕΣΜΙΚΟΥ ΥΛΙΚΟΥ",
        "\"Παράταση σύμβασης \"\"Συντήρηση πρασίνου\"\"; έως 31/12/2026\"",
        "Εξόφληση λογαριασμού τηλεφωνικών τελών",
    };
    private static final String[] CODES = {"ΚΑΝ", "ΠΡΟΥΠ", "ΑΝΑΛ", "ΕΓΚΡ", "ΔΩΡ", "ΑΝΑΘ", "ΣΥΛΛ", "ΛΟΙΠ"};
    private static final String[] UNITS = {"Δημοτικό Συμβούλιο", "Οικονομική Υπηρεσία", "Τεχνική Υπηρεσία"};
    private static final String[] SIGNERS = {"Μαρία Χατζηδάκη", "Γεώργιος Μαρινάκης", "Ελένη Ψαρουδάκη"};

    private TranslationThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path file = Files.createTempFile("apofaseis_throughput_", ".csv");
        try {
            long rows = generate(file, megabytes * 1024L * 1024L);
            System.out.printf("generated %d rows, %d bytes (%.0f bytes/row) in %s%n", rows, Files.size(file),
                    (double) Files.size(file) / rows, file);
            for (int pass = 1; pass <= 2; pass++) {
                long start = System.nanoTime();
                long[] counts = read(file);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("pass %d: %d records (%d valid, %d invalid, %d drafts) in %.2f s = %.0f rows/s, "
                        + "%.1f MB/s%n", pass, counts[0], counts[1], counts[2], counts[3], seconds,
                        counts[0] / seconds, Files.size(file) / 1e6 / seconds);
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("peak heap (sum of pool peaks) %.1f MB, max heap %.0f MB%n", peak / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long[] read(Path file) throws IOException {
        long[] counts = new long[4];
        LegacyMapping mapping = FolderMappingCatalog.fromClasspath().mapping("9318", "council-decisions");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                RecordReader reader = mapping.open(in,
                        SourceContext.of(file.getFileName().toString(), "9318", "Ρεθύμνης"))) {
            while (reader.hasNext()) {
                MappedRecord r = reader.next();
                counts[0]++;
                counts[r.outcome() == Outcome.VALID ? 1 : r.outcome() == Outcome.INVALID ? 2 : 3]++;
            }
        }
        return counts;
    }

    private static long generate(Path file, long bytes) throws IOException {
        Random random = new Random(20261120L);
        List<String> afms = new ArrayList<>();
        while (afms.size() < 1000) {
            String candidate = String.format("%09d", random.nextInt(1_000_000_000));
            if (Afm.isValid(candidate)) {
                afms.add(candidate.startsWith("0") ? candidate.substring(1) : candidate);
            }
        }
        long rows = 0;
        long written = 0;
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                Exports.CP1253), 1 << 16)) {
            String header = Exports.HEADER + "\r\n";
            out.write(header);
            written += header.length();
            StringBuilder line = new StringBuilder(256);
            while (written < bytes) {
                rows++;
                line.setLength(0);
                int day = 1 + random.nextInt(28);
                int month = 1 + random.nextInt(12);
                line.append(rows % 1_000_000 + 1).append(";2026;").append(1 + random.nextInt(40)).append(';')
                        .append(day < 10 ? "0" : "").append(day).append('/').append(month < 10 ? "0" : "")
                        .append(month).append("/2026;").append(1 + random.nextInt(20)).append(';')
                        .append(SUBJECTS[random.nextInt(SUBJECTS.length)]).append(';')
                        .append(CODES[random.nextInt(CODES.length)]).append(';')
                        .append(UNITS[random.nextInt(UNITS.length)]).append(';')
                        .append(SIGNERS[random.nextInt(SIGNERS.length)]).append(';');
                if (random.nextBoolean()) {
                    line.append(random.nextInt(300)).append('.').append(100 + random.nextInt(900)).append(',')
                            .append(10 + random.nextInt(90)).append(';').append(afms.get(random.nextInt(1000)));
                } else {
                    line.append(';');
                }
                line.append(random.nextInt(50) == 0 ? ";ΠΡΟΣΧΕΔΙΟ;" : ";ΟΡΙΣΤΙΚΗ;")
                        .append(day < 10 ? "0" : "").append(day).append('/').append(month < 10 ? "0" : "")
                        .append(month).append("/2026 ").append(10 + random.nextInt(14)).append(":")
                        .append(10 + random.nextInt(50)).append(":00\r\n");
                out.append(line);
                written += line.length();
            }
        }
        return rows;
    }
}
