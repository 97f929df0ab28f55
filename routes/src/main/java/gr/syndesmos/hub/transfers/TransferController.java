package gr.syndesmos.hub.transfers;

import gr.syndesmos.hub.security.Operator;
import gr.syndesmos.mappings.text.PersonalData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Residence transfers for a municipality's operators, its own side only: {@code GET /api/transfers/{code}} (outgoing
 * and incoming exchanges with their state, what they wait for, overdue or stalled), {@code GET
 * /api/transfers/{code}/{exchangeId}} (its messages; the person masked without pii-view, and nothing of the other
 * side's internal fields), {@code POST .../{exchangeId}/release} (a request held for review goes on, unchanged),
 * {@code GET /api/transfers/{code}/rejected-files}.
 */
@RestController
@RequestMapping("/api/transfers")
public class TransferController {

    private final TransferExchanges exchanges;
    private final TransferRejectedFiles rejectedFiles;

    public TransferController(TransferExchanges exchanges, TransferRejectedFiles rejectedFiles) {
        this.exchanges = exchanges;
        this.rejectedFiles = rejectedFiles;
    }

    @GetMapping("/{code}")
    public ResponseEntity<?> list(@PathVariable String code) {
        Operator.required().requireSees(code);
        return ResponseEntity.ok(Map.of("municipality", code, "exchanges", exchanges.exchangesOf(code).stream()
                .map(x -> view(code, x)).toList()));
    }

    @GetMapping("/{code}/rejected-files")
    public ResponseEntity<?> rejectedFiles(@PathVariable String code) {
        Operator.required().requireSees(code);
        return ResponseEntity.ok(Map.of("municipality", code, "files", rejectedFiles.of(code)));
    }

    @GetMapping("/{code}/{exchangeId}")
    public ResponseEntity<?> exchange(@PathVariable String code, @PathVariable String exchangeId) {
        Operator who = Operator.required();
        who.requireSees(code);
        TransferJournal.Exchange x = exchanges.exchange(exchangeId).filter(e -> code.equals(e.origin())
                || code.equals(e.destination())).orElse(null);
        if (x == null) {
            return ResponseEntity.status(404).body(Map.of("error", "No transfer " + exchangeId + " of " + code));
        }
        Map<String, Object> body = view(code, x);
        List<Map<String, Object>> messages = new ArrayList<>();
        for (TransferJournal.Journaled m : exchanges.messages(exchangeId)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", m.type().name());
            entry.put("from", m.sender());
            entry.put("to", m.recipient());
            entry.put("journaledAt", m.journaledAt().toString());
            entry.put("forwardedAt", m.forwardedAt() == null ? null : m.forwardedAt().toString());
            entry.put("deliveries", m.deliveries());
            TransferMessage message = m.message();
            entry.put("reason", message.reason());
            entry.put("actDate", message.actDate());
            if (message.person() != null) {
                entry.put("person", person(message.person(), who.seesPersonalData()));
            }
            // The other side's share number is its own internal field.
            if (message.registration() != null) {
                entry.put("community", message.registration().communityCode());
                if (code.equals(m.sender())) {
                    entry.put("share", message.registration().shareNumber());
                }
            }
            messages.add(entry);
        }
        body.put("messages", messages);
        return ResponseEntity.ok(body);
    }

    @PostMapping("/{code}/{exchangeId}/release")
    public ResponseEntity<?> release(@PathVariable String code, @PathVariable String exchangeId) {
        Operator who = Operator.required();
        who.requireReplay(code);
        boolean ours = exchanges.exchange(exchangeId).filter(x -> code.equals(x.destination())).isPresent();
        if (!ours || !exchanges.releaseHeld(exchangeId, who.name())) {
            return ResponseEntity.status(409).body(Map.of("error", "Transfer " + exchangeId + " of " + code
                    + " is not held for review"));
        }
        return ResponseEntity.ok(Map.of("exchangeId", exchangeId, "state", "REQUESTED"));
    }

    private static Map<String, Object> view(String code, TransferJournal.Exchange x) {
        Map<String, Object> view = new LinkedHashMap<>();
        boolean outgoing = code.equals(x.origin());
        view.put("exchangeId", x.exchangeId());
        view.put("direction", outgoing ? "outgoing to " + x.destination() : "incoming from " + x.origin());
        view.put("state", x.state().name());
        view.put("reason", x.reason());
        view.put("since", x.stateSince().toString());
        view.put("flag", x.flag());
        String owing = TransferExchanges.owing(x);
        String shown = owing == null ? null : owing.equals(code) ? "answer overdue" : "waiting for " + owing;
        if (x.flag() != null && shown != null) {
            view.put("shown", shown + ("STALLED".equals(x.flag()) ? " (stalled)" : ""));
        } else {
            view.put("shown", owing == null ? null : owing.equals(code) ? "answer owed" : "waiting for " + owing);
        }
        return view;
    }

    private static Map<String, Object> person(TransferMessage.Person p, boolean whole) {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("amka", whole ? p.amka() : PersonalData.maskAmka(p.amka()));
        person.put("surname", whole ? p.surname() : PersonalData.maskName(p.surname()));
        person.put("givenName", whole ? p.givenName() : PersonalData.maskName(p.givenName()));
        person.put("birthDate", whole ? p.birthDate() : null);
        return person;
    }
}
