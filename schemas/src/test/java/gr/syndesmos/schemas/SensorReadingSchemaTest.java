package gr.syndesmos.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.schemas.sensorreading.SensorReading;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Keeps the {@link SensorReading} record and its JSON Schema (v1) in step. */
class SensorReadingSchemaTest {

    private static final OffsetDateTime OBSERVED = OffsetDateTime.of(2026, 11, 20, 18, 0, 0, 0, ZoneOffset.ofHours(2));

    static SensorReading valid() {
        TreeMap<String, BigDecimal> measurements = new TreeMap<>();
        measurements.put("pm10", new BigDecimal("23.4"));
        measurements.put("pm25", new BigDecimal("11.2"));
        measurements.put("temperature", new BigDecimal("12.5"));
        measurements.put("relativeHumidity", new BigDecimal("0.54"));
        return reading(SensorReading.idOf("9054", "SER-AQ-07", OBSERVED), measurements,
                SensorReading.Point.of(new BigDecimal("23.5497"), new BigDecimal("41.0855")));
    }

    static SensorReading reading(String id, SortedMap<String, BigDecimal> measurements, SensorReading.Point location) {
        return new SensorReading(SensorReading.RECORD_TYPE, SensorReading.SCHEMA_VERSION, id, OBSERVED,
                new SensorReading.Municipality("9054", "Σερρών"), "SER-AQ-07", OBSERVED, measurements, location,
                new SensorReading.Source("mqtt", "serres/sensors/SER-AQ-07/reading"));
    }

    private static ObjectNode tree(SensorReading reading) {
        return CanonicalJson.mapper().valueToTree(reading);
    }

    private static List<String> validate(JsonNode node) {
        return CanonicalSchemas.validate(SensorReading.RECORD_TYPE, SensorReading.SCHEMA_VERSION, node);
    }

    private static TreeMap<String, BigDecimal> one(String quantity, String value) {
        TreeMap<String, BigDecimal> measurements = new TreeMap<>();
        measurements.put(quantity, new BigDecimal(value));
        return measurements;
    }

    @Test
    void validReadingValidates() {
        ObjectNode node = tree(valid());
        assertThat(validate(node)).isEmpty();
        assertThat(node.get("id").asText()).as("observation time in UTC")
                .isEqualTo("9054-sensor-reading-SER-AQ-07-20261120T160000Z");
        assertThat(node.get("version").asText()).isEqualTo("2026-11-20T18:00:00+02:00");
        assertThat(node.get("observedAt").asText()).isEqualTo("2026-11-20T18:00:00+02:00");
        assertThat(node.at("/location/coordinates/0").decimalValue()).as("GeoJSON: longitude first")
                .isEqualByComparingTo("23.5497");
        assertThat(node.at("/measurements/pm25").decimalValue()).isEqualByComparingTo("11.2");
    }

    @Test
    void sameInstantWithAnotherOffsetHasTheSameId() {
        assertThat(SensorReading.idOf("9054", "SER-AQ-07", OBSERVED.withOffsetSameInstant(ZoneOffset.UTC)))
                .isEqualTo(SensorReading.idOf("9054", "SER-AQ-07", OBSERVED));
    }

    @Test
    void everyPropertyOfTheRecordIsInTheSchema() {
        ObjectNode node = tree(valid());
        assertThat(node.size()).isEqualTo(SensorReading.class.getRecordComponents().length);
        assertThat(validate(node)).isEmpty();
    }

    @Test
    void readingWithoutLocationValidates() {
        assertThat(validate(tree(reading(valid().id(), valid().measurements(), null)))).isEmpty();
    }

    @Test
    void unknownQuantityIsRefused() {
        List<String> errors = validate(tree(reading(valid().id(), one("loudness", "60"), null)));
        assertThat(String.join("\n", errors)).contains("loudness");
    }

    @Test
    void impossibleValuesAreRefused() {
        assertThat(validate(tree(reading(valid().id(), one("pm10", "-1"), null)))).isNotEmpty();
        assertThat(validate(tree(reading(valid().id(), one("relativeHumidity", "54"), null)))).isNotEmpty();
        assertThat(validate(tree(reading(valid().id(), one("temperature", "-12.5"), null))))
                .as("temperature may be negative").isEmpty();
    }

    @Test
    void noMeasurementIsRefused() {
        assertThat(validate(tree(reading(valid().id(), new TreeMap<>(), null)))).isNotEmpty();
    }

    @Test
    void badLocationIsRefused() {
        assertThat(validate(tree(reading(valid().id(), valid().measurements(),
                SensorReading.Point.of(new BigDecimal("23.5"), new BigDecimal("91")))))).isNotEmpty();
        ObjectNode node = tree(valid());
        ((ObjectNode) node.get("location")).put("type", "Polygon");
        assertThat(validate(node)).isNotEmpty();
    }

    @Test
    void badIdIsRefused() {
        for (String id : List.of("9054-sensor-reading-SER-AQ-07", "9054-sensor-reading-SER AQ-20261120T160000Z",
                "905-sensor-reading-SER-AQ-07-20261120T160000Z", "9054-council-decision-2026-1")) {
            assertThat(validate(tree(reading(id, valid().measurements(), null)))).as(id).isNotEmpty();
        }
    }

    @Test
    void otherSourceSystemIsRefused() {
        ObjectNode node = tree(valid());
        ((ObjectNode) node.get("source")).put("system", "csv");
        assertThat(validate(node)).isNotEmpty();
    }

    @Test
    void validJsonRoundTripsThroughTheRecord() throws Exception {
        String json = CanonicalJson.mapper().writeValueAsString(valid());
        SensorReading back = CanonicalJson.mapper().readValue(json, SensorReading.class);
        assertThat(back).isEqualTo(valid());
    }
}
