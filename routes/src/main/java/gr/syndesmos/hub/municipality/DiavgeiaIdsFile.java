package gr.syndesmos.hub.municipality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gr.syndesmos.hub.registers.DiavgeiaRegisters;
import gr.syndesmos.mappings.text.GreekText;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * A municipality's {@code diavgeia.yml} written from its organisation's own registers on Diavgeia
 * ({@code GET /organizations/{uid}/units} and {@code /signers}): every unit and signer under its name in the
 * register, which the hub matches to a decision's names by the accent-free key. The legacy system's names that no
 * register entry answers to are written as commented entries with their closest candidates, and listed for the
 * integrator; a name shared by two entries is never guessed. Entries an integrator mapped by hand survive a refresh
 * as long as their ids are still in the register.
 */
final class DiavgeiaIdsFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();
    private static final int CANDIDATES = 3;

    /** One entry of a register: its uid and its name (a unit's label, a signer's first and last name). */
    record Entry(String uid, String name) {
    }

    /** An organisation's units and signers, and where they were read. */
    record Register(List<Entry> units, List<Entry> signers, String source, boolean madeUp) {
    }

    private DiavgeiaIdsFile() {
    }

    /**
     * Reads an organisation's register: over HTTP from {@code diavgeiaUrl} (the real portal's OpenData API, or a
     * hub's stand-in), or, without a URL, from the stand-in registers this hub ships.
     */
    static Register read(String diavgeiaUrl, String organizationUid) throws IOException, InterruptedException {
        if (diavgeiaUrl == null || diavgeiaUrl.isBlank()) {
            DiavgeiaRegisters standIn = DiavgeiaRegisters.load();
            DiavgeiaRegisters.Answer units = standIn.units(organizationUid).orElseThrow(() ->
                    new IOException("organisation " + organizationUid + " is not in Diavgeia's list"));
            DiavgeiaRegisters.Answer signers = standIn.signers(organizationUid).orElseThrow();
            return new Register(units(units.body()), signers(signers.body()), "the Diavgeia stand-in's registers "
                    + "(SYNDESMOS_DIAVGEIA_URL is not set)", units.generated());
        }
        String base = diavgeiaUrl.replaceAll("/+$", "") + "/organizations/" + organizationUid;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        JsonNode units = get(http, base + "/units");
        JsonNode signers = get(http, base + "/signers");
        return new Register(units(units), signers(signers), diavgeiaUrl,
                "generated".equals(units.path("standIn").asText()));
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (answer.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + answer.statusCode());
        }
        return JSON.readTree(answer.body());
    }

    private static List<Entry> units(JsonNode answer) {
        List<Entry> units = new ArrayList<>();
        answer.path("units").forEach(u -> {
            if (u.path("active").asBoolean(true)) {
                units.add(new Entry(u.path("uid").asText(), u.path("label").asText().strip()));
            }
        });
        return units;
    }

    private static List<Entry> signers(JsonNode answer) {
        List<Entry> signers = new ArrayList<>();
        answer.path("signers").forEach(s -> {
            boolean current = s.path("activeUntil").isNull() || s.path("activeUntil").isMissingNode();
            if (s.path("active").asBoolean(true) && current) {
                signers.add(new Entry(s.path("uid").asText(), (s.path("firstName").asText() + " "
                        + s.path("lastName").asText()).strip()));
            }
        });
        return signers;
    }

    /** What writing the file found: names of the legacy system no entry answers to, names shared by entries. */
    record Outcome(List<String> problems) {
    }

    /**
     * Writes {@code file} from the register: {@code legacyUnits} and {@code legacySigners} are the names the
     * legacy system is known to write (from the municipality it is like, or the file being refreshed); the hand
     * mappings of an existing file are kept when their ids are still in the register.
     */
    static Outcome write(Path file, String code, String organizationLabel, String organizationUid,
            List<String> thematicCategories, Register register, List<String> legacyUnits,
            List<String> legacySigners, String refreshCommand) throws IOException {
        Map<String, String> handUnits = Map.of();
        Map<String, String> handSigners = Map.of();
        if (Files.exists(file)) {
            JsonNode existing = YAML.readTree(file.toFile());
            handUnits = byHand(existing.path("units"), register.units());
            handSigners = byHand(existing.path("signers"), register.signers());
        }
        List<String> problems = new ArrayList<>();
        StringBuilder y = new StringBuilder();
        y.append("# Diavgeia ids for the council decisions of municipality ").append(code).append(" (")
                .append(organizationLabel).append(").\n");
        y.append("# Read on ").append(LocalDate.now()).append(" from ").append(register.source())
                .append(": /organizations/").append(organizationUid).append("/units and /signers")
                .append(register.madeUp() ? " (made up by the stand-in: not the portal's)" : "").append(".\n");
        y.append("# Every unit and signer of the organisation under its name in the register; a decision's names are\n");
        y.append("# matched by their Greek match key (accents, case and spacing do not matter). Names the legacy\n");
        y.append("# system writes that the register does not know are at the end of each list, commented, with the\n");
        y.append("# closest entries: map one by hand by uncommenting it and giving the uid.\n");
        y.append("# Refresh from the register (hand mappings are kept): ").append(refreshCommand).append('\n');
        y.append("organizationId: \"").append(organizationUid).append("\"\n");
        y.append("thematicCategoryIds: [").append(thematicCategories.stream().map(c -> "\"" + c + "\"")
                .collect(Collectors.joining(", "))).append("]\n");
        y.append("units:");
        section(y, "unit", register.units(), handUnits, legacyUnits, problems);
        y.append("signers:");
        section(y, "signer", register.signers(), handSigners, legacySigners, problems);
        Files.createDirectories(file.getParent());
        Files.writeString(file, y.toString(), StandardCharsets.UTF_8);
        return new Outcome(problems);
    }

    /** Writes a list's entries after its key ({@code units:}); {@code {}} when no name has an id. */
    private static void section(StringBuilder list, String what, List<Entry> entries, Map<String, String> byHand,
            List<String> legacyNames, List<String> problems) {
        StringBuilder y = new StringBuilder();
        Map<String, List<Entry>> byKey = new LinkedHashMap<>();
        entries.forEach(e -> byKey.computeIfAbsent(GreekText.matchKey(e.name()), k -> new ArrayList<>()).add(e));
        byKey.values().stream().filter(same -> same.size() == 1).map(same -> same.get(0))
                .sorted(Comparator.comparing(Entry::name))
                .forEach(e -> y.append("  ").append(quoted(e.name())).append(": \"").append(e.uid()).append("\"\n"));
        Set<String> handKeys = byHand.keySet().stream().map(GreekText::matchKey).collect(Collectors.toSet());
        if (!byHand.isEmpty()) {
            y.append("  # Mapped by hand:\n");
            byHand.forEach((name, uid) -> y.append("  ").append(quoted(name)).append(": \"").append(uid)
                    .append("\"\n"));
        }
        for (Map.Entry<String, List<Entry>> same : byKey.entrySet()) {
            if (same.getValue().size() > 1) {
                String listed = same.getValue().stream().map(e -> e.name() + " (" + e.uid() + ")")
                        .collect(Collectors.joining(", "));
                problems.add("two " + what + "s of the register share the name " + same.getValue().get(0).name()
                        + ": " + listed + "; neither is used until one is mapped by hand");
                y.append("  # Two ").append(what).append("s share this name; map the right one by hand: ")
                        .append(listed).append('\n');
                y.append("  # ").append(quoted(same.getValue().get(0).name())).append(": \"\"\n");
            }
        }
        for (String legacy : legacyNames) {
            String key = GreekText.matchKey(legacy);
            if (byKey.containsKey(key) || handKeys.contains(key)) {
                continue;
            }
            List<Entry> closest = entries.stream()
                    .sorted(Comparator.comparingInt((Entry e) -> DISTANCE.apply(key, GreekText.matchKey(e.name())))
                            .thenComparing(Entry::name))
                    .limit(CANDIDATES).toList();
            String candidates = closest.isEmpty() ? "the register has none"
                    : closest.stream().map(e -> e.name() + " (" + e.uid() + ")").collect(Collectors.joining(", "));
            problems.add(what + " \"" + legacy + "\" is not in the register; closest: " + candidates);
            y.append("  # Not in the register; closest: ").append(candidates).append('\n');
            y.append("  # ").append(quoted(legacy)).append(": \"\"\n");
        }
        boolean anyId = byHand.size() + byKey.values().stream().filter(same -> same.size() == 1).count() > 0;
        list.append(anyId ? "\n" : " {}\n").append(y);
    }

    /** Entries of an existing file whose names are not the register's but whose ids are: mapped by hand. */
    private static Map<String, String> byHand(JsonNode written, List<Entry> register) {
        Set<String> registerKeys = register.stream().map(e -> GreekText.matchKey(e.name()))
                .collect(Collectors.toSet());
        Set<String> registerIds = register.stream().map(Entry::uid).collect(Collectors.toSet());
        Map<String, String> kept = new LinkedHashMap<>();
        written.fields().forEachRemaining(e -> {
            if (!registerKeys.contains(GreekText.matchKey(e.getKey())) && registerIds.contains(e.getValue().asText())) {
                kept.put(e.getKey(), e.getValue().asText());
            }
        });
        return kept;
    }

    /**
     * The names a diavgeia.yml maps under {@code units} or {@code signers}: its keys, and the names of its commented
     * entries (those this class wrote for the integrator to map).
     */
    static List<String> names(String diavgeiaYml, String list) throws IOException {
        List<String> names = new ArrayList<>();
        YAML.readTree(diavgeiaYml).path(list).fieldNames().forEachRemaining(names::add);
        boolean inList = false;
        for (String line : diavgeiaYml.split("\\R")) {
            if (!line.startsWith(" ") && !line.startsWith("#")) {
                inList = line.startsWith(list + ":");
                continue;
            }
            java.util.regex.Matcher commented = COMMENTED_ENTRY.matcher(line);
            if (inList && commented.matches() && !names.contains(commented.group(1))) {
                names.add(commented.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return names;
    }

    private static final java.util.regex.Pattern COMMENTED_ENTRY =
            java.util.regex.Pattern.compile("  # \"((?:[^\"\\\\]|\\\\.)*)\": \"\"");

    static void report(Outcome outcome, PrintStream out) {
        if (outcome.problems().isEmpty()) {
            return;
        }
        out.println("To map by hand (written into the file as commented entries):");
        outcome.problems().forEach(p -> out.println("  - " + p));
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
