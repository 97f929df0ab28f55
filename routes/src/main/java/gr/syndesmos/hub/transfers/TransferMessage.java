package gr.syndesmos.hub.transfers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One message of a residence transfer in the hub's canonical form: on the broker, in the journal, and what each
 * registry's connector reads and writes. {@code sentAt} is set by the hub when it journals the message.
 */
@JsonPropertyOrder({"exchangeId", "type", "origin", "destination", "person", "registration", "reason", "actDate",
    "sentAt"})
public record TransferMessage(String exchangeId, Type type, String origin, String destination, Person person,
        Registration registration, String reason, LocalDate actDate, Instant sentAt) {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Which party of an exchange sends a type. */
    public enum Side { ORIGIN, DESTINATION, HUB }

    /** The message types, with who sends each. */
    public enum Type {
        TRANSFER_REQUESTED(Side.DESTINATION),
        TRANSFER_CONFIRMED(Side.ORIGIN),
        TRANSFER_REFUSED(Side.ORIGIN),
        TRANSFER_REGISTERED(Side.DESTINATION),
        TRANSFER_RELEASED(Side.ORIGIN),
        TRANSFER_COMPLETED(Side.DESTINATION),
        TRANSFER_WITHDRAWN(Side.DESTINATION),
        TRANSFER_CANCELLED(Side.ORIGIN),
        TRANSFER_REJECTED(Side.HUB);

        private final Side sender;

        Type(Side sender) {
            this.sender = sender;
        }

        public Side sender() {
            return sender;
        }
    }

    /** The person, as the sender wrote them (NFC, never transliterated or re-cased). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Person(String amka, String afm, String surname, String givenName, String fatherName,
            String motherName, LocalDate birthDate) {
    }

    /** A registration: the municipality, its community and the family share. */
    public record Registration(String municipalityCode, String communityCode, String shareNumber) {
    }

    public static TransferMessage parse(String json) {
        try {
            return JSON.readValue(json, TransferMessage.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a transfer message: " + e.getMessage(), e);
        }
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What two messages are compared on to tell a repeat: everything but the hub's time. */
    public String content() {
        return withSentAt(null).json();
    }

    public TransferMessage withSentAt(Instant at) {
        return new TransferMessage(exchangeId, type, origin, destination, person, registration, reason, actDate, at);
    }

    /** A message the hub itself sends about an exchange. */
    public static TransferMessage of(String exchangeId, Type type, String origin, String destination,
            String reason) {
        return new TransferMessage(exchangeId, type, origin, destination, null, null, reason, null, null);
    }

    /** The code of the municipality that opened the exchange (B), from the exchange id. */
    public String exchangeOwner() {
        return exchangeId == null || exchangeId.indexOf(':') != 4 ? null : exchangeId.substring(0, 4);
    }
}
