package gr.syndesmos.hub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.mappings.text.PersonalData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a stand-in shows of what it received, for anyone but an admin: AFMs and AMKAs masked, and the names of
 * persons (signers, beneficiaries, the person beside an AFM) reduced to initials. Organisation and unit names stay.
 */
final class SandboxMasking {

    private SandboxMasking() {
    }

    static JsonNode masked(JsonNode entry) {
        JsonNode copy = entry.deepCopy();
        mask(copy);
        return copy;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean person = false;
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                String key = field.toLowerCase(Locale.ROOT);
                if ((key.contains("afm") || key.contains("amka")) && object.get(field).isTextual()) {
                    object.put(field, PersonalData.maskAfm(object.get(field).asText()));
                    person = true;
                }
            }
            for (String field : fields) {
                String key = field.toLowerCase(Locale.ROOT);
                JsonNode value = object.get(field);
                boolean personName = key.equals("beneficiaryname") || key.equals("fullname")
                        || key.equals("firstname") || key.equals("lastname") || (person && key.equals("name"));
                if (personName && value.isTextual()) {
                    object.put(field, PersonalData.maskName(value.asText()));
                } else if (key.equals("signers") && value instanceof ArrayNode signers) {
                    ArrayNode masked = object.putArray(field);
                    for (JsonNode signer : signers) {
                        if (signer.isTextual() && !signer.asText().matches("[0-9]+")) {
                            masked.add(PersonalData.maskName(signer.asText()));
                        } else {
                            masked.add(signer);
                        }
                    }
                } else {
                    mask(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(SandboxMasking::mask);
        }
    }
}
