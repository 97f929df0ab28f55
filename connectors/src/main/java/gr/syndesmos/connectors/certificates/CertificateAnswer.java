package gr.syndesmos.connectors.certificates;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds a certificate answer (schema {@code certificate-answer/v1}) the way a connector sends it back: the
 * municipality's outcome, or why there is none. A problem text never carries personal data.
 */
public final class CertificateAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode node = JSON.createObjectNode();

    private CertificateAnswer(String requestId, String status) {
        node.put("recordType", "certificate-answer");
        node.put("schemaVersion", 1);
        node.put("requestId", requestId);
        node.put("status", status);
    }

    public static CertificateAnswer answered(String requestId, String outcome) {
        CertificateAnswer answer = new CertificateAnswer(requestId, "ANSWERED");
        answer.node.put("outcome", outcome);
        return answer;
    }

    /** No question is left open: the system could not be asked, or the question was withdrawn unread. */
    public static CertificateAnswer unavailable(String requestId, String problem) {
        CertificateAnswer answer = new CertificateAnswer(requestId, "UNAVAILABLE");
        answer.node.put("problem", problem);
        return answer;
    }

    /** The system took the question; its answer comes later. */
    public static CertificateAnswer taken(String requestId) {
        return new CertificateAnswer(requestId, "TAKEN");
    }

    /** The system's answer cannot be read; {@code original} is kept for the municipality's operators. */
    public static CertificateAnswer invalid(String requestId, String problem, String original) {
        CertificateAnswer answer = new CertificateAnswer(requestId, "INVALID");
        answer.node.put("problem", problem);
        if (original != null) {
            answer.node.put("original", original);
        }
        return answer;
    }

    public CertificateAnswer refusal(String reason) {
        node.put("refusalReason", reason);
        return this;
    }

    /** The certificate object, to fill in. */
    public ObjectNode certificate() {
        return node.has("certificate") ? (ObjectNode) node.get("certificate") : node.putObject("certificate");
    }

    public String json() {
        return node.toString();
    }
}
