package gr.syndesmos.hub.municipality;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flows this hub runs, and what a municipality file may ask of each. A new flow (a new record type) is Java:
 * its schema, its route class and its entry here. A new municipality or legacy system is not.
 */
public final class HubFlows {

    /**
     * @param needsMapping whether records are translated by a {@code mapping.yml} (legacy formats differ per
     *     municipality) rather than by the flow's own code (one shared wire format)
     * @param accepts what its source connectors may produce: {@code file} and/or {@code rows}
     * @param writesBack whether it carries answers back to the municipality's system
     */
    public record Definition(String name, Set<String> destinations, boolean needsMapping, Set<String> accepts,
            boolean writesBack) {

        public boolean accepts(String produces) {
            return accepts.contains(produces);
        }
    }

    public static final String COUNCIL_DECISIONS = "council-decisions";
    public static final String SENSOR_READINGS = "sensor-readings";

    private static final Map<String, Definition> FLOWS = Map.of(
            COUNCIL_DECISIONS, new Definition(COUNCIL_DECISIONS, Set.of("diavgeia", "regional"), true,
                    Set.of("file", "rows"), true),
            SENSOR_READINGS, new Definition(SENSOR_READINGS, Set.of("regional"), false, Set.of("rows"), false));

    private HubFlows() {
    }

    public static Optional<Definition> find(String name) {
        return Optional.ofNullable(FLOWS.get(name));
    }

    public static List<String> names() {
        return FLOWS.keySet().stream().sorted().toList();
    }
}
