package gr.syndesmos.hub.sensorreadings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.broker.RecordVersions;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.sensors.SensorReadingMapper;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.CanonicalSchemas;
import gr.syndesmos.schemas.sensorreading.SensorReading;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes one batch of sensor readings (rows from a {@code produces: rows} connector, MQTT for Serres) and puts each
 * on the broker: valid readings on the {@code sensor-reading} address, invalid ones in the municipality's quarantine
 * with their reasons, readings already published recognised and skipped. The whole batch is ONE JMS transaction;
 * the state database learns of it after the commit. Any failure (broker, database) propagates, so the connector
 * does not acknowledge and offers the batch again: a reading published before such a failure is then recognised,
 * or at worst, if the failure fell between the broker's commit and the database's, published once more with the same
 * idempotency key (the delivery step and the regional platform both recognise it).
 */
@Component
public class SensorReadingIngest {

    public static final String FLOW = "sensor-readings";
    /** Header a rows connector sets: where the rows came from, e.g. {@code mqtt:serres/sensors/+/reading}. */
    public static final String SOURCE_HEADER = "SyndesmosSource";

    private static final Logger LOG = LoggerFactory.getLogger(SensorReadingIngest.class);
    private static final ObjectMapper JSON = CanonicalJson.mapper();

    private final MunicipalityRegistry municipalities;
    private final StateStore state;
    private final ConnectionFactory connectionFactory;
    private final HubMetrics metrics;

    public SensorReadingIngest(MunicipalityRegistry municipalities, StateStore state,
            ConnectionFactory connectionFactory, HubMetrics metrics) {
        this.municipalities = municipalities;
        this.state = state;
        this.connectionFactory = connectionFactory;
        this.metrics = metrics;
    }

    /** Camel entry point: body {@code List<Map<String,Object>>}, headers municipality and {@value #SOURCE_HEADER}. */
    public void ingest(Exchange exchange) throws Exception {
        String code = exchange.getIn().getHeader(BrokerTopology.MUNICIPALITY, String.class);
        List<?> rows = exchange.getIn().getMandatoryBody(List.class);
        String source = exchange.getIn().getHeader(SOURCE_HEADER, String.class);
        exchange.getIn().setBody(ingest(municipalities.require(code), rows, source));
    }

    public BatchResult ingest(Municipality municipality, List<?> rows, String source) throws Exception {
        String code = municipality.code();
        SensorReadingMapper mapper = new SensorReadingMapper(code, municipality.name());
        long pickedUpAt = System.currentTimeMillis();
        List<SensorReadingMapper.Mapped> mapped = new ArrayList<>(rows.size());
        List<Map<String, Object>> originals = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Map<String, Object> values = asRow(row);
            originals.add(values);
            mapped.add(mapper.map(values));
        }
        Map<String, OffsetDateTime> latest = new LinkedHashMap<>(state.latestVersions(SensorReading.RECORD_TYPE,
                mapped.stream().map(SensorReadingMapper.Mapped::recordId).filter(Objects::nonNull)
                        .collect(Collectors.toSet())));

