package gr.syndesmos.hub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.registers.DiavgeiaRegisters;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.mappings.destinations.DiavgeiaTypes;
import gr.syndesmos.schemas.CanonicalJson;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-in for the transparency portal's OpenData API (Diavgeia), under {@code /sandbox/diavgeia}. It accepts what
 * the real {@code POST /decisions} accepts (the decision metadata, as JSON or as the {@code metadata} part of a
 * multipart request), refuses what it would refuse with its error shape ({@code {"errors":[{errorCode,
 * errorMessage}]}}), and answers with the stored decision and a new ADA. {@code POST /decisions/{ADA}} corrects a
 * published decision.
 */
@RestController
@RequestMapping("/sandbox/diavgeia")
@ConditionalOnProperty(name = "syndesmos.sandbox.enabled", havingValue = "true")
public class DiavgeiaSandboxController {

    private static final ObjectMapper JSON = CanonicalJson.mapper();
    /** ADAs are written in Greek capitals and digits (e.g. {@code ΩΕΒ4ΩΨ5-ΖΤ0}). */
    private static final String ADA_ALPHABET = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ0123456789";
    private static final DateTimeFormatter ISSUE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private final SandboxSystem system;
    private final DiavgeiaTypes types = DiavgeiaTypes.load();
    private final DiavgeiaRegisters registers;
    /** The published decisions, for corrections and look-ups: the last {@code keep} only. */
    private final Map<String, ObjectNode> decisions;
    private final SecureRandom random = new SecureRandom();

