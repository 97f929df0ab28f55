package gr.syndesmos.hub.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import gr.syndesmos.connectors.file.FileSnapshot;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.broker.RecordVersions;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.CanonicalSchemas;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The pipeline's ingest, for every flow: takes what a municipality's source connector hands in (an export file, a
 * batch of rows, a message) and puts each record on the broker at the flow's record-type address, translated by the
 * municipality's mapping and checked against the record's schema; invalid records go to the municipality's quarantine
 * with their reasons and line, drafts and known versions are skipped and recorded. Records go in JMS transactions of
 * {@value #BATCH}, and the state database learns of them after each commit. A file's outcome ({@code done} only once
 * every record is safely on the broker, quarantined or skipped) goes back to its connector, which files it; a crash
 * in between leaves it in the inbox, it is read again, and only the records of the last uncommitted batch can be
 * published a second time (identical, with the same idempotency key). Any failure (broker, database) propagates, so
 * a connector offers its file or batch again.
 */
@Component
public class RecordIngest {

    /** Exchange property set by the ingest route: which flow the exchange belongs to. */
    static final String FLOW = "syndesmos.flow";
    static final int BATCH = 500;
    /** Readings of one file cut short (the hub stopped) before it is refused rather than read again. */
    static final int UNFINISHED_LIMIT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(RecordIngest.class);
    private static final ObjectMapper JSON = CanonicalJson.mapper();

    private final PipelinePlan plan;
    private final StateStore state;
    private final ConnectionFactory connectionFactory;
    private final HubMetrics metrics;

    public RecordIngest(PipelinePlan plan, StateStore state, ConnectionFactory connectionFactory, HubMetrics metrics) {
        this.plan = plan;
        this.state = state;
        this.connectionFactory = connectionFactory;
        this.metrics = metrics;
    }

