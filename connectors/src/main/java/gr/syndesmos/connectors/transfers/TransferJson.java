package gr.syndesmos.connectors.transfers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;

/** Builds and reads the canonical transfer message (the hub's JSON) on a connector's side. */
final class TransferJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private TransferJson() {
    }

    static ObjectNode message(String exchangeId, String type, String origin, String destination) {
        ObjectNode m = JSON.createObjectNode();
        m.put("exchangeId", exchangeId);
        m.put("type", type);
        m.put("origin", origin);
        m.put("destination", destination);
        return m;
    }

    /** Whether this type carries the person and the registration. */
    static boolean carriesPerson(String type) {
        return "TRANSFER_REQUESTED".equals(type) || "TRANSFER_CONFIRMED".equals(type);
    }

    /** The registration's municipality: the sender's, the destination for a request, the origin for a confirmation. */
    static String registrationMunicipality(String type, String origin, String destination) {
        return "TRANSFER_REQUESTED".equals(type) ? destination : origin;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static LocalDate date(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : LocalDate.parse(text);
    }
}
