package gr.syndesmos.hub.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Locks after repeated failed sign-ins, for the region's admins: {@code GET /api/sign-in/locks} lists them,
 * {@code DELETE /api/sign-in/locks/accounts/{name}} and {@code DELETE /api/sign-in/locks/addresses/{address}} lift
 * one at once (a colleague locked out by a mistyped password, say). Each lift is logged with who did it.
 */
@RestController
@RequestMapping("/api/sign-in/locks")
public class SignInLocksController {

    private static final Logger LOG = LoggerFactory.getLogger(SignInLocksController.class);

    private final SignInThrottle throttle;

    public SignInLocksController(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @GetMapping
    public List<Map<String, Object>> locks() {
        return throttle.locks().stream().map(f -> {
            Map<String, Object> lock = new LinkedHashMap<>();
            lock.put("kind", SignInThrottle.kind(f.key()));
            lock.put("name", SignInThrottle.subject(f.key()));
            lock.put("failures", f.count());
            lock.put("lastFailure", f.lastFailure().toString());
            lock.put("lockedUntil", f.lockedUntil().toString());
            return lock;
        }).toList();
    }

    @DeleteMapping("/accounts/{name}")
    public ResponseEntity<Map<String, Object>> unlockAccount(@PathVariable String name) {
        return answer(throttle.unlockAccount(name), "account", name);
    }

    @DeleteMapping("/addresses/{address}")
    public ResponseEntity<Map<String, Object>> unlockAddress(@PathVariable String address) {
        return answer(throttle.unlockAddress(address), "address", address);
    }

    private static ResponseEntity<Map<String, Object>> answer(boolean lifted, String kind, String name) {
        if (!lifted) {
            return ResponseEntity.status(404).body(Map.of("error", "No failed sign-ins recorded for " + kind + " "
                    + name));
        }
        LOG.warn("Sign-in lock of {} '{}' lifted by {}", kind, name, Operator.required().name());
        return ResponseEntity.ok(Map.of("unlocked", kind, "name", name));
    }
}
