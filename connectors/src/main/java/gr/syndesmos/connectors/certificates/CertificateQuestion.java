package gr.syndesmos.connectors.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate question as the hub sends it to a municipality's connector (schema
 * {@code certificate-question/v1}): only the identifiers the certificate needs.
 *
 * @param receivedAt when the hub received the call, Europe/Athens local time: the certificate's date
 * @param deadline when the caller must have its answer; the legacy system gets the time left less one second
 */
public record CertificateQuestion(String requestId, String municipality, Kind kind, String afm, String supplyNumber,
        String amka, List<Integer> years, LocalDateTime receivedAt, Instant deadline) {

    /** The two certificates. */
    public enum Kind { TAP, RESIDENCE }

    /** The header that tells a certificate connector what to do with a question. */
    public static final String STEP = "SyndesmosCertificateStep";
    /** Ask the legacy system (the first time). */
    public static final String ASK = "ask";
    /** Look again for an answer the legacy system owes after the deadline. */
    public static final String COLLECT = "collect";

    /** Time the legacy side does not get, so that its answer can still travel back before the deadline. */
    public static final java.time.Duration MARGIN = java.time.Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    public static CertificateQuestion parse(String json) {
        try {
            JsonNode q = JSON.readTree(json);
            List<Integer> years = new ArrayList<>();
            q.path("years").forEach(y -> years.add(y.asInt()));
            return new CertificateQuestion(q.path("requestId").asText(), q.path("municipality").asText(),
                    Kind.valueOf(q.path("kind").asText()), text(q, "afm"), text(q, "supplyNumber"), text(q, "amka"),
                    List.copyOf(years), LocalDateTime.parse(q.path("receivedAt").asText()),
                    Instant.parse(q.path("deadline").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public LocalDate receivedOn() {
        return receivedAt.toLocalDate();
    }

    /** What the legacy side may still spend, at this moment. */
    public java.time.Duration timeLeft(Instant now) {
        return java.time.Duration.between(now, deadline.minus(MARGIN));
    }

    /** The years joined the way both legacy systems keep them: {@code 2024,2025}. */
    public String yearsText() {
        return String.join(",", years.stream().sorted().map(String::valueOf).toList());
    }
}
