package gr.syndesmos.hub.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field rules of a certificate request, one by one, and what a repeat is compared on. */
class CertificateRequestCheckTest {

    private static final Instant HUB_CLOCK = Instant.parse("2026-11-23T07:30:00Z");

    private static ObjectNode tapBody() {
        ObjectNode body = KedBodies.JSON.createObjectNode();
        ObjectNode audit = body.putObject("auditRecord");
        audit.put("auditTransactionId", "ked-20261123-000001");
        audit.put("auditTransactionDate", "2026-11-23T07:11:01Z");
        audit.put("auditUnit", "Ηλεκτρονικός Φάκελος Ακινήτου (akinita.gov.gr)");
        audit.put("auditProtocol", "4101/2026-11-23");
        audit.put("auditUserId", "notary-0301");
        audit.put("auditUserIp", "10.80.2.21");
        body.putObject("getTapCertificateInputRecord").put("afm", "019282951").put("supplyNumber",
                "7 12044381-02 6");
        return body;
    }

    private static CertificateRequestCheck.Result check(CertificateCall.Operation operation, String body) {
        return CertificateRequestCheck.check("ked-govgr", "9318", operation, body.getBytes(StandardCharsets.UTF_8),
                HUB_CLOCK);
    }

    private static List<String> errors(CertificateCall.Operation operation, ObjectNode body) {
        return check(operation, body.toString()).fieldErrors().stream().map(e -> e.field() + " " + e.code())
                .toList();
    }

    @Test
    void aValidRequestIsNormalised() {
        CertificateCall call = check(CertificateCall.Operation.TAP, tapBody().toString()).call();
        assertThat(call.supplyNumber()).as("the printed form cut to 9 digits").isEqualTo("712044381");
        assertThat(call.afm()).isEqualTo("019282951");
        assertThat(call.transactionId()).isEqualTo("ked-20261123-000001");
    }

    @Test
    void theSameRequestWrittenOtherwiseHasTheSameFingerprint() {
        ObjectNode printed = tapBody();
        ObjectNode plain = tapBody();
        ((ObjectNode) plain.get("getTapCertificateInputRecord")).put("supplyNumber", "712044381");
        ((ObjectNode) plain.get("auditRecord")).put("auditUserIp", "10.80.2.99");
        assertThat(check(CertificateCall.Operation.TAP, plain.toString()).call().fingerprint())
                .isEqualTo(check(CertificateCall.Operation.TAP, printed.toString()).call().fingerprint());
        ObjectNode other = tapBody();
        ((ObjectNode) other.get("getTapCertificateInputRecord")).put("supplyNumber", "712097560");
        assertThat(check(CertificateCall.Operation.TAP, other.toString()).call().fingerprint())
                .isNotEqualTo(check(CertificateCall.Operation.TAP, printed.toString()).call().fingerprint());
    }

    @Test
    void everyFailingFieldOnceSortedByPath() {
        ObjectNode body = tapBody();
        ObjectNode audit = (ObjectNode) body.get("auditRecord");
        audit.put("auditUserIp", "not-an-ip");
        audit.put("auditTransactionDate", "2026-11-21T07:00:00Z");
        audit.put("auditTransactionId", "id with spaces");
        audit.remove("auditUnit");
        ((ObjectNode) body.get("getTapCertificateInputRecord")).put("afm", "000000000").put("supplyNumber", "12-34");
        assertThat(errors(CertificateCall.Operation.TAP, body)).containsExactly(
                "auditRecord.auditTransactionDate OUT_OF_RANGE",
                "auditRecord.auditTransactionId INVALID_FORMAT",
                "auditRecord.auditUnit REQUIRED",
                "auditRecord.auditUserIp INVALID_FORMAT",
                "getTapCertificateInputRecord.afm INVALID_FORMAT",
                "getTapCertificateInputRecord.supplyNumber INVALID_FORMAT");
    }

    @Test
    void residenceYearsAndAmka() {
        ObjectNode body = tapBody();
        body.remove("getTapCertificateInputRecord");
        ObjectNode input = body.putObject("getPermanentResidenceCertificateInputRecord");
        input.put("amka", "22056790870");
        input.putArray("years").add(2025).add(2024);
        CertificateCall call = check(CertificateCall.Operation.RESIDENCE, body.toString()).call();
        assertThat(call.years()).as("sorted").containsExactly(2024, 2025);

        input.putArray("years").add(2027);
        assertThat(errors(CertificateCall.Operation.RESIDENCE, body)).containsExactly(
                "getPermanentResidenceCertificateInputRecord.years OUT_OF_RANGE");
        input.putArray("years").add(2020).add(2021).add(2022).add(2023).add(2024).add(2025);
        assertThat(errors(CertificateCall.Operation.RESIDENCE, body)).containsExactly(
                "getPermanentResidenceCertificateInputRecord.years OUT_OF_RANGE");
        input.putArray("years").add(2024).add(2024);
        assertThat(errors(CertificateCall.Operation.RESIDENCE, body)).containsExactly(
                "getPermanentResidenceCertificateInputRecord.years INVALID_FORMAT");
        input.putArray("years").add(2024);
        input.put("amka", "31028004575");
        assertThat(errors(CertificateCall.Operation.RESIDENCE, body)).as("31 February, before the Luhn digit")
                .containsExactly("getPermanentResidenceCertificateInputRecord.amka INVALID_DATE");
        input.put("amka", "22056790871");
        assertThat(errors(CertificateCall.Operation.RESIDENCE, body)).containsExactly(
                "getPermanentResidenceCertificateInputRecord.amka INVALID_CHECK_DIGIT");
    }

    @Test
    void duplicateKeysAndNonObjectsAreMalformedUnknownFieldsIgnored() {
        String duplicate = tapBody().toString().replace("{\"auditRecord\":",
                "{\"auditRecord\":{\"x\":1},\"auditRecord\":");
        assertThat(check(CertificateCall.Operation.TAP, duplicate).malformed()).isTrue();
        assertThat(check(CertificateCall.Operation.TAP, "[1,2]").malformed()).isTrue();
        assertThat(check(CertificateCall.Operation.TAP, "{\"a\":").malformed()).isTrue();
        ObjectNode extra = tapBody();
        extra.put("somethingNew", true);
        ((ObjectNode) extra.get("auditRecord")).put("auditExtra", "x");
        assertThat(check(CertificateCall.Operation.TAP, extra.toString()).call()).isNotNull();
    }

    @Test
    void ipLiterals() {
        assertThat(CertificateRequestCheck.isIpLiteral("10.80.2.21")).isTrue();
        assertThat(CertificateRequestCheck.isIpLiteral("2001:db8::1")).isTrue();
        assertThat(CertificateRequestCheck.isIpLiteral("::ffff:10.0.0.1")).isTrue();
        assertThat(CertificateRequestCheck.isIpLiteral("256.1.1.1")).isFalse();
        assertThat(CertificateRequestCheck.isIpLiteral("example.gr")).isFalse();
        assertThat(CertificateRequestCheck.isIpLiteral("1:2")).isFalse();
    }

    @Test
    void onlyJsonInUtf8() {
        assertThat(KedController.isJsonUtf8("application/json")).isTrue();
        assertThat(KedController.isJsonUtf8("application/json; charset=UTF-8")).isTrue();
        assertThat(KedController.isJsonUtf8("application/json; charset=iso-8859-7")).isFalse();
        assertThat(KedController.isJsonUtf8("text/plain")).isFalse();
        assertThat(KedController.isJsonUtf8(null)).isFalse();
    }
}
