package gr.syndesmos.mappings;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import gr.syndesmos.mappings.encoding.EncodingCheck;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Careless and hostile exports, as a probe sent them: every reader bounds what one record may cost while it
 * streams, and refuses, naming the limit and where to raise it; every path decodes strictly, XML included; a file
 * labelled with the wrong charset, or holding one byte the charset lacks anywhere in it, is refused whole before any
 * record of it is read.
 */
class HostileExportsTest {

    @Test
    void aHeaderOfMillionsOfFieldsIsRefusedAtTheLimitNotReadIntoMemory() {
        // 24 MB on one line: each field a single character. Without the limit the reader held them all.
        String header = ";".repeat(12_000_000);
        UnreadableFileException refused = catchThrowableOfType(UnreadableFileException.class, () ->
                Exports.readAll(Exports.rethymno(), new ByteArrayInputStream(header.getBytes(StandardCharsets.US_ASCII)),
                        "apofaseis_wide.csv", Exports.RETHYMNO));
        assertThat(refused.code()).isEqualTo("too-large");
        assertThat(refused.getMessage()).contains("more fields", "500", "limits.maxFields",
                "mappings/9318/council-decisions/mapping.yml");
    }

    @Test
    void aRowOfTooManyFieldsOrAFieldTooLongIsRefusedWithItsLine() {
        List<MappedRecord> before = new ArrayList<>();
        UnreadableFileException wide = refusal(Exports.csv(Exports.row(1), Exports.row(2) + ";x".repeat(600)),
                before);
        assertThat(wide.getMessage()).contains("line 3", "limits.maxFields");
        assertThat(before).as("the complete rows before it").hasSize(1);
        UnreadableFileException longField = refusal(Exports.csv(Exports.row(1).replace("Έγκριση δαπάνης",
                "Α".repeat(150_000))), new ArrayList<>());
        assertThat(longField.getMessage()).contains("limits.maxFieldLength");
    }

    @Test
    void anXmlRecordOfEndlessTextIsRefusedAtTheRecordLimit() {
        String endless = Exports.apofasi(245, "ΚΑΝΟΝΙΣΤΙΚΗ", "    <simeiosi>" + "Α".repeat(1_200_000)
                + "</simeiosi>\n");
        UnreadableFileException refused = catchThrowableOfType(UnreadableFileException.class,
                () -> Exports.readXml(endless));
        assertThat(refused.code()).isEqualTo("too-large");
        assertThat(refused.getMessage()).contains("limits.maxRecordLength");
    }

    @Test
    void aByteTheXmlCharsetLacksIsRefusedNotTurnedIntoAReplacementCharacter() {
        byte[] xml = Exports.xml(Exports.apofasi(245, "ΚΑΝΟΝΙΣΤΙΚΗ", ""));
        int at = indexOf(xml, "Έγκριση".getBytes(Exports.ISO_8859_7));
        xml[at + 1] = (byte) 0xAE; // no character in ISO-8859-7
        UnreadableFileException refused = catchThrowableOfType(UnreadableFileException.class,
                () -> Exports.readAll(Exports.heraklion(), new ByteArrayInputStream(xml), "x.xml", Exports.HERAKLION));
        assertThat(refused.code()).isEqualTo("encoding");
        assertThat(refused.getMessage()).contains("0xAE", "ISO-8859-7");
    }

    @Test
    void aMislabelledFileIsRefusedWholeBeforeAnyRecordWhereverItsGreekStarts(@TempDir Path dir) throws Exception {
        // UTF-8 labelled ISO-8859-7, with 100 KiB of ASCII first: past what the readers look at before decoding.
        StringBuilder records = new StringBuilder();
        while (records.length() < 100 * 1024) {
            records.append("  <!-- ").append("x".repeat(200)).append(" -->\n");
        }
        records.append(Exports.apofasi(245, "ΚΑΝΟΝΙΣΤΙΚΗ", ""));
        String text = new String(Exports.xml(records.toString()), Exports.ISO_8859_7);
        Path mislabelled = Files.write(dir.resolve("export_apofaseon_1.xml"), text.getBytes(StandardCharsets.UTF_8));
        UnreadableFileException refused = catchThrowableOfType(UnreadableFileException.class, () ->
                Exports.heraklion().checkWholeFile(mislabelled, SourceContext.of("x.xml", "9305", Exports.HERAKLION)));
        assertThat(refused.code()).isEqualTo("encoding");
        assertThat(refused.getMessage()).contains("UTF-8", "ISO-8859-7", "nothing of it was sent");

        // The same check for a CSV whose one bad byte sits at the very end.
        byte[] csv = Exports.csv(Exports.row(1), Exports.row(2), Exports.row(3));
        csv[csv.length - 5] = (byte) 0xD2; // no character in windows-1253
        Path late = Files.write(dir.resolve("apofaseis_late.csv"), csv);
        assertThatThrownBy(() -> Exports.rethymno().checkWholeFile(late, SourceContext.of("late.csv", "9318",
                Exports.RETHYMNO))).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("0xD2").hasMessageContaining("line 4");

        Path good = Files.write(dir.resolve("apofaseis_good.csv"), Exports.csv(Exports.row(1)));
        Exports.rethymno().checkWholeFile(good, SourceContext.of("good.csv", "9318", Exports.RETHYMNO));
        Path empty = Files.write(dir.resolve("apofaseis_empty.csv"), new byte[0]);
        assertThatThrownBy(() -> EncodingCheck.wholeFile(empty, Exports.CP1253))
                .hasMessageContaining("empty");
    }

    @Test
    void aFixedWidthLineWithoutEndIsRefusedAtTheRecordLimit() {
        byte[] line = ("H" + "9".repeat(1_100_000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        LegacyMapping agiosNikolaos = FolderMappingCatalog.fromClasspath().mapping("9310", "council-decisions");
        UnreadableFileException refused = catchThrowableOfType(UnreadableFileException.class, () ->
                Exports.readAll(agiosNikolaos, new ByteArrayInputStream(line), "APOF.TXT", "Αγίου Νικολάου"));
        assertThat(refused.code()).isEqualTo("too-large");
        assertThat(refused.getMessage()).contains("limits.maxRecordLength", "mappings/9310");
    }

    private static UnreadableFileException refusal(byte[] csv, List<MappedRecord> before) {
        try (RecordReader reader = Exports.rethymno().open(new ByteArrayInputStream(csv),
                SourceContext.of("t.csv", "9318", Exports.RETHYMNO))) {
            while (reader.hasNext()) {
                before.add(reader.next());
            }
        } catch (UnreadableFileException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

}
