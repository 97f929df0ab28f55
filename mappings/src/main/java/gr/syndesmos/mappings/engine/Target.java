package gr.syndesmos.mappings.engine;

/**
 * The canonical slots a mapping can fill. The kebab name is the key in mapping.yml and the {@code <field>} of reason
 * codes such as {@code missing-subject}; the json name is the canonical field reported in a problem.
 */
public enum Target {
    LEGACY_ID("legacy-id", "source.recordId"),
    DECISION_NUMBER("decision-number", "decisionNumber"),
    YEAR("year", "year"),
    STATUS("status", "status"),
    VERSION("version", "version"),
    MEETING_NUMBER("meeting-number", "meeting.number"),
    MEETING_DATE("meeting-date", "meeting.date"),
    AGENDA_ITEM("agenda-item", "meeting.agendaItem"),
    SUBJECT("subject", "subject"),
    DECISION_TYPE("decision-type", "decisionTypeId"),
    ISSUING_UNIT("issuing-unit", "issuingUnit"),
    SIGNERS("signers", "signers"),
    AMOUNT("amount", "amount.value"),
    CURRENCY("currency", "amount.currency"),
    BENEFICIARY_AFM("beneficiary-afm", "beneficiaryAfm"),
    BENEFICIARY_NAME("beneficiary-name", "beneficiaryName");

    private final String kebab;
    private final String json;

    Target(String kebab, String json) {
        this.kebab = kebab;
        this.json = json;
    }

    public String kebab() {
        return kebab;
    }

    public String json() {
        return json;
    }

    static Target ofKebab(String name) {
        for (Target t : values()) {
            if (t.kebab.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
