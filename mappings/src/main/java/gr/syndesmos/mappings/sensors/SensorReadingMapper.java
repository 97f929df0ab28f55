package gr.syndesmos.mappings.sensors;

import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.schemas.sensorreading.SensorReading;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sensors' reading (see {@code mappings/9054/sensor-readings/format.md}) to a canonical {@link SensorReading}.
 * The wire format is one small format shared by every municipality's sensors, so it is translated here in code,
 * not through a {@code mapping.yml}. Input is one row as the MQTT connector hands it: the keys of the parsed JSON
 * object plus {@code _topic}; a payload that is not JSON arrives as a row with {@code _error} and
 * {@code _unparseable}.
 *
 * <p>Reason codes: {@code not-json}, {@code missing-sensor}, {@code bad-sensor}, {@code missing-observed},
 * {@code bad-observed}, {@code unknown-quantity}, {@code bad-value}, {@code no-measurement},
 * {@code sensor-topic-mismatch}. Every problem of a reading is reported, not only the first.
 */
public final class SensorReadingMapper {

    /** Keys of the reading that are not quantities. Keys starting with {@code _} are the connector's own. */
    public static final String SENSOR = "sensor";
    public static final String OBSERVED = "observed";
    public static final String LATITUDE = "lat";
    public static final String LONGITUDE = "lon";
    public static final String TOPIC = "_topic";
    public static final String ERROR = "_error";
    public static final String UNPARSEABLE = "_unparseable";

    /**
     * The quantities a reading may carry, with the range a real value can have: the numeric properties of FIWARE
     * AirQualityObserved, bounded as its schema bounds them, and non-negative where a negative value is impossible
     * (the model leaves pm1 unbounded; a concentration cannot be negative). Null bound = unbounded.
     */
    public static final Map<String, Range> QUANTITIES;

    static {
        Map<String, Range> quantities = new TreeMap<>();
        for (String concentration : List.of("as", "c6h6", "cd", "co", "co2", "ni", "no", "no2", "nox", "o3", "pb",
                "pm1", "pm10", "pm25", "pm4", "sh2", "so2", "volatileOrganicCompoundsTotal", "precipitation",
                "pressure", "windSpeed", "tpc", "tsp", "charge", "airQualityIndex")) {
            quantities.put(concentration, new Range(BigDecimal.ZERO, null));
        }
        quantities.put("relativeHumidity", new Range(BigDecimal.ZERO, BigDecimal.ONE));
        quantities.put("reliability", new Range(BigDecimal.ZERO, BigDecimal.ONE));
        quantities.put("windDirection", new Range(BigDecimal.valueOf(-180), BigDecimal.valueOf(180)));
        quantities.put("temperature", new Range(null, null));
        QUANTITIES = Collections.unmodifiableMap(quantities);
    }

    private static final Pattern SENSOR_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** {@code <municipality prefix>/sensors/<sensor id>/reading}, e.g. {@code serres/sensors/SER-AQ-07/reading}. */
    private static final Pattern READING_TOPIC = Pattern.compile("(?:.*/)?sensors/([^/]+)/reading");

    private final String municipalityCode;
    private final String municipalityName;

    public SensorReadingMapper(String municipalityCode, String municipalityName) {
        this.municipalityCode = municipalityCode;
        this.municipalityName = municipalityName;
    }

    /** A bound quantity range; a null end is open. */
    public record Range(BigDecimal min, BigDecimal max) {

        boolean contains(BigDecimal value) {
            return (min == null || value.compareTo(min) >= 0) && (max == null || value.compareTo(max) <= 0);
        }

        @Override
        public String toString() {
            return (min == null ? "-∞" : min.toPlainString()) + ".." + (max == null ? "∞" : max.toPlainString());
        }
    }

