package gr.syndesmos.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps the {@link CouncilDecision} record and its JSON Schema (v1) in step, and checks the strict mapper. */
class CouncilDecisionSchemaTest {

    private static final OffsetDateTime VERSION = OffsetDateTime.of(2026, 11, 1, 9, 0, 0, 0, ZoneOffset.ofHours(2));

    static CouncilDecision valid() {
        return decision(CouncilDecision.idOf("9318", 2026, 245), "ΕΓΚΡΙΣΗ ΠΡΟΫΠΟΛΟΓΙΣΜΟΥ", "094019245");
    }

    static CouncilDecision decision(String id, String subject, String afm) {
        return new CouncilDecision(CouncilDecision.RECORD_TYPE, CouncilDecision.SCHEMA_VERSION, id, VERSION,
                new CouncilDecision.Municipality("9318", "Ρεθύμνης"), 245, 2026,
                new CouncilDecision.Meeting(21, LocalDate.of(2026, 10, 30), 4), LocalDate.of(2026, 10, 30),
                subject, "Β.1.3", "Δημοτικό Συμβούλιο", List.of("Γ. Παπαδάκης"),
                new CouncilDecision.Amount(new BigDecimal("1250.50"), "EUR"), afm, "ΚΡΗΤΙΚΗ ΑΕ",
                new CouncilDecision.Source("council-secretariat", "ΑΠ-245", "apofaseis_20261120_2300.csv", 7));
    }

    private static ObjectNode tree(CouncilDecision decision) {
        return CanonicalJson.mapper().valueToTree(decision);
    }

    private static List<String> validate(JsonNode node) {
        return CanonicalSchemas.validate(CouncilDecision.RECORD_TYPE, CouncilDecision.SCHEMA_VERSION, node);
    }

    @Test
    void validRecordValidates() {
        ObjectNode node = tree(valid());
        assertThat(validate(node)).isEmpty();
        assertThat(node.get("id").asText()).isEqualTo("9318-council-decision-2026-245");
        assertThat(node.get("version").asText()).as("ISO date-time with offset, not a number")
                .isEqualTo("2026-11-01T09:00:00+02:00");
        assertThat(node.get("issueDate").asText()).isEqualTo("2026-10-30");
    }

    @Test
    void recordWithoutAmountAfmOrMeetingNumbersValidates() {
        CouncilDecision v = valid();
        CouncilDecision minimal = new CouncilDecision(v.recordType(), v.schemaVersion(), v.id(), v.version(),
                v.municipality(), v.decisionNumber(), v.year(), new CouncilDecision.Meeting(null, LocalDate.of(2026,
                10, 30), null), v.issueDate(), v.subject(), v.decisionTypeId(), null, List.of(), null, null, null,
                new CouncilDecision.Source("council-secretariat", null, null, null));
        assertThat(validate(tree(minimal))).isEmpty();
    }

    @Test
    void everyPropertyOfTheRecordIsInTheSchema() {
        // Serialising with JsonInclude.ALWAYS writes every component: the schema must know them all.
        ObjectNode node = tree(valid());
        assertThat(node.size()).isEqualTo(CouncilDecision.class.getRecordComponents().length);
        assertThat(validate(node)).isEmpty();
    }

    @Test
    void eightDigitAfmIsRefused() {
        List<String> errors = validate(tree(decision(valid().id(), valid().subject(), "12345678")));
        assertThat(errors).isNotEmpty();
        assertThat(String.join("\n", errors)).contains("beneficiaryAfm");
    }

    @Test
    void missingSubjectIsRefused() {
        ObjectNode node = tree(valid());
        node.remove("subject");
        List<String> errors = validate(node);
        assertThat(errors).isNotEmpty();
        assertThat(String.join("\n", errors)).contains("subject");
    }

    @Test
    void nullOrEmptySubjectIsRefused() {
        assertThat(validate(tree(decision(valid().id(), null, null)))).isNotEmpty();
        assertThat(validate(tree(decision(valid().id(), "", null)))).isNotEmpty();
    }

