package gr.syndesmos.mappings.engine;

import gr.syndesmos.mappings.MappedRecord.Problem;
import gr.syndesmos.mappings.destinations.DiavgeiaTypes;
import gr.syndesmos.mappings.text.Afm;
import gr.syndesmos.mappings.text.GreekText;
import gr.syndesmos.mappings.text.PersonalData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One field of a mapping, checked and ready to convert raw strings. Conversion never throws for bad data: it
 * records a {@link Problem} and returns null, so that one record can collect every problem it has.
 */
public final class CompiledField {

    private final int index;
    /** The field's name in mapping.yml (a kebab name): the {@code {field}} of its reason codes. */
    private final String name;
    /** Where its value goes in the canonical record (JSON pointers); empty for a status field. */
    private final List<String> targets;
    /** The canonical member a problem names ({@code meeting.date}). */
    private final String problemField;
    /** Written only when the field of this name has a value, or null. */
    private final String onlyWith;
    private final FieldType type;
    private final String column;
    private final String path;
    private final boolean required;
    private final String defaultValue;
    private final DatePattern datePattern;
    private final ZoneId zone;
    private final CodeList codeList;
    private final DiavgeiaTypes diavgeiaTypes;
    private final int padTo;
    private final Map<String, String> statusValues;
    private final long min;
    private final long max;
    private final int maxLength;
    /** The name a clerk knows the field by (header or path), used in messages. */
    private final String label;
    private final String missingCode;
    private final String invalidCode;
    /** For a text-list: the separator that splits one value into several ({@code ;}), or null. */
    private final String separator;

    CompiledField(int index, String name, List<String> targets, String onlyWith, FieldType type, String column,
            String path, boolean required, String defaultValue,
            DatePattern datePattern, ZoneId zone, CodeList codeList, DiavgeiaTypes diavgeiaTypes, int padTo,
            Map<String, String> statusValues, long min, long max, int maxLength, String missingCode,
            String invalidCode, String separator) {
        this.index = index;
        this.name = name;
        this.targets = List.copyOf(targets);
        this.onlyWith = onlyWith;
        this.problemField = targets.isEmpty() ? name : targets.get(0).substring(1).replace('/', '.');
        this.type = type;
        this.column = column;
        this.path = path;
        this.required = required;
        this.defaultValue = defaultValue;
        this.datePattern = datePattern;
        this.zone = zone;
        this.codeList = codeList;
        this.diavgeiaTypes = diavgeiaTypes;
        this.padTo = padTo;
        this.statusValues = statusValues;
        this.min = min;
        this.max = max;
        this.maxLength = maxLength;
        this.label = column != null ? column : path != null ? path : name;
        this.missingCode = missingCode;
        this.invalidCode = invalidCode;
        this.separator = separator;
    }

    /** Position of this field in its mapping, for readers that keep per-field arrays. */
    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public List<String> targets() {
        return targets;
    }

    /** The field that must have a value for this one to be written, or null. */
    public String onlyWith() {
        return onlyWith;
    }

    public FieldType type() {
        return type;
    }

    /** CSV header name, or null. */
    public String column() {
        return column;
    }

    /** XML path below the record element, or null. */
    public String path() {
        return path;
    }

    public boolean required() {
        return required;
    }

    /** Trims, and treats an empty value as absent; applies the declared default. */
    private String clean(String raw) {
        if (raw != null) {
            raw = raw.strip();
            if (!raw.isEmpty()) {
                return raw;
            }
        }
        return defaultValue;
    }

