package gr.syndesmos.hub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.registers.DiavgeiaRegisters;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Diavgeia stand-in's read side: the portal's registers at the paths and in the shapes of the real OpenData API
 * ({@code GET /organizations}, {@code /organizations/{uid}}, {@code …/units}, {@code …/signers},
 * {@code …/positions}, {@code /types}, {@code /dictionaries}, {@code /dictionaries/{name}}), so that onboarding reads
 * the same paths here as from the real portal. Public, as the portal's are. A register the stand-in made up says so:
 * {@code "standIn": "generated"} and the header {@value #STAND_IN_HEADER}.
 */
@RestController
@RequestMapping("/sandbox/diavgeia")
@ConditionalOnProperty(name = "syndesmos.sandbox.enabled", havingValue = "true")
public class DiavgeiaRegistersController {

    static final String STAND_IN_HEADER = "X-Syndesmos-Stand-In";

    private final DiavgeiaRegisters registers;

    public DiavgeiaRegistersController(DiavgeiaRegisters registers) {
        this.registers = registers;
    }

    @GetMapping("/organizations")
    public JsonNode organizations() {
        return registers.organizations();
    }

    @GetMapping("/organizations/{uid}")
    public ResponseEntity<?> organization(@PathVariable String uid) {
        return found(registers.organization(uid), "organization " + uid);
    }

    @GetMapping("/organizations/{uid}/units")
    public ResponseEntity<?> units(@PathVariable String uid) {
        return answer(registers.units(uid), uid);
    }

    @GetMapping("/organizations/{uid}/signers")
    public ResponseEntity<?> signers(@PathVariable String uid) {
        return answer(registers.signers(uid), uid);
    }

    @GetMapping("/organizations/{uid}/positions")
    public ResponseEntity<?> positions(@PathVariable String uid) {
        return found(registers.positions(uid), "organization " + uid);
    }

    @GetMapping("/types")
    public JsonNode types() {
        return registers.types();
    }

    @GetMapping("/dictionaries")
    public JsonNode dictionaries() {
        return registers.dictionaries();
    }

    @GetMapping("/dictionaries/{name}")
    public ResponseEntity<?> dictionary(@PathVariable String name) {
        return found(registers.dictionary(name), "dictionary " + name);
    }

    private static ResponseEntity<?> answer(Optional<DiavgeiaRegisters.Answer> answer, String uid) {
        if (answer.isEmpty()) {
            return notFound("organization " + uid);
        }
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (answer.get().generated()) {
            ok.header(STAND_IN_HEADER, "generated");
        }
        return ok.body(answer.get().body());
    }

    private static ResponseEntity<?> found(Optional<JsonNode> body, String what) {
        return body.<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(what));
    }

    /** The portal's error shape. */
    private static ResponseEntity<?> notFound(String what) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors", java.util.List.of(Map.of(
                "errorCode", "NOT_FOUND", "errorMessage", "No " + what))));
    }

    /** One set of registers for the stand-in's read and write sides. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "syndesmos.sandbox.enabled", havingValue = "true")
    static class Registers {
        @Bean
        DiavgeiaRegisters diavgeiaRegisters() {
            return DiavgeiaRegisters.load();
        }
    }
}
