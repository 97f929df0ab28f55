package gr.syndesmos.connectors.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Payloads that must be UTF-8 text (JSON from a broker or a gateway): decoded strictly, never with U+FFFD. */
public final class Utf8Payloads {

    private Utf8Payloads() {
    }

    /** The text, or empty when the bytes are not well-formed UTF-8. */
    public static Optional<String> decode(byte[] payload) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
