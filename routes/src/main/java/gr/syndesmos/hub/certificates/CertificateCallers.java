package gr.syndesmos.hub.certificates;

import gr.syndesmos.hub.configfiles.InvalidConfigurationFileException;
import gr.syndesmos.hub.configfiles.LocatedYaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The systems allowed to ask for certificates, each identified by one credential and allowed, per municipality, some
 * operations. The caller comes from the credential only: what the body's {@code auditRecord} says about the unit or
 * person asking is recorded, never trusted.
 *
 * <p>An API key is kept as its SHA-256 and compared as such in constant time. A key is a long random string (not a
 * password a person chose), so a fast hash is enough and each call costs no bcrypt. A client certificate (KED in
 * production) is known by the SHA-256 fingerprint of its encoded form, as the TLS connection presented it.
 */
public final class CertificateCallers {

    /** One registered caller. */
    public record Caller(String name, String description, byte[] apiKeySha256, byte[] certificateSha256,
            Map<String, Set<String>> allowed) {

        public boolean may(String municipality, String operation) {
            return allowed.getOrDefault(municipality, Set.of()).contains(operation);
        }
    }

    /** The callers file as written. */
    record CallersFile(Map<String, CallerEntry> callers) {
    }

    record CallerEntry(String description, String apiKeySha256, CertificateEntry certificate,
            Map<String, List<String>> allowed) {
    }

    record CertificateEntry(String subject, String sha256) {
    }

    private final List<Caller> callers;
    private final String source;

    private CertificateCallers(List<Caller> callers, String source) {
        this.callers = List.copyOf(callers);
        this.source = source;
    }

    public static CertificateCallers none() {
        return new CertificateCallers(List.of(), "no callers file");
    }

    public static CertificateCallers read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static CertificateCallers read(InputStream in, String source) throws IOException {
        LocatedYaml yaml;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            yaml = LocatedYaml.read(reader);
        }
        List<String> problems = new ArrayList<>();
        CallersFile file = yaml.bind(CallersFile.class, source, problems);
        List<Caller> callers = new ArrayList<>();
        if (file != null && file.callers() != null) {
            file.callers().forEach((name, entry) -> {
                String at = source + ":" + yaml.line("callers." + name) + ": caller " + name + ": ";
                if (entry == null) {
                    problems.add(at + "empty");
                    return;
                }
                byte[] key = hex(entry.apiKeySha256());
                byte[] certificate = entry.certificate() == null ? null : hex(entry.certificate().sha256());
                if (key == null && certificate == null) {
                    problems.add(at + "give apiKeySha256 (64 hex digits, the SHA-256 of its key) or certificate."
                            + "sha256 (its client certificate's fingerprint)");
                }
                Map<String, Set<String>> allowed = new LinkedHashMap<>();
                if (entry.allowed() != null) {
                    entry.allowed().forEach((code, operations) -> allowed.put(code,
                            Set.copyOf(operations == null ? List.of() : operations)));
                }
                callers.add(new Caller(name, entry.description(), key, certificate, Map.copyOf(allowed)));
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationFileException("The callers file", problems);
        }
        return new CertificateCallers(callers, source);
    }

    private static byte[] hex(String text) {
        if (text == null || !text.matches("[0-9a-fA-F]{64}")) {
            return null;
        }
        return HexFormat.of().parseHex(text.toLowerCase(java.util.Locale.ROOT));
    }

    /** The caller whose API key this is. */
    public Optional<Caller> byApiKey(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 256) {
            return Optional.empty();
        }
        byte[] digest = sha256(apiKey.getBytes(StandardCharsets.UTF_8));
        Caller found = null;
        // Every caller is compared, each in constant time: the answer's time says nothing about which key was near.
        for (Caller caller : callers) {
            if (caller.apiKeySha256() != null && MessageDigest.isEqual(caller.apiKeySha256(), digest)) {
                found = caller;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The caller whose client certificate the TLS connection presented. */
    public Optional<Caller> byCertificate(X509Certificate certificate) {
        if (certificate == null) {
            return Optional.empty();
        }
        byte[] fingerprint;
        try {
            fingerprint = sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
        return callers.stream().filter(c -> c.certificateSha256() != null
                && MessageDigest.isEqual(c.certificateSha256(), fingerprint)).findFirst();
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Caller> all() {
        return callers;
    }

    public String source() {
        return source;
    }
}
