package gr.syndesmos.hub.certificates;

import gr.syndesmos.hub.security.Operator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The certificate requests a municipality was asked, for its own operators: {@code GET
 * /api/certificate-requests/{code}[?limit=]}, newest first: who asked (the caller and its transaction id), what, when,
 * where it stands and what was answered; never the answer's body (names, addresses) nor the identifiers asked about.
 */
@RestController
@RequestMapping("/api/certificate-requests")
public class CertificateRequestsController {

    private final CertificateJournal journal;

    public CertificateRequestsController(CertificateJournal journal) {
        this.journal = journal;
    }

    @GetMapping("/{code}")
    public ResponseEntity<?> requests(@PathVariable String code, @RequestParam(defaultValue = "100") int limit) {
        Operator.required().requireSees(code);
        return ResponseEntity.ok(Map.of("municipality", code, "requests", journal.recent(code, limit).stream()
                .map(e -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("requestId", e.requestId());
                    view.put("caller", e.caller());
                    view.put("auditTransactionId", e.transactionId());
                    view.put("operation", e.operation());
                    view.put("state", e.state().name());
                    view.put("httpStatus", e.httpStatus());
                    view.put("receivedAt", e.receivedAt().toString());
                    view.put("answeredAt", e.answeredAt() == null ? null : e.answeredAt().toString());
                    view.put("lateUntil", e.lateUntil() == null ? null : e.lateUntil().toString());
                    return view;
                }).toList()));
    }
}
