package gr.syndesmos.mappings.text;

/** Masks personal data before it reaches a message, a log line or a problem report. */
public final class PersonalData {

    private PersonalData() {
    }

    /**
     * {@code 019282951} becomes {@code 01*****51}: the first and last two digits, as the gov.gr certificate page masks
     * an AFM in logs and for operators without the right to see it; enough for a clerk to find the row, not enough
     * to reuse.
     */
    public static String maskAfm(String afm) {
        return keepEnds(afm, 2, 2);
    }

    /** An electricity supply number, {@code 712044381} → {@code 71*****81}: it names a property, and so its owner. */
    public static String maskSupplyNumber(String supplyNumber) {
        return keepEnds(supplyNumber, 2, 2);
    }

    /**
     * {@code 22056790870} becomes {@code 2205*****70}: the day and month of birth and the last two digits, as the
     * gov.gr certificate page masks an AMKA in logs and for operators without the right to see it.
     */
    public static String maskAmka(String amka) {
        return keepEnds(amka, 4, 2);
    }

    /** The first and last few characters, stars between; all stars when too short to hide anything. */
    private static String keepEnds(String value, int first, int last) {
        if (value == null) {
            return null;
        }
        if (value.length() <= first + last) {
            return "*".repeat(value.length());
        }
        return value.substring(0, first) + "*".repeat(value.length() - first - last)
                + value.substring(value.length() - last);
    }

    /** {@code Γεώργιος Παπαδάκης} becomes {@code Γ. Π.}: initials only. */
    public static String maskName(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String part : name.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                // Upper case without accents: the initial alone, as a clerk would write it.
                out.append(GreekText.matchKey(new String(Character.toChars(part.codePointAt(0))))).append('.');
            }
        }
        return out.toString();
    }
}