    /**
     * One row after translation.
     *
     * @param reading the canonical record, only when there is no problem
     * @param recordId the canonical id when sensor and observation time could be read, else null
     * @param sensorId the sensor as the payload (or, failing that, the topic) names it, else null
     * @param observedAt the observation time when it could be read, else null
     * @param topic the MQTT topic, when the connector gave it
     * @param problems why the reading is refused; empty when valid
     */
    public record Mapped(SensorReading reading, String recordId, String sensorId, OffsetDateTime observedAt,
            String topic, List<MappedRecord.Problem> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public Mapped map(Map<String, Object> row) {
        List<MappedRecord.Problem> problems = new ArrayList<>();
        String topic = row.get(TOPIC) instanceof String t && !t.isBlank() ? t : null;
        String topicSensor = null;
        if (topic != null) {
            Matcher matcher = READING_TOPIC.matcher(topic);
            topicSensor = matcher.matches() ? matcher.group(1) : null;
        }
        if (row.containsKey(UNPARSEABLE) || row.containsKey(ERROR)) {
            problems.add(new MappedRecord.Problem("not-json", null, "the payload is not a JSON object"
                    + (row.get(ERROR) == null ? "" : " (" + row.get(ERROR) + ")")));
            return new Mapped(null, null, topicSensor, null, topic, List.copyOf(problems));
        }

        String sensor = sensor(row.get(SENSOR), problems);
        if (sensor != null && topic != null && !sensor.equals(topicSensor)) {
            problems.add(new MappedRecord.Problem("sensor-topic-mismatch", SENSOR, "the payload names sensor "
                    + sensor + " but was published on " + topic));
        }
        OffsetDateTime observed = observed(row.get(OBSERVED), problems);

        TreeMap<String, BigDecimal> measurements = new TreeMap<>();
        boolean anyQuantity = false;
        for (Map.Entry<String, Object> entry : new TreeMap<>(row).entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("_") || key.equals(SENSOR) || key.equals(OBSERVED) || key.equals(LATITUDE)
                    || key.equals(LONGITUDE)) {
                continue;
            }
            Range range = QUANTITIES.get(key);
            anyQuantity |= entry.getValue() != null;
            if (range == null) {
                problems.add(new MappedRecord.Problem("unknown-quantity", key, "'" + key
                        + "' is not a quantity of the FIWARE AirQualityObserved model"));
                continue;
            }
            if (entry.getValue() == null) {
                continue; // not measured this time
            }
            BigDecimal value = number(key, entry.getValue(), problems);
            if (value == null) {
                continue;
            }
            if (!range.contains(value)) {
                problems.add(new MappedRecord.Problem("bad-value", key, key + " " + value.toPlainString()
                        + " is outside " + range));
                continue;
            }
            measurements.put(key, value);
        }
        if (!anyQuantity) {
            problems.add(new MappedRecord.Problem("no-measurement", null, "the reading carries no measured value"));
        }

        SensorReading.Point location = location(row, problems);
        String recordId = sensor != null && observed != null
                ? SensorReading.idOf(municipalityCode, sensor, observed) : null;
        if (!problems.isEmpty()) {
            return new Mapped(null, recordId, sensor != null ? sensor : topicSensor, observed, topic,
                    List.copyOf(problems));
        }
        SensorReading reading = new SensorReading(SensorReading.RECORD_TYPE, SensorReading.SCHEMA_VERSION, recordId,
                observed, new SensorReading.Municipality(municipalityCode, municipalityName), sensor, observed,
                measurements, location, new SensorReading.Source("mqtt", topic));
        return new Mapped(reading, recordId, sensor, observed, topic, List.of());
    }

    private static String sensor(Object value, List<MappedRecord.Problem> problems) {
        if (value == null || value instanceof String s && s.isBlank()) {
            problems.add(new MappedRecord.Problem("missing-sensor", SENSOR, "the reading does not name its sensor"));
            return null;
        }
        String sensor = value.toString().trim();
        if (!(value instanceof String) || !SENSOR_ID.matcher(sensor).matches()) {
            problems.add(new MappedRecord.Problem("bad-sensor", SENSOR, "'" + sensor + "' is not a sensor id "
                    + "(letters, digits, '-' and '_', up to 64)"));
            return null;
        }
        return sensor;
    }

    private static OffsetDateTime observed(Object value, List<MappedRecord.Problem> problems) {
        if (value == null || value instanceof String s && s.isBlank()) {
            problems.add(new MappedRecord.Problem("missing-observed", OBSERVED,
                    "the reading does not say when it was observed"));
            return null;
        }
        String text = value.toString().trim();
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException notWithOffset) {
            String why;
            try {
                LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
                why = "has no offset: a sensor's local time is ambiguous, e.g. 2026-11-20T18:00:00+02:00";
            } catch (DateTimeParseException notADateTime) {
                why = "is not an ISO 8601 date-time with offset, e.g. 2026-11-20T18:00:00+02:00";
            }
            problems.add(new MappedRecord.Problem("bad-observed", OBSERVED, "'" + text + "' " + why));
            return null;
        }
    }

    /** A JSON number as an exact decimal; anything else (text, NaN, infinity) is a bad value. */
    private static BigDecimal number(String key, Object value, List<MappedRecord.Problem> problems) {
        BigDecimal number = null;
        if (value instanceof BigDecimal d) {
            number = d;
        } else if (value instanceof BigInteger i) {
            number = new BigDecimal(i);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            number = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof Double d && Double.isFinite(d)) {
            number = BigDecimal.valueOf(d); // its shortest decimal form: 23.4, not 23.39999...
        } else if (value instanceof Float f && Float.isFinite(f)) {
            number = new BigDecimal(f.toString());
        }
        if (number == null) {
            problems.add(new MappedRecord.Problem("bad-value", key, key + " is not a number: " + value));
        }
        return number;
    }

    private static SensorReading.Point location(Map<String, Object> row, List<MappedRecord.Problem> problems) {
        Object lat = row.get(LATITUDE);
        Object lon = row.get(LONGITUDE);
        if (lat == null && lon == null) {
            return null;
        }
        if (lat == null || lon == null) {
            problems.add(new MappedRecord.Problem("bad-value", lat == null ? LATITUDE : LONGITUDE,
                    "a location needs both lat and lon"));
            return null;
        }
        int before = problems.size();
        BigDecimal latitude = number(LATITUDE, lat, problems);
        BigDecimal longitude = number(LONGITUDE, lon, problems);
        if (latitude != null && !new Range(BigDecimal.valueOf(-90), BigDecimal.valueOf(90)).contains(latitude)) {
            problems.add(new MappedRecord.Problem("bad-value", LATITUDE, "lat " + latitude + " is outside -90..90"));
        }
        if (longitude != null && !new Range(BigDecimal.valueOf(-180), BigDecimal.valueOf(180)).contains(longitude)) {
            problems.add(new MappedRecord.Problem("bad-value", LONGITUDE, "lon " + longitude
                    + " is outside -180..180"));
        }
        return problems.size() == before ? SensorReading.Point.of(longitude, latitude) : null;
    }
}
