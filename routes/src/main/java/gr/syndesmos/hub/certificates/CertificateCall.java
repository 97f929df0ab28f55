package gr.syndesmos.hub.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A certificate request that passed every check: who asks (from the credential), whom, what, and the input record
 * after normalisation (the supply number cut to 9 digits, the years sorted).
 *
 * @param auditRecord the six audit fields as the caller sent them, recorded, never trusted
 * @param fingerprint SHA-256 of the municipality, the operation and the normalised input: a repeat of the same
 *     {@code auditTransactionId} with another fingerprint is another request
 */
public record CertificateCall(String caller, String municipality, Operation operation, ObjectNode auditRecord,
        String afm, String supplyNumber, String amka, List<Integer> years, String fingerprint) {

    public String transactionId() {
        return auditRecord.path("auditTransactionId").asText();
    }

    /** The two operations and the names of their records. */
    public enum Operation {
        TAP("getTapCertificate", "TAP"),
        RESIDENCE("getPermanentResidenceCertificate", "RESIDENCE");

        private final String word;
        private final String kind;

        Operation(String word, String kind) {
            this.word = word;
            this.kind = kind;
        }

        public String word() {
            return word;
        }

        /** The question's kind (schema certificate-question). */
        public String kind() {
            return kind;
        }

        public String inputRecord() {
            return word + "InputRecord";
        }

        public String outputRecord() {
            return word + "OutputRecord";
        }

        public static java.util.Optional<Operation> of(String word) {
            for (Operation o : values()) {
                if (o.word.equals(word)) {
                    return java.util.Optional.of(o);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
