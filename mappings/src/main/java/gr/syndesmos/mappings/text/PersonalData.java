package gr.syndesmos.mappings.text;

/** Masks personal data before it reaches a message, a log line or a problem report. */
public final class PersonalData {

    private PersonalData() {
    }

    /** {@code 094019245} becomes {@code 09****245}: enough for a clerk to find the row, not enough to reuse. */
    public static String maskAfm(String afm) {
        if (afm == null) {
            return null;
        }
        if (afm.length() <= 5) {
            return "*".repeat(afm.length());
        }
        return afm.substring(0, 2) + "*".repeat(afm.length() - 5) + afm.substring(afm.length() - 3);
    }

    /**
     * {@code 22056790870} becomes {@code 2205*****70}: the day and month of birth and the last two digits, as the
     * gov.gr certificate page masks an AMKA in logs and for operators without the right to see it.
     */
    public static String maskAmka(String amka) {
        if (amka == null) {
            return null;
        }
        if (amka.length() <= 6) {
            return "*".repeat(amka.length());
        }
        return amka.substring(0, 4) + "*".repeat(amka.length() - 6) + amka.substring(amka.length() - 2);
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
