package gr.syndesmos.mappings.sensors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.CanonicalSchemas;
import gr.syndesmos.schemas.sensorreading.SensorReading;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Serres's sensor readings, as rows from the MQTT connector, to canonical sensor readings or reasons. */
class SensorReadingMapperTest {

    private static final String TOPIC = "serres/sensors/SER-AQ-07/reading";
    private final SensorReadingMapper mapper = new SensorReadingMapper("9054", "Σερρών");

    /** The example of format.md, as the connector hands it: the JSON object's keys plus _topic. */
    private static Map<String, Object> row() {
        Map<String, Object> row = new HashMap<>();
        row.put("sensor", "SER-AQ-07");
        row.put("observed", "2026-11-20T18:00:00+02:00");
        row.put("pm10", 23.4);
        row.put("pm25", 11.2);
        row.put("temperature", 12.5);
        row.put("relativeHumidity", 0.54);
        row.put("lat", 41.0855);
        row.put("lon", 23.5497);
        row.put("_topic", TOPIC);
        return row;
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> row = row();
        row.put(key, value);
        return row;
    }

    private static Map<String, Object> without(String key) {
        Map<String, Object> row = row();
        row.remove(key);
        return row;
    }

    private List<String> codes(Map<String, Object> row) {
        SensorReadingMapper.Mapped mapped = mapper.map(row);
        assertThat(mapped.reading()).as("no record when there are problems").isNull();
        return mapped.problems().stream().map(MappedRecord.Problem::code).toList();
    }

    @Test
    void exampleReadingBecomesACanonicalRecord() {
        SensorReadingMapper.Mapped mapped = mapper.map(row());
        assertThat(mapped.problems()).isEmpty();
        SensorReading reading = mapped.reading();
        assertThat(reading.id()).isEqualTo("9054-sensor-reading-SER-AQ-07-20261120T160000Z");
        assertThat(mapped.recordId()).isEqualTo(reading.id());
        assertThat(reading.recordType()).isEqualTo("sensor-reading");
        assertThat(reading.schemaVersion()).isEqualTo(1);
        assertThat(reading.version()).isEqualTo(OffsetDateTime.parse("2026-11-20T18:00:00+02:00"));
        assertThat(reading.observedAt()).isEqualTo(reading.version());
        assertThat(reading.municipality()).isEqualTo(new SensorReading.Municipality("9054", "Σερρών"));
        assertThat(reading.sensorId()).isEqualTo("SER-AQ-07");
        assertThat(reading.measurements()).containsOnlyKeys("pm10", "pm25", "relativeHumidity", "temperature");
        assertThat(reading.measurements().get("pm10")).isEqualTo(new BigDecimal("23.4"));
        assertThat(reading.measurements().get("pm25")).isEqualTo(new BigDecimal("11.2"));
        assertThat(reading.measurements().get("temperature")).isEqualTo(new BigDecimal("12.5"));
        assertThat(reading.measurements().get("relativeHumidity")).isEqualTo(new BigDecimal("0.54"));
        assertThat(reading.location()).isEqualTo(SensorReading.Point.of(new BigDecimal("23.5497"),
                new BigDecimal("41.0855")));
        assertThat(reading.source()).isEqualTo(new SensorReading.Source("mqtt", TOPIC));

        JsonNode json = CanonicalJson.mapper().valueToTree(reading);
        assertThat(CanonicalSchemas.validate(SensorReading.RECORD_TYPE, SensorReading.SCHEMA_VERSION, json)).isEmpty();
        assertThat(json.at("/measurements/pm10").decimalValue()).isEqualByComparingTo("23.4");
    }

