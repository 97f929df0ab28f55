package gr.syndesmos.mappings.rows;

import gr.syndesmos.mappings.catalog.FolderMappingCatalog;
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
import gr.syndesmos.mappings.destinations.DiavgeiaMetadataMapper;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rows of chania.apofaseis as the PostgreSQL JDBC driver returns them (see samples/chania/db/R__seed.sql). */
class ChaniaRowsTest {

    static final SourceContext CONTEXT = SourceContext.of("chania-db:apofaseis", "9325", "Χανίων");

    static LegacyMapping mapping() {
        return FolderMappingCatalog.fromClasspath().mapping("9325", "council-decisions");
    }

    /** One row as getObject gives it: bigint → Long, integer → Integer, numeric → BigDecimal, timestamptz → Timestamp. */
    static Map<String, Object> row(long id, int arithmos, String thema, String eidos, String ypografontes,
            String poso, String afm, String onoma, String katastasi, String teleftaiaAllagi) {
        Map<String, Object> row = new HashMap<>(); // nulls allowed, as in a JDBC row map
        row.put("id", id);
        row.put("arithmos", arithmos);
        row.put("etos", 2026);
        row.put("synedriasi", 19);
        row.put("im_synedriasis", Date.valueOf(LocalDate.of(2026, 11, 17)));
        row.put("thema_ar", arithmos - 500);
        row.put("thema", thema);
        row.put("eidos", eidos);
        row.put("ypiresia", "Οικονομική Υπηρεσία");
        row.put("ypografontes", ypografontes);
        row.put("poso", poso == null ? null : new BigDecimal(poso));
        row.put("nomisma", "EUR");
        row.put("afm_dikaiouxou", afm);
        row.put("onoma_dikaiouxou", onoma);
        row.put("katastasi", katastasi);
        row.put("teleftaia_allagi", Timestamp.from(OffsetDateTime.parse(teleftaiaAllagi).toInstant()));
        return row;
    }

    static List<Map<String, Object>> seedLike() {
        return List.of(
                row(1001, 501, "Έγκριση δαπάνης για την προμήθεια ηλεκτρολογικού υλικού", "ΕΓΚΡ-ΔΑΠ",
                        "Ιωάννης Μαθιουδάκης", "12345.67", "094019245", "ΗΛΕΚΤΡΙΚΗ ΚΡΗΤΗΣ Α.Ε.", "ΟΡΙΣΤΙΚΗ",
                        "2026-11-19T10:00:00+02:00"),
                row(1002, 502, "ΑΠΟΦΑΣΗ ΠΡΟΕΓΚΡΙΣΗΣ ΠΡΟΜΗΘΕΙΑ ΕΠΙΔΕΣΜΙΚΟΥ ΥΛΙΚΟΥ", "ΠΡΟΥΠ",
                        "Ιωάννης Μαθιουδάκης;Ευαγγελία Βλαζάκη", null, null, null, "ΟΡΙΣΤΙΚΗ",
                        "2026-11-19T10:01:00+02:00"),
                row(1005, 505, "Εξέταση αιτήσεων πολιτών για την παραχώρηση πολυετούς χρήσης οστεοθηκών.", "ΛΟΙΠΑ",
                        "Ευαγγελία Βλαζάκη", null, null, null, "ΠΡΟΣΧΕΔΙΟ", "2026-11-19T10:04:00+02:00"),
                row(1008, 508, "Περί επανακαθορισμού των ορίων αιγιαλού και παραλίας στην περιοχή Νέας Χώρας",
                        "ΕΓΚΡ-ΔΑΠ", "Ιωάννης Μαθιουδάκης", "23473.96", "906360831",
                        "ΤΕΧΝΙΚΗ ΚΑΤΑΣΚΕΥΑΣΤΙΚΗ ΧΑΝΙΩΝ Α.Τ.Ε.", "ΟΡΙΣΤΙΚΗ", "2026-11-19T10:07:00+02:00"),
                row(1006, 506, "Επιχορήγηση του Πολιτιστικού Συλλόγου Χαλέπας για τις εκδηλώσεις «Χανιώτικο "
                        + "Καλοκαίρι» 2026", "ΔΩΡΕΑ", "Ευαγγελία Βλαζάκη", "5000.00", "130620276",
                        "ΠΟΛΙΤΙΣΤΙΚΟΣ ΣΥΛΛΟΓΟΣ ΧΑΛΕΠΑΣ", "ΟΡΙΣΤΙΚΗ", "2026-11-19T10:05:00+02:00"));
    }

