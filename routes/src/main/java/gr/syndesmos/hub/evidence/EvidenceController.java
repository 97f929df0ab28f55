package gr.syndesmos.hub.evidence;

import gr.syndesmos.hub.security.Operator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The evidence log for operators, each seeing only their municipalities' chains:
 * {@code GET /api/evidence/verify} checks the chains; {@code GET /api/evidence/exchanges/{id}} gives one exchange's
 * entries (a certificate request id, {@code <record id>@<version>}) with their hashes, for a dispute;
 * {@code GET /api/evidence/chains/{municipality}?limit=} the latest entries of one chain.
 */
@RestController
@RequestMapping("/api/evidence")
public class EvidenceController {

    private final EvidenceChains chains;
    private final EvidenceLog log;

    public EvidenceController(JdbcTemplate jdbc, EvidenceLog log) {
        this.chains = new EvidenceChains(jdbc);
        this.log = log;
    }

    @GetMapping("/verify")
    public Map<String, Object> verify() throws InterruptedException {
        Operator who = Operator.required();
        log.flush();
        List<Map<String, Object>> verdicts = chains.chains().stream()
                .filter(chain -> who.wholeRegion() || who.sees(chain))
                .map(chains::verify).map(EvidenceController::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intact", verdicts.stream().allMatch(v -> Boolean.TRUE.equals(v.get("intact"))));
        body.put("chains", verdicts);
        return body;
    }

    @GetMapping("/exchanges/{id}")
    public ResponseEntity<?> exchange(@PathVariable String id) throws InterruptedException {
        Operator who = Operator.required();
        log.flush();
        List<EvidenceEntry> entries = chains.exchange(id).stream()
                .filter(e -> who.wholeRegion() || who.sees(e.chain())).toList();
        if (entries.isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "No evidence for exchange " + id));
        }
        return ResponseEntity.ok(Map.of("exchangeId", id, "entries", entries));
    }

    @GetMapping("/chains/{municipality}")
    public ResponseEntity<?> chain(@PathVariable String municipality,
            @RequestParam(defaultValue = "50") int limit) throws InterruptedException {
        Operator who = Operator.required();
        if (!(who.wholeRegion() || who.sees(municipality))) {
            return ResponseEntity.status(404).body(Map.of("error", "No evidence chain " + municipality));
        }
        log.flush();
        return ResponseEntity.ok(Map.of("chain", municipality, "entries", chains.latest(municipality, limit)));
    }

    static Map<String, Object> view(EvidenceChains.Verdict v) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("chain", v.chain());
        view.put("entries", v.entries());
        view.put("intact", v.intact());
        view.put("headHash", v.headHash());
        if (!v.intact()) {
            view.put("firstBrokenEntry", v.firstBrokenSeq());
            view.put("problem", v.problem());
        }
        return view;
    }
}
