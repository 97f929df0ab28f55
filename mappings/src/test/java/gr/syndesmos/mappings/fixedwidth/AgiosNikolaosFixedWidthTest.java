package gr.syndesmos.mappings.fixedwidth;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
import static gr.syndesmos.mappings.Exports.CP1253;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.mappings.Exports;
import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.MappedRecord.Problem;
import gr.syndesmos.mappings.MappingCatalog;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AgiosNikolaosFixedWidthTest {

    static final String FILE = "APOF20261120.TXT";
    static final String NAME = "Αγίου Νικολάου";
    static final SourceContext CONTEXT = SourceContext.of(FILE, "9310", NAME);

    static LegacyMapping mapping() {
        return FolderMappingCatalog.fromClasspath().mapping("9310", "council-decisions");
    }

    static String sample() {
        return new String(Exports.bytes("samples/agios-nikolaos/" + FILE), CP1253);
    }

    /** The sample's lines, without their CRLF. */
    static List<String> lines() {
        return new ArrayList<>(Arrays.asList(sample().split("\r\n")));
    }

    static byte[] file(List<String> lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(CP1253);
    }

    static List<MappedRecord> read(byte[] bytes) {
        return Exports.readAll(mapping(), new ByteArrayInputStream(bytes), CONTEXT);
    }

    /** Reads until the file is refused; the records returned before land in {@code returned}. */
    static UnreadableFileException refusal(byte[] bytes, SourceContext context, List<MappedRecord> returned) {
        try (RecordReader reader = mapping().open(new ByteArrayInputStream(bytes), context)) {
            while (reader.hasNext()) {
                returned.add(reader.next());
            }
        } catch (UnreadableFileException e) {
            return e;
        }
        throw new AssertionError("the file was not refused");
    }

    static Map<Integer, MappedRecord> byNumber(List<MappedRecord> records) {
        return records.stream().collect(Collectors.toMap(
                r -> Integer.parseInt(r.recordId().substring(r.recordId().lastIndexOf('-') + 1)),
                Function.identity()));
    }

    static List<String> codes(MappedRecord r) {
        return r.problems().stream().map(Problem::code).toList();
    }

    @Test
    void theSampleTranslatesToTheExpectedRecords() {
        List<MappedRecord> records = read(Exports.bytes("samples/agios-nikolaos/" + FILE));
        assertThat(records).hasSize(10);
        Map<Integer, MappedRecord> r = byNumber(records);
        assertThat(records.stream().filter(x -> x.outcome() == Outcome.VALID).map(MappedRecord::recordId))
                .containsExactly("9310-council-decision-2026-401", "9310-council-decision-2026-402",
                        "9310-council-decision-2026-406", "9310-council-decision-2026-407",
                        "9310-council-decision-2026-408", "9310-council-decision-2026-409",
                        "9310-council-decision-2026-410");

        MappedRecord first = r.get(401);
        assertThat(first.line()).isEqualTo(2); // the header is line 1
        assertThat(first.legacyId()).isEqualTo("0000004711");
        assertThat(first.version()).isEqualTo(OffsetDateTime.parse("2026-11-19T10:00:00+02:00"));
        CouncilDecision d = first.as(CouncilDecision.class);
        assertThat(d.municipality().code()).isEqualTo("9310");
        assertThat(d.municipality().name()).isEqualTo(NAME);
        assertThat(d.decisionNumber()).isEqualTo(401);
        assertThat(d.year()).isEqualTo(2026);
        assertThat(d.meeting().number()).isEqualTo(21);
        assertThat(d.meeting().date()).isEqualTo(LocalDate.of(2026, 11, 18));
        assertThat(d.meeting().agendaItem()).isEqualTo(1);
        assertThat(d.subject()).isEqualTo("Έγκριση δαπάνης για την προμήθεια ηλεκτρολογικού υλικού");
        assertThat(d.decisionTypeId()).isEqualTo("Β.2.1");
        assertThat(d.issuingUnit()).isEqualTo("Οικονομική Υπηρεσία");
        assertThat(d.signers()).containsExactly("Εμμανουήλ Καλογεράκης");
        assertThat(d.amount().value()).isEqualByComparingTo(new BigDecimal("12345.67"));
        assertThat(d.amount().currency()).isEqualTo("EUR");
        assertThat(d.beneficiaryAfm()).isEqualTo("094019245");
        assertThat(d.beneficiaryName()).isEqualTo("ΗΛΕΚΤΡΙΚΗ ΚΡΗΤΗΣ Α.Ε.");
        assertThat(d.source().file()).isEqualTo(FILE);
        assertThat(d.source().recordId()).isEqualTo("0000004711");
        assertThat(d.source().line()).isEqualTo(2);

        assertThat(r.get(402).as(CouncilDecision.class).amount()).as("POSO of spaces: no money").isNull();
        assertThat(r.get(402).as(CouncilDecision.class).beneficiaryAfm()).isNull();
        assertThat(r.get(402).as(CouncilDecision.class).decisionTypeId()).isEqualTo("Β.1.1");
        assertThat(r.get(409).as(CouncilDecision.class).amount().value()).isEqualByComparingTo("5000.00");
        assertThat(r.get(409).as(CouncilDecision.class).subject()).isEqualTo(
                "Επιχορήγηση του Πολιτιστικού Συλλόγου Κριτσάς για τις εκδηλώσεις «Ο Γάμος της Κριτσάς» 2026");
        assertThat(r.get(410).as(CouncilDecision.class).subject()).isEqualTo(
                "Κανονισμός λειτουργίας λαϊκών αγορών του Δήμου Αγίου Νικολάου & της Δημοτικής Κοινότητας Νεάπολης");
        assertThat(r.get(410).as(CouncilDecision.class).decisionTypeId()).isEqualTo("Α.2");

        assertThat(r.get(403).outcome()).isEqualTo(Outcome.DRAFT);
        assertThat(r.get(403).legacyId()).isEqualTo("0000004713");
        assertThat(r.get(404).outcome()).isEqualTo(Outcome.INVALID);
        assertThat(codes(r.get(404))).containsExactly("bad-afm");
        assertThat(r.get(404).problems().get(0).message()).doesNotContain("906360831");
        assertThat(r.get(404).line()).isEqualTo(5);
        assertThat(r.get(405).outcome()).isEqualTo(Outcome.INVALID);
        assertThat(codes(r.get(405))).containsExactly("bad-meeting-date");
    }

    @Test
    void aFileWithoutItsTrailerIsTruncatedAndKeepsTheRecordsBefore() {
        List<String> lines = lines();
        lines.remove(lines.size() - 1);
        List<MappedRecord> returned = new ArrayList<>();
        UnreadableFileException e = refusal(file(lines), CONTEXT, returned);
        assertThat(e.code()).isEqualTo("truncated");
        assertThat(e.getMessage()).contains("without its trailer");
        assertThat(returned).hasSize(10);
    }

    @Test
    void aFileCutInTheMiddleOfARecordDoesNotQuarantineTheCutRecord() {
        List<String> lines = lines();
        lines.remove(lines.size() - 1);
        String last = lines.remove(lines.size() - 1);
        lines.add(last.substring(0, 120));
        byte[] bytes = String.join("\r\n", lines).getBytes(CP1253); // cut: no final CRLF either
        List<MappedRecord> returned = new ArrayList<>();
        UnreadableFileException e = refusal(bytes, CONTEXT, returned);
        assertThat(e.code()).isEqualTo("truncated");
        assertThat(e.getMessage()).contains("line 11");
        assertThat(returned).hasSize(9).noneMatch(r -> "9310-council-decision-2026-410".equals(r.recordId()));
    }

    @Test
    void aTrailerWhoseCountDiffersIsTruncated() {
        List<String> lines = lines();
        lines.remove(5); // decision 405 lost on the way; the trailer still counts 10
        List<MappedRecord> returned = new ArrayList<>();
        UnreadableFileException e = refusal(file(lines), CONTEXT, returned);
        assertThat(e.code()).isEqualTo("truncated");
        assertThat(e.getMessage()).contains("counts 10 detail records, the file holds 9");
        assertThat(returned).hasSize(9);
    }

    @Test
    void aHeaderOfAnotherMunicipalityIsRefused() {
        List<String> lines = lines();
        lines.set(0, "H9319" + lines.get(0).substring(5));
        UnreadableFileException e = refusal(file(lines), CONTEXT, new ArrayList<>());
        assertThat(e.code()).isEqualTo("wrong-municipality");
        assertThat(e.getMessage()).contains("9319").contains("9310");
    }

    @Test
    void aNeighbourRunningTheSameSystemReadsItsOwnFileThroughThisMapping() {
        List<String> lines = lines();
        lines.set(0, "H9319" + lines.get(0).substring(5));
        List<MappedRecord> records = Exports.readAll(mapping(), new ByteArrayInputStream(file(lines)),
                SourceContext.of(FILE, "9319", "Γειτονικού Δήμου"));
        assertThat(records).hasSize(10);
        assertThat(records.get(0).recordId()).isEqualTo("9319-council-decision-2026-401");
        assertThat(records.get(0).as(CouncilDecision.class).municipality().code()).isEqualTo("9319");
        assertThat(records.get(0).as(CouncilDecision.class).municipality().name()).isEqualTo("Γειτονικού Δήμου");
    }

    @Test
    void aByteThatIsNotWindows1253RefusesTheFileWhole() {
        byte[] bytes = Exports.bytes("samples/agios-nikolaos/" + FILE);
        int at = 465 + 2 + 300; // inside decision 401's subject
        bytes[at] = (byte) 0xAA; // unassigned in windows-1253
        assertThatThrownBy(() -> read(bytes))
                .isInstanceOfSatisfying(UnreadableFileException.class, e -> {
                    assertThat(e.code()).isEqualTo("encoding");
                    assertThat(e.getMessage()).contains("0xAA").contains("line 2");
                });
    }

    @Test
    void aUtf8FileIsRefusedRatherThanReadAsMojibake() {
        byte[] utf8 = sample().getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(utf8))
                .isInstanceOfSatisfying(UnreadableFileException.class, e -> assertThat(e.code())
                        .isEqualTo("encoding"));
    }

    @Test
    void aLineTooShortIsQuarantinedAndTheRestFlows() {
        List<String> lines = lines();
        lines.set(2, lines.get(2).substring(0, 300)); // decision 402, cut inside its subject
        List<MappedRecord> records = read(file(lines));
        assertThat(records).hasSize(10);
        MappedRecord cut = records.get(1);
        assertThat(cut.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(cut.recordId()).as("the fields that fit still say which decision it was")
                .isEqualTo("9310-council-decision-2026-402");
        assertThat(cut.line()).isEqualTo(3);
        assertThat(codes(cut)).contains(FixedWidthRecordReader.BAD_LINE_LENGTH);
        assertThat(cut.problems().get(0).message()).contains("300 characters").contains("465");
        assertThat(records.stream().filter(r -> r.outcome() == Outcome.VALID)).hasSize(6);
    }

    @Test
    void aLineOfUnknownRecordTypeIsQuarantined() {
        List<String> lines = lines();
        lines.set(8, "X" + lines.get(8).substring(1)); // decision 408
        List<MappedRecord> returned = new ArrayList<>();
        UnreadableFileException e = refusal(file(lines), CONTEXT, returned);
        // The trailer counts 10 D lines, the file now holds 9: the count protects the file as a whole.
        assertThat(e.code()).isEqualTo("truncated");
        MappedRecord unknown = returned.get(7);
        assertThat(unknown.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(unknown.line()).isEqualTo(9);
        assertThat(codes(unknown)).containsExactly(FixedWidthRecordReader.UNKNOWN_RECORD_TYPE);
    }

    @Test
    void aFileWithoutHeaderOrWithLinesAfterTheTrailerIsMalformed() {
        List<String> lines = lines();
        lines.remove(0);
        assertThat(refusal(file(lines), CONTEXT, new ArrayList<>()).code()).isEqualTo("malformed");

        List<String> more = lines();
        more.add(more.get(1));
        List<MappedRecord> returned = new ArrayList<>();
        UnreadableFileException e = refusal(file(more), CONTEXT, returned);
        assertThat(e.code()).isEqualTo("malformed");
        assertThat(e.getMessage()).contains("line 13 follows the trailer");
        assertThat(returned).hasSize(10);
    }

    @Test
    void theCharsetMayBeOverriddenButNoOtherOption() {
        Charset iso = Charset.forName("ISO-8859-7");
        byte[] bytes = (String.join("\r\n", lines()) + "\r\n").getBytes(iso);
        List<MappedRecord> records = Exports.readAll(mapping(), new ByteArrayInputStream(bytes),
                CONTEXT.withReaderOptions(Map.of("charset", "ISO-8859-7")));
        assertThat(records.get(0).as(CouncilDecision.class).subject())
                .isEqualTo("Έγκριση δαπάνης για την προμήθεια ηλεκτρολογικού υλικού");

        assertThatThrownBy(() -> mapping().open(new ByteArrayInputStream(bytes),
                CONTEXT.withReaderOptions(Map.of("delimiter", ";"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delimiter");
    }

    @Test
    void adasGoBackAsAWindows1253Csv() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        mapping().writeBack().orElseThrow().write(List.of(gr.syndesmos.mappings.Exports.answer(
                "0000004711", 2026, 401, "ΨΛΒ4ΩΗΓ-8ΚΞ", OffsetDateTime.parse("2026-11-20T16:05:00Z"))), out);
        assertThat(new String(out.toByteArray(), CP1253))
                .isEqualTo("APOFID;ETOS;ARAPOF;ADA;HMANART\r\n0000004711;2026;401;ΨΛΒ4ΩΗΓ-8ΚΞ;20261120180500\r\n");
        assertThat(mapping().writeBack().orElseThrow().fileName(java.time.LocalDateTime.of(2026, 11, 20, 18, 5)))
                .isEqualTo("ADA20261120180500.CSV");
    }
}
