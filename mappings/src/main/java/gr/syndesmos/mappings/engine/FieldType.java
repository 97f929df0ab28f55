package gr.syndesmos.mappings.engine;

/** How a raw legacy string becomes a canonical value. */
public enum FieldType {
    /** Digits only, e.g. {@code 245}. */
    INTEGER,
    /** Free text: trimmed, line breaks as {@code \n}, NFC. */
    TEXT,
    /** Several texts (one per XML element; one CSV cell is one element). */
    TEXT_LIST,
    /** A date with {@code pattern}, strict. */
    DATE,
    /** A local date-time with {@code pattern} in {@code zone}, giving an offset date-time. */
    DATETIME,
    /** Greek number format {@code 12.345,67}. */
    GREEK_DECIMAL,
    /** Plain number format {@code 12345.67}. */
    DECIMAL,
    /** Whole cents, digits only ({@code 0000001234567} is 12345.67), as fixed-width exports write amounts. */
    CENTS,
    /** Greek tax number, left-padded to {@code padTo}, check digit verified. */
    AFM,
    /** A code of the legacy system, translated by the {@code codeList} beside mapping.yml. */
    CODE,
    /** A Diavgeia decision type written by label, matched by its Greek match key. */
    DIAVGEIA_LABEL,
    /** Status words mapped to {@code final} or {@code draft} by {@code values}. */
    STATUS,
    /** ISO 4217 currency code, three capitals. */
    CURRENCY;

    static FieldType ofKebab(String name) {
        for (FieldType t : values()) {
            if (t.name().replace('_', '-').toLowerCase(java.util.Locale.ROOT).equals(name)) {
                return t;
            }
        }
        return null;
    }
}