    /**
     * Camel entry point of every ingest route. For files: the exchange carries the local file (header
     * {@code SyndesmosLocalFile}) and its reading options, and gets {@code SyndesmosFileOutcome} (with
     * {@code SyndesmosFileReport} when refused) for its connector to file it. For rows and messages: the body is the batch, {@code SyndesmosSource} says
     * where it came from.
     */
    public void ingest(Exchange exchange) throws Exception {
        String flow = exchange.getProperty(FLOW, String.class);
        String code = exchange.getIn().getHeader(BrokerTopology.MUNICIPALITY, String.class);
        PipelinePlan.Lane lane = plan.lane(flow, code);
        IntakeResult result;
        if (lane.intake() == Flow.Intake.FILE) {
            // The file the connector listed, never a path rebuilt from headers (Camel turns '\\' in a name into '/').
            Path file = exchange.getIn().getHeader(ConnectorHeaders.LOCAL_FILE, Path.class);
            if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("The file connector handed over no regular file (" + file + ")");
            }
            @SuppressWarnings("unchecked")
            Map<String, String> options = exchange.getIn().getHeader(ConnectorHeaders.READER_OPTIONS, Map.of(),
                    Map.class);
            Filed filed = ingestFile(lane, file, options);
            result = filed.result();
            exchange.getIn().setHeader(ConnectorHeaders.FILE_OUTCOME, result.outcome());
            if (filed.report() != null) {
                exchange.getIn().setHeader(ConnectorHeaders.FILE_REPORT, filed.report());
            }
        } else {
            String source = exchange.getIn().getHeader(ConnectorHeaders.SOURCE, lane.intake().word(), String.class);
            List<?> rows = exchange.getIn().getMandatoryBody(List.class);
            result = ingestRows(lane, rows, source);
        }
        exchange.getIn().setBody(result);
    }

    /** What became of a file, and the report its connector keeps beside it when it was refused. */
    record Filed(IntakeResult result, String report) {
    }

    /**
     * Reads, publishes and files one export, with the connector's reading options (charset, delimiter...).
     *
     * <p>Before anything is published the file is read once whole for its encoding, and a file whose reading was cut
     * short {@value #UNFINISHED_LIMIT} times already (the hub stopped or crashed while reading it: too large,
     * malformed) is refused rather than read again. While it is read the newest record is held back: at the end of
     * the file the hub checks that the file did not change since it was taken; if it did (an exporter still writing
     * in place), that last record, possibly cut short, is not published, the file stays in the inbox and is read
     * again once it stops changing (what was published is recognised).
     */
    Filed ingestFile(PipelinePlan.Lane lane, Path file, Map<String, String> readerOptions) throws Exception {
        String code = lane.code();
        String flow = lane.flow().name();
        String fileName = file.getFileName().toString();
        FileSnapshot taken = FileSnapshot.of(file);
        SourceContext context = new SourceContext(fileName, code, lane.municipality().name(), readerOptions);
        if (state.unfinishedReadings(code, flow, fileName, taken.size(), taken.modified()) >= UNFINISHED_LIMIT) {
            long fileId = state.fileReceived(code, flow, fileName, taken.size(), taken.modified());
            return refuse(lane, file, fileId, new Counts(), new UnreadableFileException("stopped-the-hub",
                    "the hub stopped " + UNFINISHED_LIMIT + " times while reading this very file (same name, size and"
                            + " time); it is not read again. It may be far larger or more malformed than the hub's"
                            + " limits allow"));
        }
        long fileId = state.fileReceived(code, flow, fileName, taken.size(), taken.modified());
        Counts counts = new Counts();
        try {
            return readAndFile(lane, file, fileId, taken, context, counts);
        } catch (Exception failed) {
            // The reading ended by an exception (the broker failing over, the database gone): the hub did not stop
            // on this file, so this reading must not count towards refusing it. Only a reading that never ends (a
            // crash, an OutOfMemoryError) stays unfinished.
            try {
                state.fileCompleted(fileId, "failed", counts.toState(), String.valueOf(failed.getMessage()));
            } catch (RuntimeException unrecorded) {
                failed.addSuppressed(unrecorded);
            }
            throw failed;
        }
    }

    private Filed readAndFile(PipelinePlan.Lane lane, Path file, long fileId, FileSnapshot taken,
            SourceContext context, Counts counts) throws Exception {
        String fileName = file.getFileName().toString();
        try {
            lane.mapping().checkWholeFile(file, context);
        } catch (UnreadableFileException unreadable) {
            return refuse(lane, file, fileId, counts, unreadable);
        }
        boolean unchanged;
        try (Publisher publisher = new Publisher(connectionFactory, lane, System.currentTimeMillis())) {
            Batch batch = new Batch(lane, fileName);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                 RecordReader reader = lane.mapping().open(in, context)) {
                unchanged = publishAll(reader, publisher, batch, counts, () -> taken.equals(FileSnapshot.of(file)));
            } catch (UnreadableFileException unreadable) {
                // Records read before the problem (a truncated file, say) are complete: keep them.
                flush(batch, publisher, counts);
                return refuse(lane, file, fileId, counts, unreadable);
            }
        }
        String who = lane.municipality().latinName();
        if (!unchanged) {
            state.fileCompleted(fileId, "changed", counts.toState(), "the file changed while it was read");
            LOG.warn("{} {}: the file changed while it was read (still being written?); {} records published, the "
                    + "last one held back; it stays in the inbox and is read again once it stops changing", who,
                    fileName, counts.published);
            return new Filed(counts.result("changed", "changed while it was read"), null);
        }
        state.fileCompleted(fileId, "done", counts.toState(), null);
        LOG.info("{} {}: {} records, {} published, {} quarantined, {} skipped", who, fileName, counts.records,
                counts.published, counts.quarantined, counts.skipped);
        return new Filed(counts.result("done", null), null);
    }

    /**
     * One batch of rows or messages. A batch of rows (a database poll) is logged as received, like a file; messages
     * (MQTT) are not, one by one. Any exception (broker or database down) reaches the connector, which then offers the
     * same batch again.
     */
    public IntakeResult ingestRows(String flow, String municipalityCode, List<?> rows, String source)
            throws Exception {
        return ingestRows(plan.lane(flow, municipalityCode), rows, source);
    }

    IntakeResult ingestRows(PipelinePlan.Lane lane, List<?> rows, String source) throws Exception {
        boolean logged = lane.intake() == Flow.Intake.ROWS;
        String code = lane.code();
        long fileId = logged ? state.fileReceived(code, lane.flow().name(), source) : 0;
        Counts counts = new Counts();
        try (Publisher publisher = new Publisher(connectionFactory, lane, System.currentTimeMillis());
             RecordReader reader = lane.mapping().rows(asRows(rows).iterator(),
                     new SourceContext(source, code, lane.municipality().name(), Map.of()))) {
            Batch current = new Batch(lane, source);
            while (reader.hasNext()) {
                current.add(reader.next());
                counts.records++;
                if (current.size() >= BATCH) {
                    flush(current, publisher, counts);
                    current = new Batch(lane, source);
                }
            }
            flush(current, publisher, counts);
        }
        if (logged) {
            state.fileCompleted(fileId, "done", counts.toState(), null);
        }
        LOG.info("{} {}: {} {}, {} published, {} quarantined, {} skipped", lane.municipality().latinName(), source,
                counts.records, lane.intake().word(), counts.published, counts.quarantined, counts.skipped);
        return counts.result("done", null);
    }

    /** Rows are maps; anything else a connector hands over is kept, as a row the mapping will refuse. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, ?>> asRows(List<?> rows) {
        List<Map<String, ?>> maps = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (row instanceof Map<?, ?> map) {
                maps.add((Map<String, ?>) map);
            } else {
                Map<String, Object> unusable = new LinkedHashMap<>();
                unusable.put("_error", "the connector handed a " + (row == null ? "null"
                        : row.getClass().getSimpleName()) + ", not a row");
                unusable.put("_unparseable", String.valueOf(row));
                maps.add(unusable);
            }
        }
        return maps;
    }

    /**
     * Publishes every record of a file in transactions of {@value #BATCH}, holding the newest record back until the
     * next one is read. At the end, the held-back rest is published only when {@code unchanged} says the file did not
     * change while it was read; returns whether it was. On an unreadable rest of file the exception propagates with
     * {@code batch} holding the records read before it; the caller flushes them.
     */
    private boolean publishAll(RecordReader reader, Publisher publisher, Batch batch, Counts counts,
            BooleanSupplier unchanged) throws Exception {
        Batch current = batch;
        try {
            while (reader.hasNext()) {
                current.add(reader.next());
                counts.records++;
                if (current.size() > BATCH) {
                    MappedRecord newest = current.records.remove(current.records.size() - 1);
                    flush(current, publisher, counts);
                    current = new Batch(current.lane, current.source);
                    current.add(newest);
                }
            }
            if (!unchanged.getAsBoolean()) {
                return false;
            }
            flush(current, publisher, counts);
            batch.records.clear();
            return true;
        } catch (UnreadableFileException e) {
            if (current != batch) {
                batch.records.clear();
                batch.records.addAll(current.records);
            }
            throw e;
        }
    }

    private Filed refuse(PipelinePlan.Lane lane, Path file, long fileId, Counts counts,
            UnreadableFileException problem) {
        String outcome = counts.records == 0
                ? "Nothing of this file was sent anywhere."
                : "Reading stopped at the problem. The " + counts.records + " records before it were complete and"
                        + " were handled (" + counts.published + " published, " + counts.quarantined + " quarantined, "
                        + counts.skipped + " skipped); the rest of the file was not read.";
        String report = """
                Syndesmos %s this file.

                File:          %s
                Municipality:  %s (%s)
                Flow:          %s
                Problem:       %s
                Reason code:   %s

                %s
                What to do: correct the export (or its settings in the legacy system) and drop the file again.
                Records that already reached the hub are recognised and not sent twice.
                """.formatted(counts.records == 0 ? "refused" : "could not read all of", file.getFileName(),
                lane.municipality().name(), lane.code(), lane.flow().name(), problem.getMessage(), problem.code(),
                outcome);
        state.fileCompleted(fileId, "error", counts.toState(), problem.getMessage());
        LOG.warn("{} {}: refused ({}): {}", lane.municipality().latinName(), file.getFileName(), problem.code(),
                problem.getMessage());
        return new Filed(counts.result("error", problem.getMessage()), report);
    }

    private void flush(Batch batch, Publisher publisher, Counts counts) throws Exception {
        if (batch.records.isEmpty()) {
            return;
        }
        Flow flow = batch.lane.flow();
        Counts before = counts.copy();
        Map<String, OffsetDateTime> latest = new LinkedHashMap<>(state.latestVersions(flow.recordType(),
                batch.records.stream().filter(r -> r.recordId() != null).map(MappedRecord::recordId)
                        .collect(Collectors.toSet())));
        List<StateStore.PublishedVersion> published = new ArrayList<>();
        List<StateStore.RecordEvent> events = new ArrayList<>();
        for (MappedRecord record : batch.records) {
            switch (record.outcome()) {
                case DRAFT -> {
                    counts.skipped++;
                    events.add(batch.event(record, "skipped-draft", "a draft: not published"));
                }
                case INVALID -> {
                    counts.quarantined++;
                    publisher.quarantine(record, batch.source, record.problems());
                    events.add(batch.event(record, "quarantined", record.problems().stream()
                            .map(MappedRecord.Problem::code).distinct().collect(Collectors.joining(","))));
                }
                case VALID -> {
                    OffsetDateTime known = latest.get(record.recordId());
                    if (known != null && (flow.versions() == Flow.Versions.IMMUTABLE
                            || known.isEqual(record.version()))) {
                        counts.skipped++;
                        events.add(batch.event(record, "duplicate", "this version was already published"));
                        continue;
                    }
                    if (known != null && known.isAfter(record.version())) {
                        counts.skipped++;
                        events.add(batch.event(record, "stale", "a newer version (" + known + ") was already published"));
                        continue;
                    }
                    JsonNode json = record.record();
                    List<String> schemaErrors = CanonicalSchemas.validate(flow.recordType(), flow.schemaVersion(),
                            json);
                    if (!schemaErrors.isEmpty()) {
                        counts.quarantined++;
                        publisher.quarantine(record, batch.source, schemaErrors.stream()
                                .map(e -> new MappedRecord.Problem("schema", null, e)).toList());
                        events.add(batch.event(record, "quarantined", "schema: " + String.join("; ", schemaErrors)));
                        continue;
                    }
                    publisher.publish(record, JSON.writeValueAsString(json), batch.source, known);
                    latest.put(record.recordId(), record.version());
                    counts.published++;
                    published.add(new StateStore.PublishedVersion(flow.recordType(), flow.schemaVersion(),
                            record.recordId(), record.version(), batch.lane.code(), record.legacyId(),
                            batch.sourceOf(record), batch.lineOf(record)));
                    if (known != null) {
                        events.add(batch.event(record, "correction", "newer version of " + known));
                    }
                }
            }
        }
        // Stamped before the commit: a destination may answer before the state database hears of the batch.
        OffsetDateTime onBroker = OffsetDateTime.now(ZoneOffset.UTC);
        publisher.commit();
        state.batchPublished(published, events, onBroker);
        String code = batch.lane.code();
        metrics.received(code, flow.name(), batch.records.size());
        metrics.published(code, flow.name(), counts.published - before.published);
        metrics.quarantined(code, flow.name(), counts.quarantined - before.quarantined);
        metrics.skipped(code, flow.name(), counts.skipped - before.skipped);
    }

    /** The idempotency key of a record version, the same at every hop: {@code 9318:9318-council-decision-2026-245:<version>}. */
    static String idempotencyKey(String municipality, String recordId, OffsetDateTime version) {
        return municipality + ":" + recordId + ":" + RecordVersions.format(version);
    }

    /**
     * What became of one file or batch.
     *
     * @param outcome {@code done}, {@code error} (refused, moved to {@code error/} with a report) or {@code changed}
     *     (it changed while it was read; it stays in the inbox)
     */
    public record IntakeResult(String outcome, int records, int published, int quarantined, int skipped,
            String error) {
    }

    private static final class Counts {
        int records;
        int published;
        int quarantined;
        int skipped;

        Counts copy() {
            Counts copy = new Counts();
            copy.records = records;
            copy.published = published;
            copy.quarantined = quarantined;
            copy.skipped = skipped;
            return copy;
        }

        StateStore.FileCounts toState() {
            return new StateStore.FileCounts(records, published, quarantined, skipped);
        }

        IntakeResult result(String outcome, String error) {
            return new IntakeResult(outcome, records, published, quarantined, skipped, error);
        }
    }

    private static final class Batch {
        final PipelinePlan.Lane lane;
        final String source;
        final List<MappedRecord> records = new ArrayList<>(BATCH);

        Batch(PipelinePlan.Lane lane, String source) {
            this.lane = lane;
            this.source = source;
        }

        void add(MappedRecord record) {
            records.add(record);
        }

        int size() {
            return records.size();
        }

        /** Where an operator looks for a record: its origin (a reading's MQTT topic) when it has one, else the file. */
        String sourceOf(MappedRecord record) {
            return record.origin() != null ? record.origin() : source;
        }

        /** A record with its own origin has no line in a file. */
        Integer lineOf(MappedRecord record) {
            return record.origin() != null ? null : record.line();
        }

        StateStore.RecordEvent event(MappedRecord record, String event, String detail) {
            return new StateStore.RecordEvent(lane.code(), lane.flow().recordType(), record.recordId(),
                    record.legacyId(), record.version(), event, detail, sourceOf(record), lineOf(record));
        }
    }

    /** One transacted JMS session for the whole file or batch: records and quarantines commit together. */
    private static final class Publisher implements AutoCloseable {
        private final Connection connection;
        private final Session session;
        private final MessageProducer records;
        private final MessageProducer quarantine;
        private final String municipality;
        private final String recordType;
        private final long pickedUpAt;

        Publisher(ConnectionFactory factory, PipelinePlan.Lane lane, long pickedUpAt) throws JMSException {
            this.municipality = lane.code();
            this.recordType = lane.flow().recordType();
            this.pickedUpAt = pickedUpAt;
            this.connection = factory.createConnection();
            this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
            this.records = session.createProducer(session.createTopic(BrokerTopology.recordAddress(recordType)));
            this.quarantine = session.createProducer(session.createTopic(BrokerTopology.QUARANTINE_ADDRESS));
        }

        void publish(MappedRecord record, String json, String source, OffsetDateTime correctionOf)
                throws JMSException {
            TextMessage message = session.createTextMessage(json);
            message.setStringProperty(BrokerTopology.MUNICIPALITY, municipality);
            message.setStringProperty(BrokerTopology.RECORD_TYPE, recordType);
            message.setStringProperty(BrokerTopology.RECORD_ID, record.recordId());
            message.setStringProperty(BrokerTopology.GROUP, recordType + ":" + record.recordId());
            message.setStringProperty(BrokerTopology.RECORD_VERSION, RecordVersions.format(record.version()));
            message.setStringProperty(BrokerTopology.IDEMPOTENCY_KEY,
                    idempotencyKey(municipality, record.recordId(), record.version()));
            where(message, record, source);
            message.setLongProperty(BrokerTopology.PICKED_UP_AT, pickedUpAt);
            if (correctionOf != null) {
                message.setStringProperty(BrokerTopology.CORRECTION_OF, RecordVersions.format(correctionOf));
            }
            records.send(message);
        }

        /** Where an operator finds the record: its origin (a topic) or its file and line. */
        private static void where(TextMessage message, MappedRecord record, String source) throws JMSException {
            if (record.origin() != null) {
                message.setStringProperty(BrokerTopology.SOURCE_FILE, record.origin());
            } else {
                if (source != null) {
                    message.setStringProperty(BrokerTopology.SOURCE_FILE, source);
                }
                message.setIntProperty(BrokerTopology.SOURCE_LINE, record.line());
            }
        }

        void quarantine(MappedRecord record, String source, List<MappedRecord.Problem> reasons) throws JMSException {
            ObjectNode body = JSON.createObjectNode();
            body.put("municipality", municipality);
            body.put("recordType", recordType);
            body.put("recordId", record.recordId());
            body.put("legacyId", record.legacyId());
            body.put("file", source);
            if (record.origin() != null) {
                body.put("origin", record.origin());
            } else {
                body.put("line", record.line());
            }
            ArrayNode list = body.putArray("reasons");
            reasons.forEach(r -> list.addObject().put("code", r.code()).put("field", r.field())
                    .put("message", r.message()));
            if (record.raw() != null) {
                // Only mappings whose values hold no personal data keep them (a sensor's reading).
                ObjectNode values = body.putObject("values");
                record.raw().forEach((key, value) -> values.set(key, JSON.valueToTree(printable(value))));
            }
            TextMessage message = session.createTextMessage(body.toString());
            message.setStringProperty(BrokerTopology.MUNICIPALITY, municipality);
            message.setStringProperty(BrokerTopology.RECORD_TYPE, recordType);
            if (record.recordId() != null) {
                message.setStringProperty(BrokerTopology.RECORD_ID, record.recordId());
            }
            where(message, record, source);
            message.setLongProperty(BrokerTopology.PICKED_UP_AT, pickedUpAt);
            message.setStringProperty(BrokerTopology.QUARANTINE_REASONS,
                    reasons.stream().map(MappedRecord.Problem::code).distinct().collect(Collectors.joining(",")));
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