    @Test
    void integersBigDecimalsNegativeTemperatureAndNoLocationAreFine() {
        Map<String, Object> row = without("lat");
        row.remove("lon");
        row.put("pm10", 23);
        row.put("pm25", new BigDecimal("11.20"));
        row.put("temperature", -3.5);
        row.put("no2", 0);
        SensorReadingMapper.Mapped mapped = mapper.map(row);
        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.reading().location()).isNull();
        assertThat(mapped.reading().measurements().get("pm10")).isEqualTo(new BigDecimal("23"));
        assertThat(mapped.reading().measurements().get("pm25")).isEqualTo(new BigDecimal("11.20"));
        assertThat(mapped.reading().measurements().get("temperature")).isEqualTo(new BigDecimal("-3.5"));
        assertThat(CanonicalSchemas.validate(SensorReading.RECORD_TYPE, 1,
                CanonicalJson.mapper().valueToTree(mapped.reading()))).isEmpty();
    }

    @Test
    void aQuantityGivenAsNullWasNotMeasured() {
        SensorReadingMapper.Mapped mapped = mapper.map(with("pm25", null));
        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.reading().measurements()).doesNotContainKey("pm25").containsKey("pm10");
    }

    @Test
    void readingWithoutTopicIsAcceptedWithANullTopic() {
        SensorReadingMapper.Mapped mapped = mapper.map(without("_topic"));
        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.reading().source().topic()).isNull();
    }

    @Test
    void sameInstantWithAnotherOffsetIsTheSameRecord() {
        assertThat(mapper.map(with("observed", "2026-11-20T16:00:00Z")).recordId())
                .isEqualTo(mapper.map(row()).recordId());
    }

    @Test
    void payloadThatIsNotJson() {
        Map<String, Object> row = new HashMap<>();
        row.put("_topic", TOPIC);
        row.put("_error", "Unexpected character ('S' (code 83))");
        row.put("_unparseable", "SER-AQ-07;23.4");
        SensorReadingMapper.Mapped mapped = mapper.map(row);
        assertThat(mapped.problems()).extracting(MappedRecord.Problem::code).containsExactly("not-json");
        assertThat(mapped.problems().get(0).message()).contains("Unexpected character");
        assertThat(mapped.sensorId()).as("taken from the topic, for the operator").isEqualTo("SER-AQ-07");
        assertThat(mapped.recordId()).isNull();
    }

    @Test
    void missingOrBadSensor() {
        assertThat(codes(without("sensor"))).containsExactly("missing-sensor");
        assertThat(codes(with("sensor", "  "))).containsExactly("missing-sensor");
        assertThat(codes(with("sensor", "SER AQ 07"))).containsExactly("bad-sensor");
        assertThat(codes(with("sensor", 7))).containsExactly("bad-sensor");
    }

    @Test
    void missingObserved() {
        assertThat(codes(without("observed"))).containsExactly("missing-observed");
        assertThat(mapper.map(without("observed")).recordId()).isNull();
    }

    @Test
    void observedWithoutOffsetOrNotADate() {
        SensorReadingMapper.Mapped local = mapper.map(with("observed", "2026-11-20T18:00:00"));
        assertThat(local.problems()).extracting(MappedRecord.Problem::code).containsExactly("bad-observed");
        assertThat(local.problems().get(0).message()).contains("no offset");
        assertThat(codes(with("observed", "20/11/2026 18:00"))).containsExactly("bad-observed");
        assertThat(codes(with("observed", 1763654400))).containsExactly("bad-observed");
    }

    @Test
    void unknownQuantity() {
        SensorReadingMapper.Mapped mapped = mapper.map(with("noise", 61.0));
        assertThat(mapped.problems()).extracting(MappedRecord.Problem::code).containsExactly("unknown-quantity");
        assertThat(mapped.problems().get(0).field()).isEqualTo("noise");
        assertThat(mapped.recordId()).as("still identifiable").isEqualTo("9054-sensor-reading-SER-AQ-07-20261120T160000Z");
    }

    @Test
    void badValues() {
        assertThat(codes(with("pm10", Double.NaN))).containsExactly("bad-value");
        assertThat(codes(with("pm10", Double.POSITIVE_INFINITY))).containsExactly("bad-value");
        assertThat(codes(with("pm10", -0.1))).containsExactly("bad-value");
        assertThat(codes(with("pm10", "23.4"))).as("text is not a number").containsExactly("bad-value");
        assertThat(codes(with("relativeHumidity", 54))).as("a fraction, not a percentage")
                .containsExactly("bad-value");
        assertThat(codes(with("relativeHumidity", -0.01))).containsExactly("bad-value");
        assertThat(mapper.map(with("relativeHumidity", 1)).problems()).isEmpty();
        assertThat(mapper.map(with("relativeHumidity", 0)).problems()).isEmpty();
        assertThat(codes(with("windDirection", 181))).containsExactly("bad-value");
        assertThat(codes(with("lat", 91.0))).containsExactly("bad-value");
        assertThat(codes(without("lon"))).containsExactly("bad-value");
        SensorReadingMapper.Mapped negative = mapper.map(with("pm25", -2));
        assertThat(negative.problems().get(0).field()).isEqualTo("pm25");
        assertThat(negative.problems().get(0).message()).contains("-2").contains("0..");
    }

    @Test
    void readingWithNoMeasurement() {
        Map<String, Object> row = new HashMap<>();
        row.put("sensor", "SER-AQ-07");
        row.put("observed", "2026-11-20T18:00:00+02:00");
        row.put("_topic", TOPIC);
        assertThat(codes(row)).containsExactly("no-measurement");
    }

    @Test
    void sensorOtherThanTheTopics() {
        assertThat(codes(with("sensor", "SER-AQ-08"))).containsExactly("sensor-topic-mismatch");
        assertThat(codes(with("_topic", "serres/sensors/SER-AQ-07/status"))).containsExactly("sensor-topic-mismatch");
    }

    @Test
    void everyProblemOfAReadingIsReported() {
        Map<String, Object> row = with("observed", "yesterday");
        row.put("pm10", -5);
        row.put("noise", 61.0);
        assertThat(codes(row)).containsExactlyInAnyOrder("bad-observed", "bad-value", "unknown-quantity");
    }

    @Test
    void theQuantitiesAreThoseOfTheSchema() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(
                CanonicalSchemas.location(SensorReading.RECORD_TYPE, SensorReading.SCHEMA_VERSION))) {
            JsonNode quantities = CanonicalJson.mapper().readTree(in).at("/properties/measurements/properties");
            Set<String> inSchema = new TreeSet<>();
            quantities.fieldNames().forEachRemaining(inSchema::add);
            assertThat(inSchema).isEqualTo(SensorReadingMapper.QUANTITIES.keySet());
            SensorReadingMapper.QUANTITIES.forEach((name, range) -> {
                JsonNode q = quantities.get(name);
                if (range.min() != null) {
                    assertThat(q.get("minimum").decimalValue()).as(name).isEqualByComparingTo(range.min());
                } else {
                    assertThat(q.has("minimum")).as(name + " unbounded below").isFalse();
                }
                if (range.max() != null) {
                    assertThat(q.get("maximum").decimalValue()).as(name).isEqualByComparingTo(range.max());
                } else {
                    assertThat(q.has("maximum")).as(name + " unbounded above").isFalse();
                }
            });
        }
    }

    @Test
    void aReadingTravelsToTheRegionalPlatformInItsEnvelope() {
        SensorReading reading = mapper.map(row()).reading();
        com.fasterxml.jackson.databind.node.ObjectNode envelope =
                gr.syndesmos.mappings.destinations.RegionalEnvelopeMapper.toEnvelope(reading);
        assertThat(CanonicalSchemas.validate("regional-record-envelope", 1, envelope)).isEmpty();
        assertThat(envelope.get("recordType").asText()).isEqualTo("sensor-reading");
        assertThat(envelope.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(envelope.get("id").asText()).isEqualTo("9054-sensor-reading-SER-AQ-07-20261120T160000Z");
        assertThat(envelope.get("version").asText()).isEqualTo("2026-11-20T18:00:00+02:00");
        assertThat(envelope.at("/municipality/name").asText()).isEqualTo("Σερρών");
        JsonNode record = envelope.get("record");
        assertThat(record.get("sensorId").asText()).isEqualTo("SER-AQ-07");
        assertThat(record.at("/measurements/pm25").decimalValue()).isEqualByComparingTo("11.2");
        assertThat(record.at("/location/type").asText()).isEqualTo("Point");
        assertThat(record.has("id")).as("envelope fields are not repeated").isFalse();
    }
}
