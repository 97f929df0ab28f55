package gr.syndesmos.schemas.sensorreading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SortedMap;

/**
 * Canonical sensor reading, version 1: what one smart-city sensor observed at one time. Mirrors
 * {@code schemas/sensor-reading/v1/sensor-reading.schema.json}; {@code SensorReadingSchemaTest} keeps the two in
 * step. A reading never changes, so its version is its observation time.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"recordType", "schemaVersion", "id", "version", "municipality", "sensorId", "observedAt",
        "measurements", "location", "source"})
public record SensorReading(
        String recordType,
        int schemaVersion,
        String id,
        OffsetDateTime version,
        Municipality municipality,
        String sensorId,
        OffsetDateTime observedAt,
        SortedMap<String, BigDecimal> measurements,
        Point location,
        Source source) {

    public static final String RECORD_TYPE = "sensor-reading";
    public static final int SCHEMA_VERSION = 1;

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /**
     * The record id every system sees: {@code 9054-sensor-reading-SER-AQ-07-20261120T160000Z}. The time is in UTC so
     * that the same instant, sent with another offset, is the same reading.
     */
    public static String idOf(String municipalityCode, String sensorId, OffsetDateTime observedAt) {
        return municipalityCode + "-" + RECORD_TYPE + "-" + sensorId + "-"
                + ID_TIME.format(observedAt.withOffsetSameInstant(ZoneOffset.UTC));
    }

    public record Municipality(String code, String name) {
    }

    /** A GeoJSON Point: {@code coordinates} are [longitude, latitude] (WGS 84), in that order. */
    @JsonPropertyOrder({"type", "coordinates"})
    public record Point(String type, List<BigDecimal> coordinates) {

        public static Point of(BigDecimal longitude, BigDecimal latitude) {
            return new Point("Point", List.of(longitude, latitude));
        }
    }

    /** How the reading arrived: {@code system} is the transport ({@code mqtt}), {@code topic} where it was published. */
    public record Source(String system, String topic) {
    }
}
