package gr.syndesmos.mappings.csv;

import gr.syndesmos.schemas.councildecision.CouncilDecision;
import static gr.syndesmos.mappings.Exports.CP1253;
import static gr.syndesmos.mappings.Exports.HEADER;
import static gr.syndesmos.mappings.Exports.readCsv;
import static gr.syndesmos.mappings.Exports.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.mappings.Exports;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.MappedRecord.Problem;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RethymnoCsvReaderTest {

    private static List<MappedRecord> read(byte[] bytes) {
        return Exports.readAll(Exports.rethymno(), new ByteArrayInputStream(bytes), "test.csv", Exports.RETHYMNO);
    }

    private static UnreadableFileException refusal(byte[] bytes) {
        try {
            read(bytes);
        } catch (UnreadableFileException e) {
            return e;
        }
        throw new AssertionError("the file was not refused");
    }

    private static List<String> codes(MappedRecord r) {
        return r.problems().stream().map(Problem::code).toList();
    }

    @Test
    void aValidRowBecomesAFullCanonicalRecord() {
        MappedRecord r = readCsv(row(245)).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.VALID);
        assertThat(r.recordId()).isEqualTo("9318-council-decision-2026-245");
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.as(CouncilDecision.class).meeting().number()).isEqualTo(1);
        assertThat(r.as(CouncilDecision.class).meeting().date()).isEqualTo(LocalDate.of(2026, 1, 10));
        assertThat(r.as(CouncilDecision.class).meeting().agendaItem()).isEqualTo(1);
        assertThat(r.as(CouncilDecision.class).issuingUnit()).isEqualTo("Οικονομική Υπηρεσία");
        assertThat(r.as(CouncilDecision.class).signers()).containsExactly("Μαρία Χατζηδάκη");
        assertThat(r.as(CouncilDecision.class).amount().value()).isEqualByComparingTo("12345.67");
        assertThat(r.as(CouncilDecision.class).beneficiaryName()).isNull();
        // 1 November 2026 is after the switch to winter time: +02:00.
        assertThat(r.version()).isEqualTo(OffsetDateTime.of(2026, 11, 1, 9, 0, 0, 0, ZoneOffset.ofHours(2)));
    }

    @Test
    void summerVersionsCarryTheSummerOffset() {
        MappedRecord r = readCsv(row(1).replace("01/11/2026 09:00:00", "15/07/2026 09:00:00")).get(0);
        assertThat(r.version().getOffset()).isEqualTo(ZoneOffset.ofHours(3));
    }

    @Test
    void aUtf8FileDeclaredWindows1253IsRefusedWithoutMojibake() {
        byte[] utf8 = (HEADER + "\r\n" + row(1) + "\r\n").getBytes(StandardCharsets.UTF_8);
        UnreadableFileException e = refusal(utf8);
        assertThat(e.code()).isEqualTo("encoding");
        assertThat(e.getMessage()).contains("UTF-8").contains("windows-1253").doesNotContain("Ξ");
    }

    @Test
    void aUtf8ByteOrderMarkIsRefused() {
        byte[] cp1253 = Exports.csv(row(1));
        byte[] withBom = new byte[cp1253.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(cp1253, 0, withBom, 3, cp1253.length);
        UnreadableFileException e = refusal(withBom);
        assertThat(e.code()).isEqualTo("encoding");
        assertThat(e.getMessage()).contains("byte order mark");
    }

    @Test
    void anUndecodableByteRefusesTheFileNamingItsOffsetAndLine() {
        byte[] good = Exports.csv(row(1), row(2));
        int at = indexOf(good, "Έγκριση".getBytes(CP1253), HEADER.length() + 40);
        good[at] = (byte) 0xAA; // not a windows-1253 character
        UnreadableFileException e = refusal(good);
        assertThat(e.code()).isEqualTo("encoding");
        assertThat(e.getMessage()).contains("0xAA").contains("offset " + at).contains("line 3");
    }

    @Test
    void byte0x81IsNotWindows1253Either() {
        byte[] bytes = Exports.csv(row(1).replace("Έγκριση", "Έγκριση X"));
        bytes[indexOf(bytes, "X".getBytes(CP1253), 0)] = (byte) 0x81;
        assertThat(refusal(bytes).code()).isEqualTo("encoding");
    }

    @Test
    void missingRequiredColumnsAreNamed() {
        String header = HEADER.replace("ΘΕΜΑ;", "").replace("ΚΩΔ_ΕΙΔΟΥΣ;", "");
        byte[] bytes = (header + "\r\n").getBytes(CP1253);
        UnreadableFileException e = refusal(bytes);
        assertThat(e.code()).isEqualTo("missing-columns");
        assertThat(e.getMessage()).contains("ΘΕΜΑ").contains("ΚΩΔ_ΕΙΔΟΥΣ").doesNotContain("ΥΠΗΡΕΣΙΑ");
    }

    @Test
    void columnsAreFoundByNameInAnyOrder() {
        String header = "ΘΕΜΑ;ΕΤΟΣ;ΑΡ_ΑΠΟΦΑΣΗΣ;ΚΑΤΑΣΤΑΣΗ;ΗΜ_ΤΡΟΠΟΠΟΙΗΣΗΣ;ΗΜ_ΣΥΝΕΔΡΙΑΣΗΣ;ΚΩΔ_ΕΙΔΟΥΣ;ΑΦΜ_ΔΙΚΑΙΟΥΧΟΥ";
        String line = "Αναδιάταξη;2026;7;ΟΡΙΣΤΙΚΗ;01/11/2026 09:00:00;10/01/2026;ΑΝΑΛ;90000008";
        MappedRecord r = read((header + "\r\n" + line + "\r\n").getBytes(CP1253)).get(0);
        assertThat(r.outcome()).as(r.problems().toString()).isEqualTo(Outcome.VALID);
        assertThat(r.as(CouncilDecision.class).decisionNumber()).isEqualTo(7);
        assertThat(r.as(CouncilDecision.class).subject()).isEqualTo("Αναδιάταξη");
        assertThat(r.as(CouncilDecision.class).decisionTypeId()).isEqualTo("Β.1.3");
        assertThat(r.as(CouncilDecision.class).amount()).isNull();
        assertThat(r.as(CouncilDecision.class).signers()).isEmpty();
    }

    @Test
    void aTrailingDelimiterAndUnknownColumnsAreTolerated() {
        byte[] bytes = (HEADER + ";ΝΕΑ_ΣΤΗΛΗ;\r\n" + row(1) + ";κάτι;\r\n").getBytes(CP1253);
        List<MappedRecord> records = read(bytes);
        assertThat(records).singleElement().extracting(MappedRecord::outcome).isEqualTo(Outcome.VALID);
    }

    @Test
    void emptyLinesAreSkippedAndLinesStayPhysical() {
        List<MappedRecord> records = readCsv("", row(1), "", "", row(2));
        assertThat(records).extracting(MappedRecord::line).containsExactly(3, 6);
        assertThat(records).extracting(MappedRecord::outcome).containsOnly(Outcome.VALID);
    }

    @Test
    void aQuotedSubjectMayHoldTheDelimiterQuotesAndLineBreaks() {
        String subject = "\"Παράταση; σύμβασης \"\"Πράσινο\"\"\r\nδεύτερη γραμμή\"";
        List<MappedRecord> records = readCsv(row(1).replace("Έγκριση δαπάνης", subject), row(2));
        assertThat(records.get(0).as(CouncilDecision.class).subject())
                .isEqualTo("Παράταση; σύμβασης \"Πράσινο\"\nδεύτερη γραμμή");
        assertThat(records.get(1).line()).as("the line break moves the next record one line down").isEqualTo(4);
    }

    @Test
    void surroundingSpacesAreTrimmed() {
        MappedRecord r = readCsv(row(1).replace("Έγκριση δαπάνης", "  Έγκριση δαπάνης  ")
                .replace(";ΕΓΚΡ;", "; ΕΓΚΡ ;")).get(0);
        assertThat(r.as(CouncilDecision.class).subject()).isEqualTo("Έγκριση δαπάνης");
        assertThat(r.as(CouncilDecision.class).decisionTypeId()).isEqualTo("Β.2.1");
    }

    @Test
    void anUnknownKindCodeQuarantinesTheRow() {
        MappedRecord r = readCsv(row(1).replace(";ΕΓΚΡ;", ";ΧΧΧ;")).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(codes(r)).containsExactly("unknown-code");
        assertThat(r.problems().get(0).field()).isEqualTo("decisionTypeId");
        assertThat(r.recordId()).isEqualTo("9318-council-decision-2026-1");
    }

    @Test
    void impossibleAndForeignDatesAreRefused() {
        MappedRecord feb31 = readCsv(row(1).replace("10/01/2026", "31/02/2026")).get(0);
        assertThat(codes(feb31)).containsExactly("bad-meeting-date");
        MappedRecord iso = readCsv(row(1).replace("10/01/2026", "2026-01-10")).get(0);
        assertThat(codes(iso)).containsExactly("bad-meeting-date");
        MappedRecord badVersion = readCsv(row(1).replace("01/11/2026 09:00:00", "01/11/2026 25:00:00")).get(0);
        assertThat(codes(badVersion)).containsExactly("bad-version");
        assertThat(badVersion.version()).isNull();
    }

    @Test
    void aBadAfmIsQuarantinedAndNeverShownInFull() {
        MappedRecord r = readCsv(row(1).replace("094019245", "094019246")).get(0);
        assertThat(codes(r)).containsExactly("bad-afm");
        assertThat(r.problems().get(0).message()).contains("09*****46").doesNotContain("094019246");
        assertThat(codes(readCsv(row(1).replace("094019245", "000000000")).get(0))).containsExactly("bad-afm");
        assertThat(codes(readCsv(row(1).replace("094019245", "12345678A")).get(0))).containsExactly("bad-afm");
    }

    @Test
    void anEightDigitAfmGetsItsLeadingZeroBack() {
        MappedRecord r = readCsv(row(1).replace("094019245", "90000008")).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.VALID);
        assertThat(r.as(CouncilDecision.class).beneficiaryAfm()).isEqualTo("090000008");
    }

    @Test
    void greekNumbersAreParsedAndMalformedOnesRefused() {
        assertThat(readCsv(row(1).replace("12.345,67", "1.234.567,8")).get(0).as(CouncilDecision.class).amount().value())
                .isEqualTo(new BigDecimal("1234567.8"));
        assertThat(readCsv(row(1).replace("12.345,67", "950")).get(0).as(CouncilDecision.class).amount().value())
                .isEqualTo(new BigDecimal("950"));
        assertThat(codes(readCsv(row(1).replace("12.345,67", "12,345.67")).get(0))).containsExactly("bad-amount");
        assertThat(codes(readCsv(row(1).replace("12.345,67", "12.34,5")).get(0))).containsExactly("bad-amount");
        assertThat(codes(readCsv(row(1).replace("12.345,67", "-5,00")).get(0))).containsExactly("bad-amount");
    }

    @Test
    void missingRequiredFieldsAndBadNumbersAreAllReported() {
        MappedRecord r = readCsv("x12;2026;1;10/01/2026;1;;ΕΓΚΡ;Υ;Σ;;;ΟΡΙΣΤΙΚΗ;01/11/2026 09:00:00").get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(codes(r)).containsExactlyInAnyOrder("bad-decision-number", "missing-subject");
        assertThat(r.recordId()).isNull();
        assertThat(r.version()).isNotNull();
    }

    @Test
    void draftsAreSkippedButKeepTheirIdentity() {
        MappedRecord r = readCsv(row(9).replace("ΟΡΙΣΤΙΚΗ", "ΠΡΟΣΧΕΔΙΟ").replace("094019245", "1")).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.DRAFT);
        assertThat(r.recordId()).isEqualTo("9318-council-decision-2026-9");
        assertThat(r.version()).isNotNull();
        assertThat(r.problems()).isEmpty();
        assertThat(codes(readCsv(row(1).replace("ΟΡΙΣΤΙΚΗ", "ΑΚΥΡΗ")).get(0))).containsExactly("bad-status");
    }

    @Test
    void aZeroByteFileIsRefusedAsEmpty() {
        assertThat(refusal(new byte[0]).code()).isEqualTo("empty");
    }

    @Test
    void aHeaderOnlyFileHasNoRecords() {
        assertThat(read((HEADER + "\r\n").getBytes(CP1253))).isEmpty();
        assertThat(read(HEADER.getBytes(CP1253))).isEmpty();
    }

    @Test
    void theReaderStreamsAndCanBeClosedEarly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((HEADER + "\r\n").getBytes(CP1253));
        for (int i = 1; i <= 5000; i++) {
            out.writeBytes((row(i) + "\r\n").getBytes(CP1253));
        }
        try (RecordReader reader = Exports.rethymno().open(new ByteArrayInputStream(out.toByteArray()),
                SourceContext.of("big.csv", "9318", Exports.RETHYMNO))) {
            int n = 0;
            while (reader.hasNext()) {
                MappedRecord r = reader.next();
                n++;
                assertThat(r.line()).isEqualTo(n + 1);
            }
            assertThat(n).isEqualTo(5000);
            assertThat(reader.hasNext()).isFalse();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
