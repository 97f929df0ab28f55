package gr.syndesmos.mappings.engine;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * A strict date or date-time pattern. Fixed-width numeric patterns ({@code dd/MM/uuuu HH:mm:ss},
 * {@code uuuu-MM-dd'T'HH:mm:ss}) are parsed by hand: a DateTimeFormatter costs about a microsecond per call and a
 * nightly export parses two dates per row. Anything else falls back to a strict DateTimeFormatter. Either way
 * impossible dates ({@code 31/02/2026}) and other shapes ({@code 2026-01-10} for {@code dd/MM/uuuu}) are refused.
 */
final class DatePattern {

    private final String pattern;
    /** For each position of the input: 'd','M','y','H','m','s' for a digit of that field, or the literal char. */
    private final char[] layout;
    /** Literal positions are marked here, so a pattern may contain letters as quoted literals ('T'). */
    private final boolean[] literal;
    private final DateTimeFormatter fallback;

    private DatePattern(String pattern, char[] layout, boolean[] literal, DateTimeFormatter fallback) {
        this.pattern = pattern;
        this.layout = layout;
        this.literal = literal;
        this.fallback = fallback;
    }

    static DatePattern compile(String pattern) {
        StringBuilder layout = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        boolean fast = true;
        for (int i = 0; i < pattern.length() && fast; i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int end = pattern.indexOf('\'', i + 1);
                if (end <= i + 1) {
                    fast = false;
                    break;
                }
                for (int j = i + 1; j < end; j++) {
                    layout.append(pattern.charAt(j));
                    literal.append('L');
                }
                i = end;
            } else if (Character.isLetter(c)) {
                int run = 1;
                while (i + run < pattern.length() && pattern.charAt(i + run) == c) {
                    run++;
                }
                char field = switch (c) {
                    case 'd', 'M', 'H', 'm', 's' -> run == 2 ? c : 0;
                    case 'u', 'y' -> run == 4 ? 'y' : 0;
                    default -> 0;
                };
                if (field == 0) {
                    fast = false;
                    break;
                }
                for (int j = 0; j < run; j++) {
                    layout.append(field);
                    literal.append('F');
                }
                i += run - 1;
            } else {
                layout.append(c);
                literal.append('L');
            }
        }
        if (!fast) {
            // yyyy means year-of-era: with STRICT it would need an era, so read it as the proleptic year.
            DateTimeFormatter formatter = DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"))
                    .withResolverStyle(ResolverStyle.STRICT);
            return new DatePattern(pattern, null, null, formatter);
        }
        boolean[] lit = new boolean[literal.length()];
        for (int i = 0; i < lit.length; i++) {
            lit[i] = literal.charAt(i) == 'L';
        }
        return new DatePattern(pattern, layout.toString().toCharArray(), lit, null);
    }

    String pattern() {
        return pattern;
    }

    /** The date, or null when the text does not match the pattern or is not a real date. */
    LocalDate parseDate(String text) {
        if (layout == null) {
            try {
                return LocalDate.from(fallback.parse(text));
            } catch (DateTimeException e) {
                return null;
            }
        }
        int[] f = fields(text);
        if (f == null) {
            return null;
        }
        try {
            return LocalDate.of(f[0], f[1], f[2]);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The local date-time, or null when the text does not match the pattern or is not a real time. */
    LocalDateTime parseDateTime(String text) {
        if (layout == null) {
            try {
                TemporalAccessor parsed = fallback.parse(text);
                return LocalDateTime.of(LocalDate.from(parsed), java.time.LocalTime.of(
                        parsed.get(ChronoField.HOUR_OF_DAY), parsed.get(ChronoField.MINUTE_OF_HOUR),
                        parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE)
                                : 0));
            } catch (DateTimeException e) {
                return null;
            }
        }
        int[] f = fields(text);
        if (f == null) {
            return null;
        }
        try {
            return LocalDateTime.of(f[0], f[1], f[2], f[3], f[4], f[5]);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** year, month, day, hour, minute, second; null when the shape does not match. */
    private int[] fields(String text) {
        if (text.length() != layout.length) {
            return null;
        }
        int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
        for (int i = 0; i < layout.length; i++) {
            char c = text.charAt(i);
            if (literal[i]) {
                if (c != layout[i]) {
                    return null;
                }
                continue;
            }
            if (c < '0' || c > '9') {
                return null;
            }
            int digit = c - '0';
            switch (layout[i]) {
                case 'y' -> y = y * 10 + digit;
                case 'M' -> mo = mo * 10 + digit;
                case 'd' -> d = d * 10 + digit;
                case 'H' -> h = h * 10 + digit;
                case 'm' -> mi = mi * 10 + digit;
                case 's' -> s = s * 10 + digit;
                default -> {
                    return null;
                }
            }
        }
        return new int[] {y, mo, d, h, mi, s};
    }
}