        int published = 0;
        int quarantined = 0;
        int skipped = 0;
        List<StateStore.PublishedVersion> versions = new ArrayList<>();
        List<StateStore.RecordEvent> events = new ArrayList<>();
        OffsetDateTime onBroker;
        try (Publisher publisher = new Publisher(connectionFactory, code, pickedUpAt, source)) {
            for (int i = 0; i < mapped.size(); i++) {
                SensorReadingMapper.Mapped m = mapped.get(i);
                String origin = m.topic() != null ? m.topic() : source;
                List<MappedRecord.Problem> problems = m.problems();
                JsonNode json = null;
                if (m.valid()) {
                    OffsetDateTime known = latest.get(m.recordId());
                    if (known != null) {
                        // A reading never changes: a second copy is the same reading (a gateway resending).
                        skipped++;
                        events.add(event(code, m, "duplicate", "this reading was already published", origin));
                        continue;
                    }
                    json = JSON.valueToTree(m.reading());
                    List<String> schemaErrors = CanonicalSchemas.validate(SensorReading.RECORD_TYPE,
                            SensorReading.SCHEMA_VERSION, json);
                    problems = schemaErrors.stream().map(e -> new MappedRecord.Problem("schema", null, e)).toList();
                }
                if (!problems.isEmpty()) {
                    quarantined++;
                    publisher.quarantine(m, originals.get(i), problems, origin);
                    events.add(event(code, m, "quarantined", problems.stream().map(MappedRecord.Problem::code)
                            .distinct().collect(Collectors.joining(",")), origin));
                    continue;
                }
                publisher.publish(m.reading(), JSON.writeValueAsString(json));
                latest.put(m.recordId(), m.reading().version());
                published++;
                versions.add(new StateStore.PublishedVersion(SensorReading.RECORD_TYPE, SensorReading.SCHEMA_VERSION,
                        m.recordId(), m.reading().version(), code, m.sensorId(), origin, null));
            }
            // Stamped before the commit: the regional platform may answer before the state database hears of it.
            onBroker = OffsetDateTime.now(java.time.ZoneOffset.UTC);
            publisher.commit();
        }
        state.batchPublished(versions, events, onBroker);
        metrics.received(code, FLOW, rows.size());
        metrics.published(code, FLOW, published);
        metrics.quarantined(code, FLOW, quarantined);
        metrics.skipped(code, FLOW, skipped);
        LOG.info("{} {}: {} readings, {} published, {} quarantined, {} already known", municipality.latinName(),
                source == null ? "batch" : source, rows.size(), published, quarantined, skipped);
        return new BatchResult(rows.size(), published, quarantined, skipped);
    }

    /** The idempotency key of a reading, the same form as every record's: {@code <code>:<record id>:<version>}. */
    static String idempotencyKey(String municipality, String recordId, OffsetDateTime version) {
        return municipality + ":" + recordId + ":" + RecordVersions.format(version);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asRow(Object row) {
        if (row instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        // A connector bug rather than a sensor's: keep the reading, refused, so nothing is dropped.
        Map<String, Object> unusable = new LinkedHashMap<>();
        unusable.put(SensorReadingMapper.ERROR, "the connector handed a " + (row == null ? "null"
                : row.getClass().getSimpleName()) + ", not a row");
        unusable.put(SensorReadingMapper.UNPARSEABLE, String.valueOf(row));
        return unusable;
    }

    private static StateStore.RecordEvent event(String code, SensorReadingMapper.Mapped m, String event,
            String detail, String origin) {
        return new StateStore.RecordEvent(code, SensorReading.RECORD_TYPE, m.recordId(), m.sensorId(),
                m.observedAt(), event, detail, origin, null);
    }

    public record BatchResult(int readings, int published, int quarantined, int skipped) {
    }

    /** One transacted JMS session for the batch: readings and quarantines commit together. */
    private static final class Publisher implements AutoCloseable {
        private final Connection connection;
        private final Session session;
        private final MessageProducer records;
        private final MessageProducer quarantine;
        private final String municipality;
        private final long pickedUpAt;
        private final String source;

        Publisher(ConnectionFactory factory, String municipality, long pickedUpAt, String source)
                throws JMSException {
            this.municipality = municipality;
            this.pickedUpAt = pickedUpAt;
            this.source = source;
            this.connection = factory.createConnection();
            this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
            this.records = session.createProducer(session.createTopic(
                    BrokerTopology.recordAddress(SensorReading.RECORD_TYPE)));
            this.quarantine = session.createProducer(session.createTopic(BrokerTopology.QUARANTINE_ADDRESS));
        }

        void publish(SensorReading reading, String json) throws JMSException {
            TextMessage message = session.createTextMessage(json);
            message.setStringProperty(BrokerTopology.MUNICIPALITY, municipality);
            message.setStringProperty(BrokerTopology.RECORD_TYPE, SensorReading.RECORD_TYPE);
            message.setStringProperty(BrokerTopology.RECORD_ID, reading.id());
            message.setStringProperty(BrokerTopology.RECORD_VERSION, RecordVersions.format(reading.version()));
            message.setStringProperty(BrokerTopology.IDEMPOTENCY_KEY,
                    idempotencyKey(municipality, reading.id(), reading.version()));
            message.setLongProperty(BrokerTopology.PICKED_UP_AT, pickedUpAt);
            if (reading.source().topic() != null || source != null) {
                // Where an operator looks for it; a reading has no file, its topic plays that part.
                message.setStringProperty(BrokerTopology.SOURCE_FILE,
                        reading.source().topic() != null ? reading.source().topic() : source);
            }
            records.send(message);
        }

        void quarantine(SensorReadingMapper.Mapped m, Map<String, Object> row, List<MappedRecord.Problem> problems,
                String origin) throws JMSException {
            ObjectNode body = JSON.createObjectNode();
            body.put("municipality", municipality);
            body.put("recordType", SensorReading.RECORD_TYPE);
            body.put("recordId", m.recordId());
            body.put("sensorId", m.sensorId());
            body.put("topic", m.topic());
            body.put("source", source);
            ArrayNode list = body.putArray("reasons");
            problems.forEach(p -> list.addObject().put("code", p.code()).put("field", p.field())
                    .put("message", p.message()));
            ObjectNode reading = body.putObject("reading");
            row.forEach((key, value) -> reading.set(key, JSON.valueToTree(printable(value))));
            TextMessage message = session.createTextMessage(body.toString());
            message.setStringProperty(BrokerTopology.MUNICIPALITY, municipality);
            message.setStringProperty(BrokerTopology.RECORD_TYPE, SensorReading.RECORD_TYPE);
            if (m.recordId() != null) {
                message.setStringProperty(BrokerTopology.RECORD_ID, m.recordId());
            }
            if (origin != null) {
                message.setStringProperty(BrokerTopology.SOURCE_FILE, origin);
            }
            message.setLongProperty(BrokerTopology.PICKED_UP_AT, pickedUpAt);
            message.setStringProperty(BrokerTopology.QUARANTINE_REASONS,
                    problems.stream().map(MappedRecord.Problem::code).distinct().collect(Collectors.joining(",")));
            quarantine.send(message);
        }

        /** JSON cannot carry NaN or infinity: such a value is kept as its text. */
        private static Object printable(Object value) {
            if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
                return value.toString();
            }
            return value instanceof Number || value instanceof Boolean || value == null ? value : value.toString();
        }

        void commit() throws JMSException {
            session.commit();
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }
}
