package gr.syndesmos.hub.certificates;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.mappings.text.Afm;
import gr.syndesmos.mappings.text.Amka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and checks the body of a certificate request, by the rules of the endpoint: a JSON object (a duplicate key
 * makes it malformed; unknown fields are ignored), the six {@code auditRecord} fields and the operation's input
 * record. Every failing field is reported once, with its code, sorted by field path; no report repeats a submitted
 * value.
 */
final class CertificateRequestCheck {

    /** A field that failed, and why. */
    record FieldError(String field, String code) {
    }

    /** The outcome: a call, or the fields that failed, or a body that is not JSON at all. */
    record Result(CertificateCall call, List<FieldError> fieldErrors, boolean malformed) {
    }

    static final String REQUIRED = "REQUIRED";
    static final String INVALID_FORMAT = "INVALID_FORMAT";
    static final String INVALID_CHECK_DIGIT = "INVALID_CHECK_DIGIT";
    static final String INVALID_DATE = "INVALID_DATE";
    static final String OUT_OF_RANGE = "OUT_OF_RANGE";

    private static final ZoneId ATHENS = ZoneId.of("Europe/Athens");
    private static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern SUPPLY_NUMBER = Pattern.compile("[0-9][0-9 -]*[0-9]");

    private static final ObjectMapper JSON = strictMapper();

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // The body is at most 16 KiB; nesting deeper than this is no certificate request.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
        return mapper;
    }

    private CertificateRequestCheck() {
    }

    static Result check(String caller, String municipality, CertificateCall.Operation operation, byte[] body,
            Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new Result(null, List.of(), true);
        }
        if (root == null || !root.isObject()) {
            return new Result(null, List.of(), true);
        }
        Map<String, String> errors = new TreeMap<>();
        JsonNode audit = root.get("auditRecord");
        if (audit == null || audit.isNull()) {
            errors.put("auditRecord", REQUIRED);
        } else if (!audit.isObject()) {
            errors.put("auditRecord", INVALID_FORMAT);
        } else {
            checkAudit(audit, now, errors);
        }
        String input = operation.inputRecord();
        JsonNode record = root.get(input);
        String afm = null;
        String supply = null;
        String amka = null;
        List<Integer> years = null;
        if (record == null || record.isNull()) {
            errors.put(input, REQUIRED);
        } else if (!record.isObject()) {
            errors.put(input, INVALID_FORMAT);
        } else if (operation == CertificateCall.Operation.TAP) {
            afm = afm(record, input + ".afm", errors);
            supply = supplyNumber(record, input + ".supplyNumber", errors);
        } else {
            amka = amka(record, input + ".amka", errors);
            years = years(record, input + ".years", now, errors);
        }
        if (!errors.isEmpty()) {
            List<FieldError> list = new ArrayList<>();
            errors.forEach((field, code) -> list.add(new FieldError(field, code)));
            return new Result(null, list, false);
        }
        ObjectNode auditRecord = JSON.createObjectNode();
        for (String field : List.of("auditTransactionId", "auditTransactionDate", "auditUnit", "auditProtocol",
                "auditUserId", "auditUserIp")) {
            auditRecord.put(field, audit.get(field).asText());
        }
        String fingerprint = fingerprint(municipality, operation, afm, supply, amka, years);
        return new Result(new CertificateCall(caller, municipality, operation, auditRecord, afm, supply, amka,
                years, fingerprint), List.of(), false);
    }

    private static void checkAudit(JsonNode audit, Instant now, Map<String, String> errors) {
        String id = text(audit, "auditTransactionId", "auditRecord.auditTransactionId", errors);
        if (id != null && !TRANSACTION_ID.matcher(id).matches()) {
            errors.put("auditRecord.auditTransactionId", INVALID_FORMAT);
        }
        String date = text(audit, "auditTransactionDate", "auditRecord.auditTransactionDate", errors);
        if (date != null) {
            try {
                Instant at = OffsetDateTime.parse(date, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                if (at.isBefore(now.minus(Duration.ofHours(24))) || at.isAfter(now.plus(Duration.ofMinutes(5)))) {
                    errors.put("auditRecord.auditTransactionDate", OUT_OF_RANGE);
                }
            } catch (DateTimeParseException e) {
                errors.put("auditRecord.auditTransactionDate", INVALID_FORMAT);
            }
        }
        maxLength(audit, "auditUnit", 255, errors);
        maxLength(audit, "auditProtocol", 64, errors);
        maxLength(audit, "auditUserId", 64, errors);
        String ip = text(audit, "auditUserIp", "auditRecord.auditUserIp", errors);
        if (ip != null && !isIpLiteral(ip)) {
            errors.put("auditRecord.auditUserIp", INVALID_FORMAT);
        }
    }

    private static void maxLength(JsonNode audit, String field, int most, Map<String, String> errors) {
        String value = text(audit, field, "auditRecord." + field, errors);
        if (value != null && value.codePointCount(0, value.length()) > most) {
            errors.put("auditRecord." + field, INVALID_FORMAT);
        }
    }

    /** An IPv4 or IPv6 literal; never a host name (InetAddress would look one up). */
    static boolean isIpLiteral(String ip) {
        if (IPV4.matcher(ip).matches()) {
            return true;
        }
        if (!ip.contains(":") || !IPV6_CHARACTERS.matcher(ip).matches()) {
            return false;
        }
        try {
            // With a ':' and only hex digits, ':' and '.', this is parsed as a literal, never looked up.
            return InetAddress.getByName(ip) instanceof java.net.Inet6Address
                    || InetAddress.getByName(ip) instanceof java.net.Inet4Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A string field's value; REQUIRED when missing or only spaces, INVALID_FORMAT when not a string. */
    private static String text(JsonNode node, String field, String path, Map<String, String> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            errors.put(path, REQUIRED);
            return null;
        }
        if (!value.isTextual()) {
            errors.put(path, INVALID_FORMAT);
            return null;
        }
        return value.asText();
    }

    private static String afm(JsonNode record, String path, Map<String, String> errors) {
        String afm = text(record, "afm", path, errors);
        if (afm == null) {
            return null;
        }
        if (!afm.matches("[0-9]{9}") || afm.equals("000000000")) {
            errors.put(path, INVALID_FORMAT);
            return null;
        }
        if (!Afm.isValid(afm)) {
            errors.put(path, INVALID_CHECK_DIGIT);
            return null;
        }
        return afm;
    }

    /** 9 digits, or the 12-digit printed form with spaces and '-': the first 9 digits are kept. */
    private static String supplyNumber(JsonNode record, String path, Map<String, String> errors) {
        String supply = text(record, "supplyNumber", path, errors);
        if (supply == null) {
            return null;
        }
        String digits = supply.replaceAll("[ -]", "");
        if (supply.length() > 20 || !SUPPLY_NUMBER.matcher(supply).matches()
                || digits.length() != 9 && digits.length() != 12) {
            errors.put(path, INVALID_FORMAT);
            return null;
        }
        return digits.substring(0, 9);
    }

    private static String amka(JsonNode record, String path, Map<String, String> errors) {
        String amka = text(record, "amka", path, errors);
        if (amka == null) {
            return null;
        }
        Amka.Check check = Amka.check(amka);
        if (check != Amka.Check.VALID) {
            errors.put(path, check.name());
            return null;
        }
        return amka;
    }

    private static List<Integer> years(JsonNode record, String path, Instant now, Map<String, String> errors) {
        JsonNode years = record.get("years");
        if (years == null || years.isNull()) {
            errors.put(path, REQUIRED);
            return null;
        }
        if (!years.isArray()) {
            errors.put(path, INVALID_FORMAT);
            return null;
        }
        if (years.isEmpty() || years.size() > 5) {
            errors.put(path, OUT_OF_RANGE);
            return null;
        }
        int current = now.atZone(ATHENS).getYear();
        List<Integer> list = new ArrayList<>();
        for (JsonNode year : years) {
            if (!year.isIntegralNumber() || !year.canConvertToInt()) {
                errors.put(path, INVALID_FORMAT);
                return null;
            }
            int value = year.asInt();
            if (list.contains(value)) {
                errors.put(path, INVALID_FORMAT);
                return null;
            }
            if (value < 2000 || value > current) {
                errors.put(path, OUT_OF_RANGE);
                return null;
            }
            list.add(value);
        }
        list.sort(Integer::compare);
        return List.copyOf(list);
    }

    private static String fingerprint(String municipality, CertificateCall.Operation operation, String afm,
            String supply, String amka, List<Integer> years) {
        String normalised = String.join("\n", municipality, operation.word(), String.valueOf(afm),
                String.valueOf(supply), String.valueOf(amka), String.valueOf(years));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
