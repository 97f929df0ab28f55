package gr.syndesmos.hub.broker;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Record versions as text, always in full ISO form ({@code 2026-11-01T09:00:00+02:00}):
 * {@code OffsetDateTime.toString()} drops zero seconds, and an idempotency key must not depend on that.
 */
public final class RecordVersions {

    private RecordVersions() {
    }

    public static String format(OffsetDateTime version) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(version);
    }

    public static OffsetDateTime parse(String version) {
        return OffsetDateTime.parse(version, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
