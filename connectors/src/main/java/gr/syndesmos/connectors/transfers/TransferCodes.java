package gr.syndesmos.connectors.transfers;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The residence-transfer message types and reasons as each registry writes them: Chania's {@code typos} words and
 * the hub's reason codes in its tables; Agios Nikolaos's two-letter type and reason codes in its files.
 */
public final class TransferCodes {

    public static final Map<String, String> CHANIA_TYPES = Map.of(
            "TRANSFER_REQUESTED", "ΑΙΤΗΜΑ", "TRANSFER_CONFIRMED", "ΕΠΙΒΕΒΑΙΩΣΗ", "TRANSFER_REFUSED", "ΑΡΝΗΣΗ",
            "TRANSFER_REGISTERED", "ΕΓΓΡΑΦΗ", "TRANSFER_RELEASED", "ΑΠΟΔΕΣΜΕΥΣΗ", "TRANSFER_COMPLETED", "ΟΛΟΚΛΗΡΩΣΗ",
            "TRANSFER_WITHDRAWN", "ΑΝΑΚΛΗΣΗ", "TRANSFER_CANCELLED", "ΑΚΥΡΩΣΗ", "TRANSFER_REJECTED", "ΑΠΟΡΡΙΨΗ");

    public static final Map<String, String> FILE_TYPES = Map.of(
            "TRANSFER_REQUESTED", "RQ", "TRANSFER_CONFIRMED", "CF", "TRANSFER_REFUSED", "RF",
            "TRANSFER_REGISTERED", "RG", "TRANSFER_RELEASED", "RL", "TRANSFER_COMPLETED", "CP",
            "TRANSFER_WITHDRAWN", "WD", "TRANSFER_CANCELLED", "CN", "TRANSFER_REJECTED", "RJ");

    public static final Map<String, String> FILE_REASONS = Map.ofEntries(
            Map.entry("PERSON_NOT_FOUND", "NF"), Map.entry("NOT_REGISTERED_HERE", "NR"),
            Map.entry("RECORD_LOCKED", "LK"), Map.entry("PENDING_OBLIGATIONS", "OB"),
            Map.entry("APPLICANT_WITHDREW", "AW"), Map.entry("ALREADY_REGISTERED_HERE", "AR"),
            Map.entry("REGISTRATION_FAILED", "FE"), Map.entry("INVALID_AMKA", "IA"), Map.entry("INVALID_AFM", "IF"),
            Map.entry("MISSING_FIELD", "MF"), Map.entry("UNKNOWN_MUNICIPALITY", "UM"),
            Map.entry("ORIGIN_NOT_CONNECTED", "NC"), Map.entry("SAME_MUNICIPALITY", "SM"),
            Map.entry("INVALID_COMMUNITY", "IC"), Map.entry("EXCHANGE_CONFLICT", "XC"),
            Map.entry("OUT_OF_ORDER", "OO"), Map.entry("TENANT_MISMATCH", "TM"));

    private TransferCodes() {
    }

    public static Map<String, String> inverse(Map<String, String> codes) {
        return codes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
    }
}
