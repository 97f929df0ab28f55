package gr.syndesmos.hub.certificates;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * {@code caller-key}: makes a new API key for a caller of the certificate endpoint and prints it once, with the
 * SHA-256 the callers file keeps instead ({@code apiKeySha256}). The key goes to the caller; the hub never stores it.
 */
public final class CallerKeyCommand {

    public static final String NAME = "caller-key";

    private CallerKeyCommand() {
    }

    public static int run(PrintStream out) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String key = "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        out.println("key (give it to the caller, once; it is not kept): " + key);
        out.println("apiKeySha256 (for the callers file): "
                + HexFormat.of().formatHex(CertificateCallers.sha256(key.getBytes(StandardCharsets.UTF_8))));
        return 0;
    }
}
