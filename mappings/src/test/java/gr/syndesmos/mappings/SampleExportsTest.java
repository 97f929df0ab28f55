package gr.syndesmos.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.CanonicalSchemas;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample exports and their expected results are the contract: every record ends up as expected. */
class SampleExportsTest {

    private static final ZoneId ATHENS = ZoneId.of("Europe/Athens");

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("samples/expected.json", "rethymno", "samples/rethymno/", "9318"),
                Arguments.of("samples/expected.json", "heraklion", "samples/heraklion/", "9305"),
                Arguments.of("samples/second-export/expected.json", "rethymno", "samples/second-export/", "9318"),
                Arguments.of("samples/second-export/expected.json", "heraklion", "samples/second-export/", "9305"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void everyRecordEndsAsExpected(String expectedFile, String system, String folder, String code)
            throws IOException {
        JsonNode expected = new ObjectMapper().readTree(Exports.resource(expectedFile)).get(system);
        String file = expected.get("file").asText();
        LegacyMapping mapping = code.equals("9318") ? Exports.rethymno() : Exports.heraklion();
        String name = code.equals("9318") ? Exports.RETHYMNO : Exports.HERAKLION;
        List<MappedRecord> records = Exports.readAll(mapping, Exports.resource(folder + file), file, name);

        Map<String, List<MappedRecord>> byKey = new HashMap<>();
        for (MappedRecord r : records) {
            assertThat(r.recordId()).as("every sample record has a readable id").isNotNull();
            String key = r.recordId().replace("-council-decision-", "-");
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }

        int expectedCount = 0;
        DateTimeFormatter versionFormat = DateTimeFormatter.ofPattern(
                code.equals("9318") ? "dd/MM/uuuu HH:mm:ss" : "uuuu-MM-dd'T'HH:mm:ss");
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("delivered").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<MappedRecord> found = byKey.getOrDefault(entry.getKey(), List.of());
            assertThat(found).as(entry.getKey()).isNotEmpty();
            expectedCount += found.size();
            JsonNode want = entry.getValue();
            for (MappedRecord r : found) {
                assertThat(r.outcome()).as(entry.getKey() + " " + r.problems()).isEqualTo(Outcome.VALID);
                CouncilDecision d = r.as(CouncilDecision.class);
                assertThat(d.subject()).as(entry.getKey()).isEqualTo(want.get("subject").asText());
                assertThat(d.decisionTypeId()).as(entry.getKey()).isEqualTo(want.get("decisionTypeId").asText());
                if (want.get("amount").isNull()) {
                    assertThat(d.amount()).as(entry.getKey()).isNull();
                } else {
                    assertThat(d.amount().value()).as(entry.getKey())
                            .isEqualByComparingTo(new BigDecimal(want.get("amount").asText()));
                    assertThat(d.amount().currency()).isEqualTo("EUR");
                }
                assertThat(d.beneficiaryAfm()).as(entry.getKey())
                        .isEqualTo(want.get("afm").isNull() ? null : want.get("afm").asText());
                OffsetDateTime version = LocalDateTime.parse(want.get("version").asText(), versionFormat)
                        .atZone(ATHENS).toOffsetDateTime();
                assertThat(d.version()).as(entry.getKey()).isEqualTo(version);
                assertThat(r.version()).isEqualTo(version);
                assertThat(d.municipality().code()).isEqualTo(code);
                assertThat(d.municipality().name()).isEqualTo(name);
                assertThat(d.source().file()).isEqualTo(file);
                assertThat(d.source().system()).isEqualTo(mapping.legacySystem());
                assertThat(d.source().line()).isEqualTo(r.line());
                assertThat(d.issueDate()).isEqualTo(d.meeting().date());
                assertThat(d.signers()).isNotEmpty();
                if (code.equals("9305")) {
                    assertThat(d.source().recordId()).startsWith("ΔΣ-").isEqualTo(r.legacyId());
                } else {
                    assertThat(d.source().recordId()).isNull();
                }
                List<String> errors = CanonicalSchemas.validate(CouncilDecision.RECORD_TYPE,
                        CouncilDecision.SCHEMA_VERSION, CanonicalJson.mapper().valueToTree(d));
                assertThat(errors).as(entry.getKey()).isEmpty();
            }
            if (found.size() > 1) {
                // The same decision twice with the same version: a duplicate the hub drops later.
                assertThat(found).extracting(r -> r.as(CouncilDecision.class))
                        .allSatisfy(d -> assertThat(d).usingRecursiveComparison()
                                .ignoringFields("source.line").isEqualTo(found.get(0).as(CouncilDecision.class)));
            }
        }
        for (JsonNode q : expected.get("quarantined")) {
            List<MappedRecord> found = byKey.getOrDefault(q.get("id").asText(), List.of());
            assertThat(found).as(q.toString()).hasSize(1);
            expectedCount++;
            MappedRecord r = found.get(0);
            assertThat(r.outcome()).as(q.toString()).isEqualTo(Outcome.INVALID);
            assertThat(r.problems()).extracting(MappedRecord.Problem::code).as(q.toString())
                    .contains(q.get("reason").asText());
            if (q.has("line")) {
                assertThat(r.line()).as(q.toString()).isEqualTo(q.get("line").asInt());
            }
            assertThat(r.version()).isNotNull();
        }
        for (JsonNode s : expected.get("skipped")) {
            List<MappedRecord> found = byKey.getOrDefault(s.asText(), List.of());
            assertThat(found).as(s.asText()).hasSize(1);
            expectedCount++;
            assertThat(found.get(0).outcome()).isEqualTo(Outcome.DRAFT);
            assertThat(found.get(0).version()).isNotNull();
            if (code.equals("9305")) {
                assertThat(found.get(0).legacyId()).isNotNull();
            }
        }
        assertThat(records).as("no record beyond the expected ones").hasSize(expectedCount);
    }
}
