package gr.syndesmos.connectors.db;

import java.util.Objects;

/**
 * How far a {@code db-poll} source has read: the watermark column's value and the key column's value of the last row
 * handed on. Both are strings so that any column type round-trips through the hub's state database: timestamps in
 * ISO-8601 (with offset for {@code timestamptz}, without for {@code timestamp}/{@code datetime}, nanoseconds as
 * needed), numbers in plain decimal notation, text as it is.
 */
public record Watermark(String value, String key) {

    public Watermark {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(key, "key");
    }
}