    @Test
    void badIdIsRefused() {
        for (String id : List.of("9318-2026-245", "931-council-decision-2026-245", "9318-council-decision-2026-0",
                "9318-council-decision-26-245")) {
            List<String> errors = validate(tree(decision(id, valid().subject(), null)));
            assertThat(errors).as(id).isNotEmpty();
            assertThat(String.join("\n", errors)).as(id).contains("id");
        }
    }

    @Test
    void unknownPropertyIsRefused() {
        ObjectNode node = tree(valid());
        node.put("colour", "blue");
        List<String> errors = validate(node);
        assertThat(errors).isNotEmpty();
        assertThat(String.join("\n", errors)).contains("colour");

        ObjectNode nested = tree(valid());
        ((ObjectNode) nested.get("municipality")).put("region", "Κρήτη");
        assertThat(validate(nested)).as("unknown property in municipality").isNotEmpty();
    }

    @Test
    void wrongRecordTypeOrSchemaVersionIsRefused() {
        ObjectNode type = tree(valid());
        type.put("recordType", "council-minutes");
        assertThat(validate(type)).isNotEmpty();
        ObjectNode version = tree(valid());
        version.put("schemaVersion", 2);
        assertThat(validate(version)).isNotEmpty();
    }

    @Test
    void validJsonRoundTripsThroughTheRecord() throws Exception {
        String json = CanonicalJson.mapper().writeValueAsString(valid());
        CouncilDecision back = CanonicalJson.mapper().readValue(json, CouncilDecision.class);
        assertThat(back).isEqualTo(valid());
    }

    private static ObjectNode envelope() {
        ObjectNode envelope = CanonicalJson.mapper().createObjectNode();
        envelope.put("recordType", "council-decision");
        envelope.put("schemaVersion", 1);
        envelope.put("id", "9318-council-decision-2026-245");
        envelope.put("version", "2026-11-01T09:00:00+02:00");
        envelope.putObject("municipality").put("code", "9318").put("name", "Ρεθύμνης");
        envelope.putObject("record");
        return envelope;
    }

    @Test
    void regionalEnvelopeAcceptsAMinimalValidEnvelope() {
        assertThat(CanonicalSchemas.validate("regional-record-envelope", 1, envelope())).isEmpty();
    }

    @Test
    void regionalEnvelopeRefusesOneWithoutMunicipality() {
        ObjectNode envelope = envelope();
        envelope.remove("municipality");
        List<String> errors = CanonicalSchemas.validate("regional-record-envelope", 1, envelope);
        assertThat(errors).isNotEmpty();
        assertThat(String.join("\n", errors)).contains("municipality");
    }

    @Test
    void regionalEnvelopeRefusesABadMunicipalityCode() {
        ObjectNode envelope = envelope();
        ((ObjectNode) envelope.get("municipality")).put("code", "93");
        assertThat(CanonicalSchemas.validate("regional-record-envelope", 1, envelope)).isNotEmpty();
    }

    @Test
    void unknownSchemaIsAnError() {
        assertThatThrownBy(() -> CanonicalSchemas.validate("no-such-record", 1, envelope()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-record");
    }

    @Test
    void canonicalJsonRefusesDuplicateKeys() {
        assertThatThrownBy(() -> CanonicalJson.mapper().readTree("{\"a\":1,\"a\":2}"))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> CanonicalJson.mapper().readValue("{\"a\":1,\"a\":2}", Map.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> CanonicalJson.mapper().readValue(
                CanonicalJson.mapper().writeValueAsString(valid()).replaceFirst("\\{", "{\"year\":1999,"),
                CouncilDecision.class)).as("duplicate key inside a record").isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void canonicalJsonRefusesUnknownPropertiesWhenReadingARecord() throws Exception {
        ObjectNode node = tree(valid());
        node.put("colour", "blue");
        String json = CanonicalJson.mapper().writeValueAsString(node);
        assertThatThrownBy(() -> CanonicalJson.mapper().readValue(json, CouncilDecision.class))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("colour");
    }
}
