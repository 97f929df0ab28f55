package gr.syndesmos.mappings.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.mappings.Exports;
import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.UnmappableRecordException;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationMappingsTest {

    private static List<CouncilDecision> sampleDecisions(String code) {
        LegacyMapping mapping = code.equals("9318") ? Exports.rethymno() : Exports.heraklion();
        String[] files = code.equals("9318")
                ? new String[] {"samples/rethymno/apofaseis_20261120_2300.csv",
                        "samples/second-export/apofaseis_20251120_2300.csv"}
                : new String[] {"samples/heraklion/export_apofaseon_20261120T1800.xml",
                        "samples/second-export/export_apofaseon_20251120T1800.xml"};
        List<CouncilDecision> decisions = new ArrayList<>();
        for (String file : files) {
            for (MappedRecord r : Exports.readAll(mapping, Exports.resource(file), file, "Δήμος")) {
                if (r.outcome() == Outcome.VALID) {
                    decisions.add(r.as(CouncilDecision.class));
                }
            }
        }
        assertThat(decisions).hasSizeGreaterThan(40);
        return decisions;
    }

    @Test
    void everySampleDecisionMapsToDiavgeiaMetadata() {
        for (String code : new String[] {"9318", "9305"}) {
            DiavgeiaMetadataMapper mapper = DiavgeiaMetadataMapper.load(code);
            for (CouncilDecision d : sampleDecisions(code)) {
                ObjectNode m = mapper.toMetadata(d);
                assertThat(m.get("subject").asText()).isEqualTo(d.subject());
                assertThat(m.get("protocolNumber").asText()).isEqualTo(d.decisionNumber() + "/" + d.year());
                assertThat(m.get("issueDate").asText()).isEqualTo(d.issueDate() + "T00:00:00.000Z");
                assertThat(m.get("decisionTypeId").asText()).isEqualTo(d.decisionTypeId());
                assertThat(m.get("organizationId").asText()).isEqualTo(code.equals("9318") ? "6263" : "6325");
                assertThat(m.get("unitIds")).hasSize(1);
                assertThat(m.get("signerIds")).hasSize(d.signers().size());
                assertThat(m.get("thematicCategoryIds").get(0).asText()).isEqualTo("20");
                assertThat(m.get("privateData").asBoolean()).isFalse();
                assertThat(m.get("publish").asBoolean()).isTrue();
                JsonNode extra = m.get("extraFieldValues");
                if (d.amount() == null) {
                    assertThat(extra.has("amountWithVAT")).isFalse();
                } else {
                    assertThat(extra.get("amountWithVAT").get("amount").decimalValue())
                            .isEqualByComparingTo(d.amount().value());
                    assertThat(extra.get("amountWithVAT").get("currency").asText()).isEqualTo("EUR");
                }
                boolean sponsor = d.beneficiaryAfm() != null && d.decisionTypeId().equals("Β.2.1");
                assertThat(extra.has("sponsor")).as(d.id()).isEqualTo(sponsor);
                if (sponsor) {
                    JsonNode afmName = extra.get("sponsor").get(0).get("sponsorAFMName");
                    assertThat(afmName.get("afm").asText()).isEqualTo(d.beneficiaryAfm());
                    assertThat(afmName.get("afmType").asText()).isEqualTo("EL");
                }
            }
        }
    }

    @Test
    void anUnknownSignerIsUnmappableAndShownByInitials() {
        CouncilDecision d = sampleDecisions("9318").get(0);
        CouncilDecision stranger = new CouncilDecision(d.recordType(), d.schemaVersion(), d.id(), d.version(),
                d.municipality(), d.decisionNumber(), d.year(), d.meeting(), d.issueDate(), d.subject(),
                d.decisionTypeId(), d.issuingUnit(), List.of("Άγνωστος Υπογράφων"), d.amount(), d.beneficiaryAfm(),
                d.beneficiaryName(), d.source());
        assertThatThrownBy(() -> DiavgeiaMetadataMapper.load("9318").toMetadata(stranger))
                .isInstanceOf(UnmappableRecordException.class)
                .hasMessageContaining("Α. Υ.")
                .hasMessageNotContaining("Άγνωστος");
    }

    @Test
    void anUnknownUnitIsUnmappable() {
        CouncilDecision d = sampleDecisions("9305").get(0);
        CouncilDecision elsewhere = new CouncilDecision(d.recordType(), d.schemaVersion(), d.id(), d.version(),
                d.municipality(), d.decisionNumber(), d.year(), d.meeting(), d.issueDate(), d.subject(),
                d.decisionTypeId(), "Υπηρεσία Δόμησης", d.signers(), d.amount(), d.beneficiaryAfm(),
                d.beneficiaryName(), d.source());
        assertThatThrownBy(() -> DiavgeiaMetadataMapper.load("9305").toMetadata(elsewhere))
                .isInstanceOf(UnmappableRecordException.class).hasMessageContaining("Υπηρεσία Δόμησης");
    }

    @Test
    void namesMatchByTheGreekKey() {
        CouncilDecision d = sampleDecisions("9318").get(0);
        CouncilDecision shouting = new CouncilDecision(d.recordType(), d.schemaVersion(), d.id(), d.version(),
                d.municipality(), d.decisionNumber(), d.year(), d.meeting(), d.issueDate(), d.subject(),
                d.decisionTypeId(), "ΔΗΜΟΤΙΚΟ  ΣΥΜΒΟΥΛΙΟ", List.of("ΜΑΡΙΑ ΧΑΤΖΗΔΑΚΗ"), d.amount(),
                d.beneficiaryAfm(), d.beneficiaryName(), d.source());
        ObjectNode m = DiavgeiaMetadataMapper.load("9318").toMetadata(shouting);
        assertThat(m.get("unitIds").get(0).asText()).isEqualTo("626301");
        assertThat(m.get("signerIds").get(0).asText()).isEqualTo("100626305");
    }

    @Test
    void everySampleDecisionMapsToTheRegionalEnvelope() {
        for (String code : new String[] {"9318", "9305"}) {
            for (CouncilDecision d : sampleDecisions(code)) {
                ObjectNode e = RegionalEnvelopeMapper.toEnvelope(d);
                assertThat(e.get("recordType").asText()).isEqualTo("council-decision");
                assertThat(e.get("schemaVersion").asInt()).isEqualTo(1);
                assertThat(e.get("id").asText()).isEqualTo(d.id());
                assertThat(java.time.OffsetDateTime.parse(e.get("version").asText())).isEqualTo(d.version());
                assertThat(e.get("municipality").get("code").asText()).isEqualTo(code);
                JsonNode record = e.get("record");
                assertThat(record.get("decisionNumber").asInt()).isEqualTo(d.decisionNumber());
                assertThat(record.get("year").asInt()).isEqualTo(d.year());
                assertThat(record.get("subject").asText()).isEqualTo(d.subject());
                assertThat(record.get("decisionTypeId").asText()).isEqualTo(d.decisionTypeId());
                if (d.amount() == null) {
                    assertThat(record.get("amount").isNull()).isTrue();
                } else {
                    assertThat(record.get("amount").get("value").decimalValue())
                            .isEqualByComparingTo(d.amount().value());
                }
            }
        }
    }

    @Test
    void diavgeiaTypesKnowLabelsAndWhichAreAllowed() {
        DiavgeiaTypes types = DiavgeiaTypes.load();
        assertThat(types.uidForLabel("έγκριση δαπάνης")).contains("Β.2.1");
        assertThat(types.isAllowedInDecisions("2.4.7.1")).isTrue();
        assertThat(types.isAllowedInDecisions("2.4.7")).isFalse();
        assertThat(types.label("Β.3")).isEqualTo("ΙΣΟΛΟΓΙΣΜΟΣ – ΑΠΟΛΟΓΙΣΜΟΣ");
        assertThat(types.uidForLabel("ΛΟΙΠΕΣ ΑΤΟΜΙΚΕΣ ΔΙΟΙΚΗΤΙΚΕΣ ΠΡΑΞΕΙΣ")).contains("2.4.7.1");
        assertThat(types.uidForLabel("ΠΡΑΞΕΙΣ ΟΙΚΟΝΟΜΙΚΟΥ ΠΕΡΙΕΧΟΜΕΝΟΥ")).as("a group, not allowed").isEmpty();
    }
}
