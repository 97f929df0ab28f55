package gr.syndesmos.mappings.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gr.syndesmos.mappings.text.GreekText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Diavgeia decision types ({@code classpath:mappings/common/diavgeia-decision-types.json}, the OpenData API's
 * {@code GET /types}). Labels are matched by their Greek match key and only among types allowed in decisions: a
 * parent group ({@code 2.4.7}) may share its label with its one allowed child ({@code 2.4.7.1}).
 */
public final class DiavgeiaTypes {

    static final String LOCATION = "mappings/common/diavgeia-decision-types.json";
    private static volatile DiavgeiaTypes instance;

    private final Map<String, String> labels;
    private final Set<String> allowed;
    /** Match key of an allowed type's label → uid; null value when two allowed types share a key (ambiguous). */
    private final Map<String, String> byKey;

    private DiavgeiaTypes(Map<String, String> labels, Set<String> allowed, Map<String, String> byKey) {
        this.labels = labels;
        this.allowed = allowed;
        this.byKey = byKey;
    }

    /** The types shipped with the mappings, read once. */
    public static DiavgeiaTypes load() {
        DiavgeiaTypes types = instance;
        if (types == null) {
            synchronized (DiavgeiaTypes.class) {
                if (instance == null) {
                    instance = read();
                }
                types = instance;
            }
        }
        return types;
    }

    private static DiavgeiaTypes read() {
        try (InputStream in = DiavgeiaTypes.class.getClassLoader().getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new IllegalStateException("classpath:" + LOCATION + " is missing");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, String> labels = new HashMap<>();
            Set<String> allowed = new HashSet<>();
            Map<String, String> byKey = new HashMap<>();
            for (JsonNode type : root.path("decisionTypes")) {
                String uid = type.path("uid").asText();
                String label = type.path("label").asText();
                labels.put(uid, label);
                if (type.path("allowedInDecisions").asBoolean(false)) {
                    allowed.add(uid);
                    String key = GreekText.matchKey(label);
                    byKey.put(key, byKey.containsKey(key) ? null : uid);
                }
            }
            if (labels.isEmpty()) {
                throw new IllegalStateException("classpath:" + LOCATION + " holds no decisionTypes");
            }
            return new DiavgeiaTypes(Map.copyOf(labels), Set.copyOf(allowed), new HashMap<>(byKey));
        } catch (IOException e) {
            throw new UncheckedIOException("classpath:" + LOCATION + " cannot be read", e);
        }
    }

    /** The uid of the allowed type whose label has the same match key, e.g. {@code Ανάληψη  υποχρέωσης} → Β.1.3. */
    public Optional<String> uidForLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKey.get(GreekText.matchKey(label)));
    }

    public boolean isAllowedInDecisions(String uid) {
        return allowed.contains(uid);
    }

    /** The label as Diavgeia writes it, or null for an unknown uid. */
    public String label(String uid) {
        return labels.get(uid);
    }
}
