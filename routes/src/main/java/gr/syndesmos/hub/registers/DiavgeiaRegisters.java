package gr.syndesmos.hub.registers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import gr.syndesmos.schemas.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The registers the Diavgeia stand-in answers from, in the real OpenData API's shapes: every organisation of the
 * official list, the decision types, the dictionaries, and for each organisation its units, signers and positions.
 * Only the recorded ones are real (ΔΗΜΟΣ ΛΗΜΝΟΥ's); every other organisation gets a stable, made-up register
 * (same ids on every start, from {@code sandbox/diavgeia/generated-registers.yml}), marked {@code "standIn":
 * "generated"}. See {@code sandbox/diavgeia/README.md} for the sources.
 */
public final class DiavgeiaRegisters {

    private static final ObjectMapper JSON = CanonicalJson.mapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String BASE = "/sandbox/diavgeia/";
    /** Recorded units and signers start on this day (epoch ms), as Kallikratis organisations do. */
    private static final long KALLIKRATIS = 1262304000000L;

    private final Map<String, ObjectNode> organizations = new LinkedHashMap<>();
    private final JsonNode generation;
    private final JsonNode positions;
    private final JsonNode types;
    private final JsonNode dictionaries;

    private DiavgeiaRegisters() {
        for (JsonNode organization : read("/registers/diavgeia-organizations.json").path("organizations")) {
            organizations.put(organization.path("uid").asText(), (ObjectNode) organization);
        }
        try (InputStream in = resource(BASE + "generated-registers.yml")) {
            generation = YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        positions = read(BASE + "positions.json");
        types = read(BASE + "types.json");
        dictionaries = read(BASE + "dictionaries.json");
    }

    public static DiavgeiaRegisters load() {
        return new DiavgeiaRegisters();
    }

    /** A register's answer: the body, and whether it was made up by the stand-in. */
    public record Answer(JsonNode body, boolean generated) {
    }

    public Optional<JsonNode> organization(String uid) {
        return Optional.ofNullable(organizations.get(uid));
    }

    /** Every organisation, as {@code GET /organizations} answers. */
    public JsonNode organizations() {
        ObjectNode all = JSON.createObjectNode();
        all.putArray("organizations").addAll(organizations.values());
        return all;
    }

    public Optional<Answer> units(String uid) {
        return organization(uid).map(organization -> recorded(uid, "units")
                .orElseGet(() -> new Answer(generatedUnits(organization), true)));
    }

    public Optional<Answer> signers(String uid) {
        return organization(uid).map(organization -> recorded(uid, "signers")
                .orElseGet(() -> new Answer(generatedSigners(organization), true)));
    }

    /** The positions a signer may hold (one list for every organisation, as recorded). */
    public Optional<JsonNode> positions(String uid) {
        return organization(uid).map(organization -> positions);
    }

    public JsonNode types() {
        return types;
    }

    public JsonNode dictionaries() {
        return dictionaries;
    }

    public Optional<JsonNode> dictionary(String name) {
        if (!name.matches("[A-Z_]{1,40}")) {
            return Optional.empty();
        }
        try (InputStream in = DiavgeiaRegisters.class.getResourceAsStream(BASE + "dictionaries/" + name + ".json")) {
            return in == null ? Optional.empty() : Optional.of(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Answer> recorded(String uid, String register) {
        try (InputStream in = DiavgeiaRegisters.class.getResourceAsStream(BASE + uid + "/" + register + ".json")) {
            return in == null ? Optional.empty() : Optional.of(new Answer(JSON.readTree(in), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode generatedUnits(JsonNode organization) {
        String uid = organization.path("uid").asText();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode units = answer.putArray("units");
        List<String> labels = unitLabels(organization);
        for (int i = 0; i < labels.size(); i++) {
            ObjectNode unit = units.addObject();
            unit.put("uid", unitUid(uid, i));
            unit.put("label", labels.get(i));
            unit.putNull("abbreviation");
            unit.put("category", "UNIT");
            unit.putArray("unitDomains");
            unit.put("active", true);
            unit.put("activeFrom", KALLIKRATIS);
            unit.putNull("activeUntil");
            unit.put("parentId", uid);
        }
        answer.put("standIn", "generated");
        return answer;
    }

    private JsonNode generatedSigners(JsonNode organization) {
        String uid = organization.path("uid").asText();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode signers = answer.putArray("signers");
        List<String[]> people = people(uid);
        int units = unitLabels(organization).size();
        for (int i = 0; i < people.size(); i++) {
            String[] person = people.get(i);
            ObjectNode signer = signers.addObject();
            signer.put("uid", String.valueOf(100_000_000L + numeric(uid) * 100 + i + 1));
            signer.put("firstName", person[0]);
            signer.put("lastName", person[1]);
            signer.put("active", true);
            signer.put("activeFrom", KALLIKRATIS);
            signer.putNull("activeUntil");
            signer.put("organizationId", uid);
            boolean head = "POS_10091".equals(person[2]);
            signer.put("hasOrganizationSignRights", head);
            ObjectNode unit = signer.putArray("units").addObject();
            // The head of the organisation signs for it; the others for a unit of theirs.
            unit.put("uid", head ? uid : unitUid(uid, i % Math.max(1, units)));
            unit.put("positionId", person[2]);
            unit.put("positionLabel", positionLabel(person[2]));
        }
        answer.put("standIn", "generated");
        return answer;
    }

    private List<String> unitLabels(JsonNode organization) {
        JsonNode labels = generation.path("units").path(organization.path("category").asText());
        if (labels.isMissingNode()) {
            labels = generation.path("units").path("LOCAL_AUTHORITY");
        }
        return JSON.convertValue(labels, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    /** The shipped sample municipalities' people; for everyone else four drawn by the organisation's uid. */
    private List<String[]> people(String uid) {
        JsonNode known = generation.path("signers").path(uid);
        if (!known.isMissingNode()) {
            return JSON.convertValue(known, JSON.getTypeFactory().constructCollectionType(List.class,
                    String[].class));
        }
        JsonNode names = generation.path("names");
        JsonNode positionsToHold = names.path("positions");
        List<String[]> drawn = new java.util.ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (int i = 0; i < positionsToHold.size(); i++) {
            String[] person;
            int attempt = 0;
            do {
                // Drawn again while the name is taken: two people of one register never share a name here.
                long draw = draw(uid + "/" + i + (attempt++ == 0 ? "" : "/" + attempt));
                boolean woman = (draw & 1) == 1;
                JsonNode first = names.path(woman ? "women" : "men");
                JsonNode last = names.path(woman ? "womenSurnames" : "menSurnames");
                person = new String[] {first.get((int) ((draw >>> 1) % first.size())).asText(),
                    last.get((int) ((draw >>> 8) % last.size())).asText(), positionsToHold.get(i).asText()};
            } while (!taken.add(person[0] + " " + person[1]));
            drawn.add(person);
        }
        return drawn;
    }

    private String positionLabel(String positionUid) {
        for (JsonNode position : positions.path("positions")) {
            if (position.path("uid").asText().equals(positionUid)) {
                return position.path("label").asText();
            }
        }
        return null;
    }

    /** A unit's made-up uid: the organisation's uid and the unit's place, e.g. 626301 for Rethymno's first. */
    private static String unitUid(String organizationUid, int index) {
        return String.valueOf(numeric(organizationUid) * 100 + index + 1);
    }

    private static long numeric(String uid) {
        return uid.chars().allMatch(Character::isDigit) && !uid.isEmpty() && uid.length() < 15 ? Long.parseLong(uid)
                : draw(uid) % 1_000_000;
    }

    /** A stable number for a text (the same on every start and machine). */
    private static long draw(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static JsonNode read(String path) {
        try (InputStream in = resource(path)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = DiavgeiaRegisters.class.getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing resource " + path);
        }
        return in;
    }
}