    /** Splits the values of a text-list by its separator, if it has one; otherwise returns them as they are. */
    List<String> split(List<String> values) {
        if (separator == null || values.isEmpty()) {
            return values;
        }
        List<String> parts = new ArrayList<>();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String part : value.split(java.util.regex.Pattern.quote(separator), -1)) {
                if (!part.isBlank()) {
                    parts.add(part);
                }
            }
        }
        return parts;
    }

    /**
     * Converts one value as it arrived: a String (files, and rows holding text) or a typed object from a row
     * (Integer, Long, BigDecimal, Boolean, java.sql.Date/Timestamp, LocalDate, LocalDateTime, OffsetDateTime…).
     * Typed values are taken for what they are, so a timestamptz needs no pattern; other scalars (a number in a text
     * or code field, a Boolean status) are read as their plain string form.
     */
    Object convert(Object value, List<Problem> problems) {
        if (value == null || value instanceof String) {
            return convert((String) value, problems);
        }
        switch (type) {
            case INTEGER: {
                BigDecimal number = number(value);
                if (number == null) {
                    break;
                }
                try {
                    long whole = number.longValueExact();
                    if (whole >= 0 && whole >= min && whole <= max && whole <= Integer.MAX_VALUE) {
                        return (int) whole;
                    }
                } catch (ArithmeticException notWhole) {
                    // reported below
                }
                return invalid(problems, "'" + shorten(number.toPlainString()) + "' is not a whole number"
                        + (min > 0 || max < Long.MAX_VALUE ? " between " + min + " and " + max : ""));
            }
            case DATE: {
                if (value instanceof java.sql.Date sqlDate) {
                    return sqlDate.toLocalDate();
                }
                if (value instanceof LocalDate date) {
                    return date;
                }
                break;
            }
            case DATETIME: {
                // An instant (timestamptz) is shown in the field's zone; a local date-time is read in it.
                if (value instanceof java.sql.Timestamp timestamp) {
                    return timestamp.toInstant().atZone(zone).toOffsetDateTime();
                }
                if (value instanceof OffsetDateTime offset) {
                    return offset.atZoneSameInstant(zone).toOffsetDateTime();
                }
                if (value instanceof java.time.ZonedDateTime zoned) {
                    return zoned.withZoneSameInstant(zone).toOffsetDateTime();
                }
                if (value instanceof java.time.Instant instant) {
                    return instant.atZone(zone).toOffsetDateTime();
                }
                if (value instanceof LocalDateTime local) {
                    return local.atZone(zone).toOffsetDateTime();
                }
                break;
            }
            case GREEK_DECIMAL:
            case DECIMAL:
            case CENTS: {
                BigDecimal number = number(value);
                if (number == null) {
                    break;
                }
                if (type == FieldType.CENTS) {
                    if (number.stripTrailingZeros().scale() > 0) {
                        return invalid(problems, "'" + shorten(number.toPlainString())
                                + "' is not a whole number of cents");
                    }
                    number = number.setScale(0, java.math.RoundingMode.UNNECESSARY).movePointLeft(2);
                }
                if (min != Long.MIN_VALUE && number.compareTo(BigDecimal.valueOf(min)) < 0) {
                    return invalid(problems, "'" + shorten(number.toPlainString()) + "' is below " + min);
                }
                return number;
            }
            default:
                break;
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
            return convert(text, problems);
        }
        return invalid(problems, label + " holds a " + value.getClass().getSimpleName() + " where "
                + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " was expected");
    }

    /** A typed number as BigDecimal, or null when the value is not a number. */
    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof java.math.BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return null;
    }

    /**
     * Converts one raw value. Returns null when absent (problem added if required) or invalid (problem added).
     */
    Object convert(String rawValue, List<Problem> problems) {
        String raw = clean(rawValue);
        if (raw == null) {
            if (required) {
                problems.add(new Problem(missingCode, problemField, "required " + label + " is empty or absent"));
            }
            return null;
        }
        switch (type) {
            case TEXT:
                return text(raw, problems);
            case TEXT_LIST:
                return text(raw, problems);
            case INTEGER: {
                long value = digits(raw);
                if (value < 0 || value < min || value > max) {
                    return invalid(problems, "'" + shorten(raw) + "' is not a whole number"
                            + (min > 0 || max < Long.MAX_VALUE ? " between " + min + " and " + max : ""));
                }
                return (int) value;
            }
            case DATE: {
                if (datePattern == null) {
                    return isoDate(raw, problems);
                }
                LocalDate date = datePattern.parseDate(raw);
                return date != null ? date : invalid(problems, "'" + shorten(raw) + "' is not a date in the form "
                        + datePattern.pattern());
            }
            case DATETIME: {
                if (datePattern == null) {
                    return isoDateTime(raw, problems);
                }
                LocalDateTime dateTime = datePattern.parseDateTime(raw);
                if (dateTime == null) {
                    return invalid(problems, "'" + shorten(raw) + "' is not a date and time in the form "
                            + datePattern.pattern());
                }
                // In the autumn overlap hour the earlier offset is taken, as ZonedDateTime does.
                return dateTime.atZone(zone).toOffsetDateTime();
            }
            case GREEK_DECIMAL:
            case DECIMAL: {
                BigDecimal value = type == FieldType.GREEK_DECIMAL ? greekDecimal(raw) : plainDecimal(raw);
                if (value == null || (min != Long.MIN_VALUE && value.compareTo(BigDecimal.valueOf(min)) < 0)) {
                    return invalid(problems, "'" + shorten(raw) + "' is not an amount in the form "
                            + (type == FieldType.GREEK_DECIMAL ? "12.345,67" : "12345.67"));
                }
                return value;
            }
            case CENTS: {
                // Fixed-width exports write amounts as zero-padded whole cents: 0000001234567 is 12345.67.
                if (raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return invalid(problems, "'" + shorten(raw) + "' is not an amount in cents (digits only)");
                }
                BigDecimal value = new BigDecimal(raw).movePointLeft(2);
                if (min != Long.MIN_VALUE && value.compareTo(BigDecimal.valueOf(min)) < 0) {
                    return invalid(problems, "'" + shorten(raw) + "' is below " + min);
                }
                return value;
            }
            case AFM: {
                String afm = Afm.normalizeLegacy(raw, padTo);
                if (!Afm.isValid(afm)) {
                    return invalid(problems, label + " '" + PersonalData.maskAfm(raw)
                            + "' is not a valid AFM (9 digits with a correct check digit)");
                }
                return afm;
            }
            case CODE: {
                String mapped = codeList.target(raw);
                return mapped != null ? mapped : invalid(problems, label + " '" + shorten(raw)
                        + "' is not in the code list");
            }
            case DIAVGEIA_LABEL: {
                String uid = diavgeiaTypes.uidForLabel(raw).orElse(null);
                return uid != null ? uid : invalid(problems, label + " '" + shorten(raw)
                        + "' matches no Diavgeia decision type allowed in decisions");
            }
            case STATUS: {
                String status = statusValues.get(raw);
                if (status == null) {
                    status = statusValues.get(GreekText.matchKey(raw));
                }
                return status != null ? status : invalid(problems, label + " '" + shorten(raw)
                        + "' is neither of " + statusValues.keySet());
            }
            case CURRENCY: {
                boolean ok = raw.length() == 3;
                for (int i = 0; i < raw.length() && ok; i++) {
                    ok = raw.charAt(i) >= 'A' && raw.charAt(i) <= 'Z';
                }
                return ok ? raw : invalid(problems, "'" + shorten(raw) + "' is not a currency code such as EUR");
            }
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    /** A row without a pattern sends dates as ISO text ({@code 2026-11-18}). */
    private Object isoDate(String raw, List<Problem> problems) {
        try {
            return LocalDate.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            return invalid(problems, "'" + shorten(raw) + "' is not an ISO date (2026-11-18)");
        }
    }

    /** A row without a pattern sends date-times as ISO text, with an offset or local to the field's zone. */
    private Object isoDateTime(String raw, List<Problem> problems) {
        try {
            return OffsetDateTime.parse(raw).atZoneSameInstant(zone).toOffsetDateTime();
        } catch (java.time.format.DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(raw).atZone(zone).toOffsetDateTime();
            } catch (java.time.format.DateTimeParseException e) {
                return invalid(problems, "'" + shorten(raw) + "' is not an ISO date and time "
                        + "(2026-11-19T10:15:00+02:00)");
            }
        }
    }

    private Object text(String raw, List<Problem> problems) {
        String text = raw;
        if (text.indexOf('\r') >= 0) {
            // Legacy exports break lines with CRLF (or a lone CR); the canonical text uses \n.
            text = text.replace("\r\n", "\n").replace('\r', '\n');
        }
        text = GreekText.nfc(text);
        if (text.length() > maxLength) {
            return invalid(problems, label + " is longer than " + maxLength + " characters");
        }
        return text;
    }

    private Object invalid(List<Problem> problems, String message) {
        problems.add(new Problem(invalidCode, problemField, message));
        return null;
    }

    /** Up to 9 ASCII digits as a number, or -1. Hand-written: Integer.parseInt also takes signs. */
    private static long digits(String s) {
        if (s.length() > 9) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code 12.345,67} or {@code 12345,67} or {@code 12.345}; thousands groups must have three digits. */
    static BigDecimal greekDecimal(String s) {
        int n = s.length();
        if (n == 0 || n > 40) {
            return null;
        }
        char[] out = new char[n];
        int len = 0;
        int comma = s.indexOf(',');
        int intEnd = comma < 0 ? n : comma;
        int groupDigits = 0;
        boolean grouped = false;
        for (int i = 0; i < intEnd; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (groupDigits == 0 || (grouped && groupDigits != 3) || (!grouped && groupDigits > 3)) {
                    return null;
                }
                grouped = true;
                groupDigits = 0;
            } else if (c >= '0' && c <= '9') {
                out[len++] = c;
                groupDigits++;
            } else {
                return null;
            }
        }
        if (groupDigits == 0 || (grouped && groupDigits != 3)) {
            return null;
        }
        if (comma >= 0) {
            if (comma == n - 1) {
                return null;
            }
            out[len++] = '.';
            for (int i = comma + 1; i < n; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                out[len++] = c;
            }
        }
        return new BigDecimal(out, 0, len);
    }

    /** {@code 12345.67}: digits, optionally a point and digits. */
    static BigDecimal plainDecimal(String s) {
        int n = s.length();
        if (n == 0 || n > 40) {
            return null;
        }
        int point = -1;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.' && point < 0 && i > 0 && i < n - 1) {
                point = i;
            } else if (c < '0' || c > '9') {
                return null;
            }
        }
        return new BigDecimal(s);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
