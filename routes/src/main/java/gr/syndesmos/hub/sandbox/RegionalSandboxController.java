package gr.syndesmos.hub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.CanonicalSchemas;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-in for the regional platform, under {@code /sandbox/regional}. The platform has no public API; the contract
 * the hub follows is {@code POST /api/v1/records} with the envelope {@code {recordType, schemaVersion, id, version,
 * municipality: {code, name}, record}}, answered with 202, idempotent on (id, version). The envelope is checked
 * against {@code schemas/regional-record-envelope/v1}.
 */
@RestController
@RequestMapping("/sandbox/regional")
@ConditionalOnProperty(name = "syndesmos.sandbox.enabled", havingValue = "true")
public class RegionalSandboxController {

    private static final ObjectMapper JSON = CanonicalJson.mapper();

    private final SandboxSystem system;
    /** (id, version) pairs accepted, to answer repeats: the last {@code keep} × 5 only. */
    private final Set<String> seen;

    public RegionalSandboxController(@Value("${syndesmos.sandbox.keep:10000}") int keep) {
        this.system = new SandboxSystem(keep);
        this.seen = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > Math.max(1, keep) * 5;
            }
        });
    }

    @PostMapping(path = "/api/v1/records", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> receive(@RequestBody byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) throws InterruptedException {
        if (!system.behave()) {
            return SandboxModeSupport.unavailable();
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(body);
        } catch (IOException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "not valid JSON: " + e.getMessage()));
        }
        List<String> problems = CanonicalSchemas.validate("regional-record-envelope", 1, envelope);
        if (!problems.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid envelope", "details", problems));
        }
        String identity = envelope.get("id").asText() + "@" + envelope.get("version").asText();
        boolean repeat;
        synchronized (seen) {
            repeat = !seen.add(identity);
        }
        ObjectNode entry = envelope.deepCopy();
        entry.put("receivedRepeat", repeat);
        entry.put("idempotencyKey", key);
        system.received(entry);
        if (system.mode() == SandboxSystem.Mode.LOST) {
            return SandboxModeSupport.answerLost();
        }
        return ResponseEntity.accepted().body(Map.of("id", envelope.get("id").asText(),
                "version", envelope.get("version").asText(), "status", repeat ? "already-accepted" : "accepted"));
    }

    /** What the platform received, newest last; personal data masked for anyone but an admin. */
    @GetMapping("/received")
    public List<JsonNode> received() {
        return SandboxModeSupport.shown(system.received());
    }

    @PutMapping("/mode")
    public ResponseEntity<Map<String, String>> mode(@RequestBody(required = false) String mode) {
        return SandboxModeSupport.setMode(system, mode);
    }
}
