package gr.syndesmos.mappings.text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Greek social security number (AMKA): 11 digits, the holder's birth date as DDMMYY first, a Luhn check digit last
 * (RELIABILITY.md §5). A string, never a number: it may start with 0.
 *
 * <p>Written by hand: the check is a few lines and no library of the stack knows the AMKA's date rule.
 */
public final class Amka {

    private Amka() {
    }

    /** What is wrong with an AMKA, in the order it is checked: form, then the date, then the check digit. */
    public enum Check {
        VALID,
        /** Not 11 ASCII digits. */
        INVALID_FORMAT,
        /** DDMMYY is not a real date in 19YY nor in 20YY. */
        INVALID_DATE,
        /** The Luhn check digit does not match. */
        INVALID_CHECK_DIGIT
    }

    public static Check check(String amka) {
        if (amka == null || amka.length() != 11) {
            return Check.INVALID_FORMAT;
        }
        for (int i = 0; i < 11; i++) {
            char c = amka.charAt(i);
            if (c < '0' || c > '9') {
                return Check.INVALID_FORMAT;
            }
        }
        if (birthDates(amka).isEmpty()) {
            return Check.INVALID_DATE;
        }
        return luhn(amka) ? Check.VALID : Check.INVALID_CHECK_DIGIT;
    }

    public static boolean isValid(String amka) {
        return check(amka) == Check.VALID;
    }

    /**
     * The birth dates the AMKA's DDMMYY can stand for: the real dates among 19YY and 20YY (one or two; none for a
     * 31 February). The AMKA does not say the century, so a record's own birth date decides between them.
     */
    public static List<LocalDate> birthDates(String amka) {
        List<LocalDate> dates = new ArrayList<>(2);
        int day = Integer.parseInt(amka.substring(0, 2));
        int month = Integer.parseInt(amka.substring(2, 4));
        int year = Integer.parseInt(amka.substring(4, 6));
        for (int century : new int[] {1900, 2000}) {
            try {
                dates.add(LocalDate.of(century + year, month, day));
            } catch (DateTimeException notADate) {
                // Not a date in this century (31/02, or 29/02 of a year that is not a leap year).
            }
        }
        return dates;
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
