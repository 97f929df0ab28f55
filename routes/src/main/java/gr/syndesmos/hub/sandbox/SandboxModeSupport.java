package gr.syndesmos.hub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.security.Operator;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;

/** What the stand-ins share: the {@code PUT …/mode} answer and what {@code …/received} shows. */
final class SandboxModeSupport {

    private SandboxModeSupport() {
    }

    static ResponseEntity<Map<String, String>> setMode(SandboxSystem system, String body) {
        try {
            system.mode(body == null ? "" : body);
            return ResponseEntity.ok(Map.of("mode", system.mode().name().toLowerCase()));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "mode must be ok, fail, slow or lost"));
        }
    }

    /** Entries as the signed-in person may see them: whole for admins, masked for everyone else. */
    static List<JsonNode> shown(List<JsonNode> entries) {
        Operator who = Operator.current();
        return who != null && who.seesPersonalData() ? entries : entries.stream().map(SandboxMasking::masked).toList();
    }

    /** The answer of {@code lost} mode: the request was taken, but the caller never learns it. */
    static ResponseEntity<Map<String, String>> answerLost() {
        return ResponseEntity.status(504).body(Map.of("error", "stand-in switched to lost mode: the request was "
                + "taken, this answer stands for one that never arrived"));
    }

    static ResponseEntity<Map<String, String>> unavailable() {
        return ResponseEntity.status(503).body(Map.of("error", "stand-in switched to fail mode"));
    }
}
