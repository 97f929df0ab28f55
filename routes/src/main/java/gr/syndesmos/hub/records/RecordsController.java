package gr.syndesmos.hub.records;

import gr.syndesmos.hub.security.Operator;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Where is my record?": {@code GET /api/records/{id}[?page=&size=]} gives a record's status, the steps of its trail
 * (received, validated, published or quarantined, delivered or failed per destination, retried and by whom, written
 * back), a page at a time, and its deliveries; {@code GET /api/records?municipality=&type=&legacyId=&status=&from=&to=&limit=} finds records.
 * Both show only the municipalities the person may see.
 */
@RestController
@RequestMapping("/api/records")
public class RecordsController {

    private final RecordTrail trail;

    public RecordsController(RecordTrail trail) {
        this.trail = trail;
    }

    /** The largest page of a record's trail one request returns. */
    static final int MAX_TRAIL_PAGE = 1000;

    @GetMapping("/{id}")
    public ResponseEntity<?> record(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "200") int size) {
        Operator who = Operator.required();
        Map<String, Object> record = trail.find(id).orElse(null);
        // Another municipality's record is answered as one that does not exist: a lookup must not tell who has what.
        if (record == null || !who.sees((String) record.get("municipality"))) {
            return ResponseEntity.status(404).body(Map.of("error", "No record " + id));
        }
        String municipality = (String) record.get("municipality");
        String type = (String) record.get("record_type");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recordId", id);
        body.put("recordType", type);
        body.put("municipality", municipality);
        body.put("legacyId", record.get("legacy_id"));
        body.put("version", record.get("version"));
        body.put("status", record.get("status"));
        body.put("updatedAt", record.get("updated_at"));
        int pageSize = Math.max(1, Math.min(size, MAX_TRAIL_PAGE));
        int pageNumber = Math.max(0, page);
        long stored = trail.trailEvents(type, id);
        body.put("trail", trail.steps(type, id, (int) Math.min((long) pageNumber * pageSize, Integer.MAX_VALUE),
                pageSize).stream().flatMap(step -> RecordTrailSteps.expand(step).stream()).toList());
        // Repeats of one step (a file dropped again) are one entry with "repeats"; long trails come in pages.
        body.put("trailPage", Map.of("page", pageNumber, "size", pageSize, "storedSteps", stored,
                "pages", Math.max(1, (stored + pageSize - 1) / pageSize)));
        body.put("deliveries", trail.deliveries(type, id).stream().map(Rows::readable).toList());
        return ResponseEntity.ok(body);
    }

    @GetMapping
    public Map<String, Object> search(@RequestParam(required = false) String municipality,
            @RequestParam(required = false) String type, @RequestParam(required = false) String legacyId,
            @RequestParam(required = false) String status, @RequestParam(required = false) OffsetDateTime from,
            @RequestParam(required = false) OffsetDateTime to, @RequestParam(defaultValue = "100") int limit) {
        Operator who = Operator.required();
        Set<String> scope;
        if (municipality != null) {
            who.requireSees(municipality);
            scope = Set.of(municipality);
        } else {
            scope = who.wholeRegion() ? null : who.municipalities();
        }
        if (status != null && !RecordTrail.STATUSES.contains(status)) {
            throw new IllegalArgumentException("Unknown status '" + status + "'; one of " + RecordTrail.STATUSES);
        }
        List<Map<String, Object>> records = trail.search(new RecordTrail.Search(scope, type, legacyId, status, from, to,
                Math.max(1, Math.min(limit, 1000))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", records.size());
        body.put("records", records.stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("recordId", r.get("record_id"));
            row.put("recordType", r.get("record_type"));
            row.put("municipality", r.get("municipality"));
            row.put("legacyId", r.get("legacy_id"));
            row.put("version", r.get("version"));
            row.put("status", r.get("status"));
            row.put("updatedAt", r.get("updated_at"));
            return row;
        }).toList());
        return body;
    }
}
