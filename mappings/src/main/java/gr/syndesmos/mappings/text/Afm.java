package gr.syndesmos.mappings.text;

/** Greek tax number (AFM): 9 digits, mod-11 check digit (RELIABILITY.md §5.1). */
public final class Afm {

    private Afm() {
    }

    /** 9 ASCII digits, not all zeros (a business rule: the checksum accepts it), with a valid check digit. */
    public static boolean isValid(String afm) {
        if (afm == null || afm.length() != 9) {
            return false;
        }
        int sum = 0;
        boolean allZero = true;
        for (int i = 0; i < 9; i++) {
            char c = afm.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            if (c != '0') {
                allZero = false;
            }
            if (i < 8) {
                sum += (c - '0') << (8 - i);
            }
        }
        return !allZero && (sum % 11) % 10 == afm.charAt(8) - '0';
    }

    /**
     * Restores the leading zeros a legacy system lost by storing the AFM as a number: digits shorter than
     * {@code padTo} are left-padded with zeros. Returns the input unchanged when it is not all digits or is already
     * long enough, so that {@link #isValid} decides.
     */
    public static String normalizeLegacy(String digits, int padTo) {
        if (digits == null || digits.isEmpty() || digits.length() >= padTo) {
            return digits;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return digits;
            }
        }
        return "0".repeat(padTo - digits.length()) + digits;
    }
}
