package gr.syndesmos.hub.sandbox;

import java.util.Map;
import org.springframework.http.ResponseEntity;

/** The {@code PUT …/mode} answer shared by the stand-ins. */
final class SandboxModeSupport {

    private SandboxModeSupport() {
    }

    static ResponseEntity<Map<String, String>> setMode(SandboxSystem system, String body) {
        try {
            system.mode(body == null ? "" : body);
            return ResponseEntity.ok(Map.of("mode", system.mode().name().toLowerCase()));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "mode must be ok, fail or slow"));
        }
    }

    static ResponseEntity<Map<String, String>> unavailable() {
        return ResponseEntity.status(503).body(Map.of("error", "stand-in switched to fail mode"));
    }
}
