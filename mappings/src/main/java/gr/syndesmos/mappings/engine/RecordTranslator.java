package gr.syndesmos.mappings.engine;

import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.MappedRecord.Problem;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns one {@link RawRecord} into a {@link MappedRecord}, the same way for every file format. Identity, version
 * and status are read first so that drafts and invalid records still carry the record id and version an operator
 * needs; drafts are not checked further (they are skipped, not published).
 */
public final class RecordTranslator {

    public static final String FINAL = "final";
    public static final String DRAFT = "draft";

    private final String legacySystem;
    private final CompiledField[] byTarget = new CompiledField[Target.values().length];

    RecordTranslator(String legacySystem, List<CompiledField> fields) {
        this.legacySystem = legacySystem;
        for (CompiledField f : fields) {
            byTarget[f.target().ordinal()] = f;
        }
    }

    /**
     * Translates one record of the given source; the municipality is the context's, not the mapping folder's.
     *
     * @param line the line where the record starts, or its position in a batch of rows
     */
    public MappedRecord translate(RawRecord raw, SourceContext context, int line) {
        return translate(raw, context, line, List.of());
    }

    /**
     * As {@link #translate(RawRecord, SourceContext, int)}, with problems the reader found in the record's shape
     * (a fixed-width line of the wrong length): such a record is invalid whatever its fields say.
     */
    public MappedRecord translate(RawRecord raw, SourceContext context, int line, List<Problem> shapeProblems) {
        String municipalityCode = context.municipalityCode();
        String municipalityName = context.municipalityName();
        String file = context.sourceName();
        List<Problem> problems = new ArrayList<>(shapeProblems);
        String legacyId = (String) convert(raw, Target.LEGACY_ID, problems);
        Integer number = (Integer) convert(raw, Target.DECISION_NUMBER, problems);
        Integer year = (Integer) convert(raw, Target.YEAR, problems);
        OffsetDateTime version = (OffsetDateTime) convert(raw, Target.VERSION, problems);
        String status = (String) convert(raw, Target.STATUS, problems);
        String recordId = number != null && year != null
                ? CouncilDecision.idOf(municipalityCode, year, number) : null;
        if (DRAFT.equals(status) && shapeProblems.isEmpty()) {
            return new MappedRecord(Outcome.DRAFT, recordId, version, null, legacyId, line, List.of());
        }

        Integer meetingNumber = (Integer) convert(raw, Target.MEETING_NUMBER, problems);
        LocalDate meetingDate = (LocalDate) convert(raw, Target.MEETING_DATE, problems);
        Integer agendaItem = (Integer) convert(raw, Target.AGENDA_ITEM, problems);
        String subject = (String) convert(raw, Target.SUBJECT, problems);
        String decisionTypeId = (String) convert(raw, Target.DECISION_TYPE, problems);
        String issuingUnit = (String) convert(raw, Target.ISSUING_UNIT, problems);
        List<String> signers = list(raw, Target.SIGNERS, problems);
        BigDecimal amount = (BigDecimal) convert(raw, Target.AMOUNT, problems);
        String currency = (String) convert(raw, Target.CURRENCY, problems);
        String afm = (String) convert(raw, Target.BENEFICIARY_AFM, problems);
        String beneficiaryName = (String) convert(raw, Target.BENEFICIARY_NAME, problems);

        if (!problems.isEmpty()) {
            return new MappedRecord(Outcome.INVALID, recordId, version, null, legacyId, line,
                    Collections.unmodifiableList(problems));
        }
        CouncilDecision decision = new CouncilDecision(
                CouncilDecision.RECORD_TYPE,
                CouncilDecision.SCHEMA_VERSION,
                recordId,
                version,
                new CouncilDecision.Municipality(municipalityCode, municipalityName),
                number,
                year,
                new CouncilDecision.Meeting(meetingNumber, meetingDate, agendaItem),
                meetingDate, // the contract: the meeting date is the decision's issue date
                subject,
                decisionTypeId,
                issuingUnit,
                signers,
                amount == null ? null : new CouncilDecision.Amount(amount, currency == null ? "EUR" : currency),
                afm,
                beneficiaryName,
                new CouncilDecision.Source(legacySystem, legacyId, file, line));
        return new MappedRecord(Outcome.VALID, recordId, version, decision, legacyId, line, List.of());
    }

    private Object convert(RawRecord raw, Target target, List<Problem> problems) {
        CompiledField field = byTarget[target.ordinal()];
        return field == null ? null : field.convert(raw.object(field), problems);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(RawRecord raw, Target target, List<Problem> problems) {
        CompiledField field = byTarget[target.ordinal()];
        if (field == null) {
            return List.of();
        }
        List<String> values = field.split(raw.values(field));
        if (values.isEmpty()) {
            field.convert(null, problems); // reports a missing required list
            return List.of();
        }
        if (values.size() == 1) {
            String one = (String) field.convert(values.get(0), problems);
            return one == null ? List.of() : List.of(one);
        }
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            String converted = (String) field.convert(value, problems);
            if (converted != null) {
                out.add(converted);
            }
        }
        return List.copyOf(out);
    }
}
