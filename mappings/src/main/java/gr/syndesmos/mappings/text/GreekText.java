package gr.syndesmos.mappings.text;

import java.text.Normalizer;
import java.util.Locale;

/** Greek text rules shared by every mapping (RELIABILITY.md §5.4). */
public final class GreekText {

    private GreekText() {
    }

    /**
     * The key used only to compare Greek text: NFD, combining marks removed, upper case (ROOT), runs of whitespace
     * collapsed to one space, trimmed. {@code Ανάληψη  υποχρέωσης} and {@code ΑΝΑΛΗΨΗ ΥΠΟΧΡΕΩΣΗΣ} share a key. Never
     * store or forward the key: the original NFC text is what travels.
     */
    public static String matchKey(String text) {
        if (text == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean pendingSpace = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    /** NFC, the form every canonical text is stored in; cheap when the text is already NFC (the usual case). */
    public static String nfc(String text) {
        if (text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            return text;
        }
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }
}