    public DiavgeiaSandboxController(@Value("${syndesmos.sandbox.keep:10000}") int keep,
            DiavgeiaRegisters registers) {
        this.registers = registers;
        this.system = new SandboxSystem(keep);
        this.decisions = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
                return size() > Math.max(1, keep) * 5;
            }
        });
    }

    @PostMapping(path = "/decisions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> publish(@RequestBody byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) throws InterruptedException {
        return store(body, null, key);
    }

    @PostMapping(path = "/decisions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<?> publishMultipart(@RequestPart("metadata") byte[] metadata,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) throws InterruptedException {
        return store(metadata, null, key);
    }

    @PostMapping(path = "/decisions/{ada}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> correct(@PathVariable String ada, @RequestBody byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) throws InterruptedException {
        if (!decisions.containsKey(ada)) {
            return errors(HttpStatus.NOT_FOUND, List.of(error("decision.not.found", "No decision with ADA " + ada)));
        }
        return store(body, ada, key);
    }

    @GetMapping("/decisions/{ada}")
    public ResponseEntity<?> decision(@PathVariable String ada) {
        ObjectNode decision = decisions.get(ada);
        return decision == null ? errors(HttpStatus.NOT_FOUND, List.of(error("decision.not.found",
                "No decision with ADA " + ada))) : ResponseEntity.ok(SandboxModeSupport.shown(List.<JsonNode>of(decision)).get(0));
    }

    /**
     * The portal's search, as far as the hub uses it: {@code GET /search?org=<uid>&protocol=<number>[&page=&size=]},
     * answered in the real shape {@code {decisions: [...], info: {query, page, size, actualSize, total, order}}},
     * newest first. Like the real one it matches the words of the protocol number, not the whole of it.
     */
    @GetMapping("/search")
    public Map<String, Object> search(@RequestParam(required = false) String org,
            @RequestParam(required = false) String protocol, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size) {
        int pageSize = Math.max(1, Math.min(size, 500));
        List<String> words = protocol == null ? List.of()
                : List.of(protocol.toUpperCase(java.util.Locale.ROOT).split("[\\s/]+"));
        List<JsonNode> matching;
        synchronized (decisions) {
            matching = new ArrayList<>(decisions.values());
        }
        java.util.Collections.reverse(matching);
        matching = matching.stream()
                .filter(d -> org == null || org.equals(d.path("organizationId").asText()))
                .filter(d -> {
                    String number = d.path("protocolNumber").asText().toUpperCase(java.util.Locale.ROOT);
                    return words.stream().allMatch(number::contains);
                }).toList();
        List<JsonNode> shown = matching.stream().skip((long) Math.max(0, page) * pageSize).limit(pageSize).toList();
        Map<String, Object> info = new java.util.LinkedHashMap<>();
        info.put("query", (org == null ? "" : "organizationUid:\"" + org + "\"")
                + (protocol == null ? "" : " AND protocolNumber:\"" + protocol + "\""));
        info.put("page", Math.max(0, page));
        info.put("size", pageSize);
        info.put("actualSize", shown.size());
        info.put("total", matching.size());
        info.put("order", "recent");
        return Map.of("decisions", SandboxModeSupport.shown(shown), "info", info);
    }

    /** What the portal received, newest last; personal data masked for anyone but an admin. */
    @GetMapping("/received")
    public List<JsonNode> received() {
        return SandboxModeSupport.shown(system.received());
    }

    @PutMapping("/mode")
    public ResponseEntity<Map<String, String>> mode(@RequestBody(required = false) String mode) {
        return SandboxModeSupport.setMode(system, mode);
    }

    private ResponseEntity<?> store(byte[] body, String correctedAda, String idempotencyKey)
            throws InterruptedException {
        if (!system.behave()) {
            return SandboxModeSupport.unavailable();
        }
        JsonNode metadata;
        try {
            metadata = JSON.readTree(body);
        } catch (IOException e) {
            return errors(HttpStatus.BAD_REQUEST, List.of(error("request.invalid.json", "The metadata is not valid "
                    + "JSON: " + e.getMessage())));
        }
        List<ObjectNode> problems = validate(metadata, correctedAda != null);
        if (!problems.isEmpty()) {
            return errors(HttpStatus.BAD_REQUEST, problems);
        }
        String ada = correctedAda != null ? correctedAda : newAda();
        long now = System.currentTimeMillis();
        ObjectNode decision = ((ObjectNode) metadata).deepCopy();
        decision.remove("publish");
        decision.remove("correctedCopy");
        decision.put("ada", ada);
        decision.put("status", "PUBLISHED");
        decision.put("versionId", UUID.randomUUID().toString());
        if (correctedAda != null) {
            decision.put("correctedVersionId", decisions.get(correctedAda).path("versionId").asText());
        }
        decision.put("submissionTimestamp", now);
        decision.put("publishTimestamp", now);
        decision.put("url", "/sandbox/diavgeia/decisions/" + ada);
        decision.put("documentUrl", (String) null);
        decision.put("privateData", metadata.path("privateData").asBoolean(false));
        decisions.put(ada, decision);

        ObjectNode entry = JSON.createObjectNode();
        entry.put("ada", ada);
        entry.put("correction", correctedAda != null);
        entry.put("idempotencyKey", idempotencyKey);
        entry.set("metadata", metadata);
        system.received(entry);
        if (system.mode() == SandboxSystem.Mode.LOST) {
            return SandboxModeSupport.answerLost();
        }
        return ResponseEntity.ok(decision);
    }

    /** The checks the real portal applies to decision metadata, as its documentation and samples show them. */
    private List<ObjectNode> validate(JsonNode m, boolean correction) {
        List<ObjectNode> problems = new ArrayList<>();
        if (!m.isObject()) {
            problems.add(error("request.invalid", "The metadata must be a JSON object"));
            return problems;
        }
        requireText(m, "subject", problems);
        requireText(m, "protocolNumber", problems);
        if (requireText(m, "issueDate", problems)) {
            try {
                ISSUE_DATE.parse(m.get("issueDate").asText());
            } catch (DateTimeParseException e) {
                problems.add(error("issueDate.invalid", "issueDate must be like 2014-06-20T00:00:00.000Z"));
            }
        }
        if (requireText(m, "decisionTypeId", problems) && !types.isAllowedInDecisions(m.get("decisionTypeId").asText())) {
            problems.add(error("decisionTypeId.invalid", "Unknown decision type " + m.get("decisionTypeId").asText()));
        }
        if (requireText(m, "organizationId", problems)
                && registers.organization(m.get("organizationId").asText()).isEmpty()) {
            problems.add(error("organizationId.invalid", "Unknown organization " + m.get("organizationId").asText()));
        }
        for (String list : List.of("unitIds", "signerIds", "thematicCategoryIds")) {
            JsonNode value = m.get(list);
            if (value == null || !value.isArray() || value.isEmpty()) {
                problems.add(error(list + ".required", list + " must be a non-empty list"));
            } else {
                for (JsonNode id : value) {
                    if (!id.isTextual() || id.asText().isBlank()) {
                        problems.add(error(list + ".invalid", list + " must hold ids as strings"));
                    }
                }
            }
        }
        JsonNode extra = m.get("extraFieldValues");
        if (extra != null && !extra.isNull() && !extra.isObject()) {
            problems.add(error("extraFieldValues.invalid", "extraFieldValues must be an object"));
        }
        if (!correction && (m.get("publish") == null || !m.get("publish").isBoolean())) {
            problems.add(error("publish.required", "publish must be true or false"));
        }
        if (correction && !m.path("correctedCopy").asBoolean(false)) {
            problems.add(error("correctedCopy.required", "A published decision is corrected with correctedCopy: true"));
        }
        return problems;
    }

    private static boolean requireText(JsonNode m, String field, List<ObjectNode> problems) {
        JsonNode value = m.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(error(field + ".required", field + " is required"));
            return false;
        }
        return true;
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("errorCode", code).put("errorMessage", message);
    }

    private static ResponseEntity<?> errors(HttpStatus status, List<ObjectNode> problems) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("errors");
        problems.forEach(list::add);
        return ResponseEntity.status(status).body(body);
    }

    private synchronized String newAda() {
        String ada;
        do {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                if (i == 7) {
                    s.append('-');
                }
                s.append(ADA_ALPHABET.charAt(random.nextInt(ADA_ALPHABET.length())));
            }
            ada = s.toString();
        } while (decisions.containsKey(ada));
        return ada;
    }
}
