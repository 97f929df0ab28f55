package gr.syndesmos.hub.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * One entry of the evidence log.
 *
 * @param chain the municipality whose chain it is on ({@link #NO_MUNICIPALITY} for none)
 * @param seq its place in the chain, from 1 without gaps
 * @param parties who spoke to whom, e.g. {@code ked-govgr → 9318}
 * @param exchangeId what ties entries of one exchange together: a request id, a record id and version
 * @param digest SHA-256 of the message, never the message
 * @param previousHash the hash of the entry before (64 zeros for the first)
 * @param entryHash SHA-256 of all of the above
 */
public record EvidenceEntry(String chain, long seq, Instant recordedAt, String kind, String parties,
        String exchangeId, String digest, String outcome, String previousHash, String entryHash) {

    public static final String NO_MUNICIPALITY = "-";
    public static final String GENESIS = "0".repeat(64);

    /** The hash of an entry: SHA-256 over its fields, each on its own line, in this order. */
    public static String hash(String chain, long seq, Instant recordedAt, String kind, String parties,
            String exchangeId, String digest, String outcome, String previousHash) {
        String text = String.join("\n", chain, Long.toString(seq), recordedAt.truncatedTo(ChronoUnit.MILLIS)
                .toString(), kind, parties, exchangeId == null ? "" : exchangeId, digest, outcome, previousHash);
        return sha256(text);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash this entry's fields give now: differs from {@link #entryHash} when it was altered. */
    public String recomputedHash() {
        return hash(chain, seq, recordedAt, kind, parties, exchangeId, digest, outcome, previousHash);
    }
}
