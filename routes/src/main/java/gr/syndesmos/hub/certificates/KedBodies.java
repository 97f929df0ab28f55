package gr.syndesmos.hub.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the certificate endpoint, in KED's convention: {@code {<operation>OutputRecord, callSequenceId,
 * callSequenceDate, errorRecord}} for an answer, {@code {callSequenceId, callSequenceDate, errorRecord}} for an error.
 * The output record carries the certificate's fields and nothing more.
 */
final class KedBodies {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The error codes of the endpoint, each with its HTTP status and its text for the caller. */
    enum Error {
        UNAUTHENTICATED(401, "Δεν δόθηκαν έγκυρα διαπιστευτήρια"),
        UNKNOWN_MUNICIPALITY(404, "Ο δήμος δεν εξυπηρετείται από αυτόν τον κόμβο"),
        UNKNOWN_OPERATION(404, "Άγνωστη λειτουργία"),
        CALLER_NOT_ALLOWED(403, "Δεν έχετε δικαίωμα για αυτή τη λειτουργία αυτού του δήμου"),
        UNSUPPORTED_MEDIA_TYPE(415, "Δεκτό μόνο application/json σε UTF-8"),
        BODY_TOO_LARGE(413, "Το αίτημα υπερβαίνει τα 16 KiB"),
        MALFORMED_JSON(400, "Το σώμα του αιτήματος δεν είναι έγκυρο JSON"),
        VALIDATION_FAILED(400, "Μη έγκυρα στοιχεία αιτήματος"),
        TRANSACTION_ID_REUSED(409, "Το auditTransactionId έχει ήδη χρησιμοποιηθεί για άλλο αίτημα"),
        MUNICIPALITY_UNAVAILABLE(503, "Το σύστημα του δήμου δεν είναι διαθέσιμο· δοκιμάστε ξανά αργότερα"),
        MUNICIPALITY_TIMEOUT(503, "Το σύστημα του δήμου δεν απάντησε εγκαίρως· η απάντηση θα δοθεί σε επανάληψη "
                + "του αιτήματος"),
        ANSWER_PENDING(503, "Η απάντηση του δήμου αναμένεται ακόμη· δοκιμάστε ξανά σε λίγο"),
        MUNICIPALITY_ANSWER_INVALID(502, "Η απάντηση του συστήματος του δήμου δεν ήταν έγκυρη");

        final int status;
        final String text;

        Error(int status, String text) {
            this.status = status;
            this.text = text;
        }

        /** Seconds to wait before a retry, for the 503s. */
        Integer retryAfter() {
            return switch (this) {
                case MUNICIPALITY_UNAVAILABLE -> 60;
                case MUNICIPALITY_TIMEOUT, ANSWER_PENDING -> 10;
                default -> null;
            };
        }
    }

    static final Map<String, String> REFUSAL_TEXTS = Map.of(
            "DEBTS_EXIST", "Υπάρχει οφειλή ΤΑΠ για το ακίνητο",
            "DECLARATION_INCOMPLETE", "Δεν έχουν δηλωθεί τα τετραγωνικά μέτρα του ακινήτου",
            "NOT_RESIDENT_IN_PERIOD", "Δεν προκύπτει μόνιμη κατοικία για όλα τα έτη που ζητήθηκαν");

    private KedBodies() {
    }

    static String error(Error error, long callSequenceId, Instant at,
            List<CertificateRequestCheck.FieldError> fieldErrors) {
        ObjectNode body = JSON.createObjectNode();
        body.put("callSequenceId", callSequenceId);
        body.put("callSequenceDate", at.truncatedTo(ChronoUnit.MILLIS).toString());
        ObjectNode record = body.putObject("errorRecord");
        record.put("errorCode", error.name());
        record.put("errorDescr", error.text);
        if (fieldErrors != null && !fieldErrors.isEmpty()) {
            var list = record.putArray("fieldErrors");
            fieldErrors.forEach(f -> list.addObject().put("field", f.field()).put("code", f.code()));
        }
        return body.toString();
    }

    /**
     * The answer to the caller from a municipality's answer (schema certificate-answer, status ANSWERED).
     *
     * @throws IllegalArgumentException when the answer lacks what its outcome and operation need
     */
    static String answer(CertificateCall.Operation operation, String municipality, JsonNode answer,
            long callSequenceId, Instant at) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode output = body.putObject(operation.outputRecord());
        String outcome = answer.path("outcome").asText();
        output.put("outcome", outcome);
        output.put("municipalityCode", municipality);
        if ("ISSUED".equals(outcome)) {
            output.set("certificate", certificate(operation, answer.path("certificate")));
        } else {
            output.putNull("certificate");
        }
        if ("REFUSED".equals(outcome)) {
            String reason = answer.path("refusalReason").asText();
            boolean fits = operation == CertificateCall.Operation.TAP
                    ? !"NOT_RESIDENT_IN_PERIOD".equals(reason) : "NOT_RESIDENT_IN_PERIOD".equals(reason);
            if (!fits) {
                throw new IllegalArgumentException("refusal reason " + reason + " does not belong to "
                        + operation.word());
            }
            output.putObject("refusal").put("reason", reason).put("text", REFUSAL_TEXTS.get(reason));
        } else {
            output.putNull("refusal");
        }
        body.put("callSequenceId", callSequenceId);
        body.put("callSequenceDate", at.truncatedTo(ChronoUnit.MILLIS).toString());
        body.putNull("errorRecord");
        return body.toString();
    }

    /** Only the certificate's own fields, in the endpoint's order. */
    private static ObjectNode certificate(CertificateCall.Operation operation, JsonNode c) {
        ObjectNode out = JSON.createObjectNode();
        out.put("certificateNumber", c.path("certificateNumber").asText());
        String issueDate = c.path("issueDate").asText();
        out.put("issueDate", issueDate);
        if (operation == CertificateCall.Operation.TAP) {
            require(c, "holder", "property");
            // A year later to the day; a 29 February gives 28 February.
            out.put("validUntil", LocalDate.parse(issueDate).plusYears(1).toString());
            out.set("holder", pick(c.path("holder"), "afm", "surname", "firstName"));
            out.set("property", pick(c.path("property"), "supplyNumber", "street", "streetNumber", "postalCode",
                    "locality", "areaSqm"));
        } else {
            require(c, "person", "address", "years");
            out.set("person", pick(c.path("person"), "amka", "surname", "firstName", "fatherName"));
            out.set("address", pick(c.path("address"), "street", "streetNumber", "postalCode", "locality"));
            out.set("years", c.path("years"));
        }
        return out;
    }

    private static void require(JsonNode certificate, String... parts) {
        for (String part : parts) {
            if (!certificate.hasNonNull(part)) {
                throw new IllegalArgumentException("an issued certificate needs " + String.join(", ", parts));
            }
        }
    }

    private static ObjectNode pick(JsonNode from, String... fields) {
        ObjectNode out = JSON.createObjectNode();
        for (String field : fields) {
            out.set(field, from.has(field) ? from.get(field) : JSON.nullNode());
        }
        return out;
    }
}
