package gr.syndesmos.mappings.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A legacy code list kept as data beside mapping.yml: a UTF-8 CSV with header {@code code,target[,meaning]}. Codes are
 * compared exactly (after trimming): they are identifiers of the legacy system, not prose.
 */
final class CodeList {

    private final Map<String, String> targets;

    private CodeList(Map<String, String> targets) {
        this.targets = targets;
    }

    static CodeList load(InputStream in, String location) throws IOException {
        Map<String, String> targets = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !header.startsWith("code,target")) {
                throw new IllegalArgumentException(location + ": the header must start with 'code,target'");
            }
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(",", 3);
                if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new IllegalArgumentException(location + " line " + lineNumber + ": expected code,target");
                }
                if (targets.put(parts[0].strip(), parts[1].strip()) != null) {
                    throw new IllegalArgumentException(location + " line " + lineNumber + ": duplicate code "
                            + parts[0].strip());
                }
            }
        }
        return new CodeList(Map.copyOf(targets));
    }

    String target(String code) {
        return targets.get(code);
    }

    Iterable<String> allTargets() {
        return targets.values();
    }
}
