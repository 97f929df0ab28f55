package gr.syndesmos.mappings.sensors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappedRecord.Outcome;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.WriteBackFormat;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.sensorreading.SensorReading;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The built-in mapping of the {@code sensor-readings} flow: every municipality's sensors speak the one small JSON
 * format of {@code mappings/9054/sensor-readings/format.md}, whose checks (a quantity's range, a sensor named twice,
 * a payload that is not JSON) no mapping.yml field type expresses, so {@link SensorReadingMapper} translates it in
 * code. Each record keeps its MQTT topic as its origin and its row as it arrived, for the quarantine.
 */
public final class SensorReadingsMapping implements LegacyMapping {

    public static final String FLOW = "sensor-readings";

    @Override
    public String municipalityCode() {
        return null;
    }

    @Override
    public String flow() {
        return FLOW;
    }

    @Override
    public String recordType() {
        return SensorReading.RECORD_TYPE;
    }

    @Override
    public int schemaVersion() {
        return SensorReading.SCHEMA_VERSION;
    }

    @Override
    public String legacySystem() {
        return "sensor gateways (JSON over MQTT)";
    }

    @Override
    public String format() {
        return "rows";
    }

    @Override
    public boolean readsFiles() {
        return false;
    }

    @Override
    public RecordReader open(InputStream export, SourceContext context) {
        throw new UnsupportedOperationException("sensor readings arrive as rows, not files");
    }

    @Override
    public RecordReader rows(Iterator<? extends Map<String, ?>> rows, SourceContext context) {
        if (!context.readerOptions().isEmpty()) {
            throw new IllegalArgumentException("rows take no reader options, got " + context.readerOptions().keySet());
        }
        SensorReadingMapper mapper = new SensorReadingMapper(context.municipalityCode(), context.municipalityName());
        return new RecordReader() {
            private int position;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public MappedRecord next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                Map<String, Object> row = row(rows.next());
                position++;
                SensorReadingMapper.Mapped m = mapper.map(row);
                if (!m.valid()) {
                    return new MappedRecord(Outcome.INVALID, m.recordId(), m.observedAt(), null, m.sensorId(),
                            position, m.problems(), m.topic(), row);
                }
                ObjectNode record = CanonicalJson.mapper().valueToTree(m.reading());
                return new MappedRecord(Outcome.VALID, m.recordId(), m.reading().version(), record, m.sensorId(),
                        position, m.problems(), m.topic(), row);
            }

            @Override
            public void close() {
                // The rows belong to the caller.
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(Object row) {
        if (row instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        // A connector bug rather than a sensor's: keep the reading, refused, so nothing is dropped.
        Map<String, Object> unusable = new LinkedHashMap<>();
        unusable.put(SensorReadingMapper.ERROR, "the connector handed a " + (row == null ? "null"
                : row.getClass().getSimpleName()) + ", not a row");
        unusable.put(SensorReadingMapper.UNPARSEABLE, String.valueOf(row));
        return unusable;
    }

    @Override
    public Optional<WriteBackFormat> writeBack() {
        return Optional.empty();
    }
}
