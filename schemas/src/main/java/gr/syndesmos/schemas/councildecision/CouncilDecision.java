package gr.syndesmos.schemas.councildecision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Canonical council decision, version 1. Mirrors {@code schemas/council-decision/v1/council-decision.schema.json};
 * {@code CouncilDecisionSchemaTest} keeps the two in step.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"recordType", "schemaVersion", "id", "version", "municipality", "decisionNumber", "year", "meeting",
        "issueDate", "subject", "decisionTypeId", "issuingUnit", "signers", "amount", "beneficiaryAfm",
        "beneficiaryName", "source"})
public record CouncilDecision(
        String recordType,
        int schemaVersion,
        String id,
        OffsetDateTime version,
        Municipality municipality,
        int decisionNumber,
        int year,
        Meeting meeting,
        LocalDate issueDate,
        String subject,
        String decisionTypeId,
        String issuingUnit,
        List<String> signers,
        Amount amount,
        String beneficiaryAfm,
        String beneficiaryName,
        Source source) {

    public static final String RECORD_TYPE = "council-decision";
    public static final int SCHEMA_VERSION = 1;

    /** The record id every system sees: {@code 9318-council-decision-2026-245}. */
    public static String idOf(String municipalityCode, int year, int decisionNumber) {
        return municipalityCode + "-" + RECORD_TYPE + "-" + year + "-" + decisionNumber;
    }

    public record Municipality(String code, String name) {
    }

    public record Meeting(Integer number, LocalDate date, Integer agendaItem) {
    }

    public record Amount(BigDecimal value, String currency) {
    }

    /** Where the record came from, so an operator can find it in the legacy export. */
    public record Source(String system, String recordId, String file, Integer line) {
    }
}
