package gr.syndesmos.hub.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.hub.configfiles.InvalidConfigurationFileException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callers known by the hash of their API key or by their client certificate, and what each may ask. */
class CertificateCallersTest {

    @TempDir
    Path dir;

    private X509Certificate certificate(String alias) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        // The JDK's own keytool makes a self-signed certificate, as a CA would issue KED's.
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-dname", "CN=" + alias + ", O=Test, C=GR",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) keys.getCertificate(alias);
    }

    private static CertificateCallers read(String yaml) throws Exception {
        return CertificateCallers.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "callers.yml");
    }

    @Test
    void aCallerIsKnownByItsCertificateOrTheHashOfItsKey() throws Exception {
        X509Certificate ked = certificate("ked");
        X509Certificate stranger = certificate("stranger");
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ked.getEncoded()));
        String keyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("sk-kep-key".getBytes(StandardCharsets.UTF_8)));
        CertificateCallers callers = read("""
                callers:
                  ked-govgr:
                    certificate: { subject: "CN=ked", sha256: %s }
                    allowed: { "9318": [getTapCertificate] }
                  kep-rethymno:
                    apiKeySha256: %s
                    allowed: { "9318": [getPermanentResidenceCertificate] }
                """.formatted(fingerprint.toUpperCase(), keyHash));

        assertThat(callers.byCertificate(ked)).map(CertificateCallers.Caller::name).contains("ked-govgr");
        assertThat(callers.byCertificate(stranger)).isEmpty();
        assertThat(callers.byApiKey("sk-kep-key")).map(CertificateCallers.Caller::name).contains("kep-rethymno");
        assertThat(callers.byApiKey("sk-kep-key ")).isEmpty();
        assertThat(callers.byApiKey(keyHash)).as("the stored hash is not itself a key").isEmpty();
        CertificateCallers.Caller kep = callers.byApiKey("sk-kep-key").orElseThrow();
        assertThat(kep.may("9318", "getPermanentResidenceCertificate")).isTrue();
        assertThat(kep.may("9318", "getTapCertificate")).isFalse();
        assertThat(kep.may("9305", "getPermanentResidenceCertificate")).isFalse();
    }

    @Test
    void aCallerWithoutACredentialIsRefusedAtStart() {
        assertThatThrownBy(() -> read("""
                callers:
                  nobody:
                    apiKeySha256: not-a-hash
                    allowed: { "9318": [getTapCertificate] }
                """)).isInstanceOf(InvalidConfigurationFileException.class)
                .hasMessageContaining("callers.yml:2: caller nobody");
    }
}