    static List<MappedRecord> translate(List<? extends Map<String, ?>> rows) {
        List<MappedRecord> out = new ArrayList<>();
        try (RecordReader reader = mapping().rows(rows.iterator(), CONTEXT)) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void rowsAsJdbcReturnsThemBecomeCanonicalRecords() {
        List<MappedRecord> records = translate(seedLike());
        assertThat(records).extracting(MappedRecord::outcome).containsExactly(Outcome.VALID, Outcome.VALID,
                Outcome.DRAFT, Outcome.INVALID, Outcome.VALID);
        assertThat(records).extracting(MappedRecord::line).containsExactly(1, 2, 3, 4, 5);

        MappedRecord first = records.get(0);
        assertThat(first.recordId()).isEqualTo("9325-council-decision-2026-501");
        assertThat(first.legacyId()).isEqualTo("1001");
        assertThat(first.version()).isEqualTo(OffsetDateTime.parse("2026-11-19T10:00:00+02:00"));
        assertThat(first.version().getOffset().getTotalSeconds()).as("shown in Athens time").isEqualTo(7200);
        CouncilDecision d = first.as(CouncilDecision.class);
        assertThat(d.municipality()).isEqualTo(new CouncilDecision.Municipality("9325", "Χανίων"));
        assertThat(d.decisionNumber()).isEqualTo(501);
        assertThat(d.year()).isEqualTo(2026);
        assertThat(d.meeting()).isEqualTo(new CouncilDecision.Meeting(19, LocalDate.of(2026, 11, 17), 1));
        assertThat(d.subject()).isEqualTo("Έγκριση δαπάνης για την προμήθεια ηλεκτρολογικού υλικού");
        assertThat(d.decisionTypeId()).isEqualTo("Β.2.1");
        assertThat(d.signers()).containsExactly("Ιωάννης Μαθιουδάκης");
        assertThat(d.amount()).isEqualTo(new CouncilDecision.Amount(new BigDecimal("12345.67"), "EUR"));
        assertThat(d.beneficiaryAfm()).isEqualTo("094019245");
        assertThat(d.beneficiaryName()).isEqualTo("ΗΛΕΚΤΡΙΚΗ ΚΡΗΤΗΣ Α.Ε.");
        assertThat(d.source().file()).isEqualTo("chania-db:apofaseis");
        assertThat(d.source().recordId()).isEqualTo("1001");
        assertThat(d.source().line()).isEqualTo(1);

        CouncilDecision second = records.get(1).as(CouncilDecision.class);
        assertThat(second.signers()).containsExactly("Ιωάννης Μαθιουδάκης", "Ευαγγελία Βλαζάκη");
        assertThat(second.amount()).isNull();
        assertThat(second.decisionTypeId()).isEqualTo("Β.1.1");

        assertThat(records.get(2).recordId()).isEqualTo("9325-council-decision-2026-505");
        assertThat(records.get(3).problems()).extracting(Problem::code).containsExactly("bad-afm");
        assertThat(records.get(3).legacyId()).isEqualTo("1008");
        assertThat(records.get(4).as(CouncilDecision.class).subject()).contains("«Χανιώτικο Καλοκαίρι»");
        assertThat(records.get(4).as(CouncilDecision.class).amount().value()).isEqualByComparingTo("5000");
    }

    @Test
    void theDiavgeiaIdsCoverTheSeedsUnitsAndSigners() {
        DiavgeiaMetadataMapper diavgeia = DiavgeiaMetadataMapper.load("9325");
        for (MappedRecord r : translate(seedLike())) {
            if (r.outcome() == Outcome.VALID) {
                var metadata = diavgeia.toMetadata(r.as(CouncilDecision.class));
                assertThat(metadata.get("organizationId").asText()).isEqualTo("6318");
                assertThat(metadata.get("signerIds")).isNotEmpty();
            }
        }
    }

    @Test
    void otherJavaTypesAndJsonShapedRowsAreTakenToo() {
        Map<String, Object> json = new HashMap<>(seedLike().get(0));
        json.put("id", "1001");                                      // a JSON string
        json.put("arithmos", 501L);                                  // a JSON number as Long
        json.put("im_synedriasis", "2026-11-17");                    // ISO text, no pattern
        json.put("teleftaia_allagi", "2026-11-19T08:00:00Z");        // ISO instant
        json.put("poso", 12345.67);                                  // a JSON number as Double
        json.put("ypografontes", List.of("Ιωάννης Μαθιουδάκης", "Ευαγγελία Βλαζάκη")); // a JSON array
        json.remove("nomisma");                                      // absent key = null: the default applies
        MappedRecord fromJson = translate(List.of(json)).get(0);
        assertThat(fromJson.outcome()).as(fromJson.problems().toString()).isEqualTo(Outcome.VALID);
        assertThat(fromJson.version()).isEqualTo(OffsetDateTime.parse("2026-11-19T10:00:00+02:00"));
        assertThat(fromJson.as(CouncilDecision.class).amount()).isEqualTo(new CouncilDecision.Amount(new BigDecimal("12345.67"), "EUR"));
        assertThat(fromJson.as(CouncilDecision.class).signers()).hasSize(2);

        Map<String, Object> java = new HashMap<>(seedLike().get(0));
        java.put("im_synedriasis", LocalDate.of(2026, 11, 17));
        java.put("teleftaia_allagi", LocalDateTime.of(2026, 11, 19, 10, 0)); // local time of Athens
        java.put("ETOS", java.remove("etos"));                                  // a driver that upper-cases labels
        MappedRecord fromJava = translate(List.of(java)).get(0);
        assertThat(fromJava.outcome()).as(fromJava.problems().toString()).isEqualTo(Outcome.VALID);
        assertThat(fromJava.version()).isEqualTo(OffsetDateTime.parse("2026-11-19T10:00:00+02:00"));
        assertThat(fromJava.as(CouncilDecision.class).year()).isEqualTo(2026);

        Map<String, Object> offset = new HashMap<>(seedLike().get(0));
        offset.put("teleftaia_allagi", OffsetDateTime.parse("2026-11-19T08:00:00Z"));
        assertThat(translate(List.of(offset)).get(0).version())
                .isEqualTo(OffsetDateTime.parse("2026-11-19T10:00:00+02:00"));
    }

    @Test
    void wrongValuesAreReasonsNotExceptions() {
        Map<String, Object> row = new HashMap<>(seedLike().get(0));
        row.put("arithmos", new BigDecimal("501.5"));
        row.put("im_synedriasis", Instant.parse("2026-11-17T00:00:00Z")); // an instant is not a date
        row.put("eidos", "ΑΓΝΩΣΤΟ");
        row.put("poso", new BigDecimal("-1.00"));
        row.put("thema", null);
        MappedRecord r = translate(List.of(row)).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(r.recordId()).isNull();
        assertThat(r.problems()).extracting(Problem::code).containsExactlyInAnyOrder("bad-decision-number",
                "bad-meeting-date", "unknown-code", "bad-amount", "missing-subject");
    }

    @Test
    void aRowsMappingReadsNoFilesAndTakesNoReaderOptions() {
        assertThatThrownBy(() -> mapping().open(new ByteArrayInputStream(new byte[0]), CONTEXT))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> mapping().rows(seedLike().iterator(),
                CONTEXT.withReaderOptions(Map.of("charset", "UTF-8"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("charset");
    }

    @Test
    void adasGoToTheOutboxAsUtf8Csv() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mapping().writeBack().orElseThrow().write(List.of(Exports.answer("1001", 2026, 501, "ΨΛΒ4ΩΗΓ-8ΚΞ",
                OffsetDateTime.parse("2026-11-20T16:05:00Z"))), out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("id,etos,arithmos,ada,anartisi\n1001,2026,501,ΨΛΒ4ΩΗΓ-8ΚΞ,2026-11-20T18:05:00+02:00\n");
    }
}
