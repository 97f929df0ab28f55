package gr.syndesmos.connectors.transfers;

/**
 * A message the recipient's system cannot take as it is (a character its charset lacks, a value longer than its
 * field). It is never altered to fit: it goes to the recipient's dead letters with the reason and the field.
 */
public class UnwritableTransferException extends RuntimeException {

    private final String reason;
    private final String field;

    public UnwritableTransferException(String reason, String field) {
        super(reason + " in " + field);
        this.reason = reason;
        this.field = field;
    }

    /** {@code UNENCODABLE_CHARACTER} or {@code FIELD_TOO_LONG}. */
    public String reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
