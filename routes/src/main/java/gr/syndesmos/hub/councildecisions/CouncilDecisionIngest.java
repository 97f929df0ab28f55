package gr.syndesmos.hub.councildecisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.connectors.catalog.ConnectorHeaders;
import gr.syndesmos.connectors.file.InboxFiles;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.inbox.DoneFilesWatch;
import gr.syndesmos.hub.inbox.FileSnapshot;
import gr.syndesmos.hub.broker.RecordVersions;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.mappings.LegacyMapping;
import gr.syndesmos.mappings.MappedRecord;
import gr.syndesmos.mappings.MappingCatalog;
import gr.syndesmos.mappings.RecordReader;
import gr.syndesmos.mappings.SourceContext;
import gr.syndesmos.mappings.UnreadableFileException;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.CanonicalSchemas;
import gr.syndesmos.schemas.councildecision.CouncilDecision;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes one export file from a municipality's inbox and puts each of its records on the broker: valid ones on the
 * record-type address, invalid ones in the municipality's quarantine with their reasons and line, drafts skipped
 * and recorded. Records go in JMS transactions of {@value #BATCH} records, and the state database learns of them
 * after each commit; the file moves to {@code done/} only once every record is safely on the broker, quarantined or
 * skipped. A crash in between leaves the file in the inbox: it is read again, and only the records of the last
 * uncommitted batch can be published a second time (identical, with the same idempotency key).
 */
@Component
public class CouncilDecisionIngest {

    public static final String FLOW = "council-decisions";
    /** Header set after a file is handled: {@code done} or {@code error}, as the file connectors expect. */
    public static final String FILE_OUTCOME = "SyndesmosFileOutcome";
    /** Header of file connectors: reading options (charset, delimiter, quote, headerNames) given in the municipality file. */
    public static final String READER_OPTIONS = "SyndesmosReaderOptions";
    /** Header of row connectors: where the rows came from. */
    public static final String SOURCE = "SyndesmosSource";
    static final int BATCH = 500;
    /** Readings of one file cut short (the hub stopped) before it is refused rather than read again. */
    static final int UNFINISHED_LIMIT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(CouncilDecisionIngest.class);
    private static final ObjectMapper JSON = CanonicalJson.mapper();

    private final MunicipalityRegistry municipalities;
    private final StateStore state;
    private final ConnectionFactory connectionFactory;
    private final MappingCatalog mappings;
    private final HubMetrics metrics;
    private final DoneFilesWatch doneWatch;

    public CouncilDecisionIngest(MunicipalityRegistry municipalities, StateStore state,
            ConnectionFactory connectionFactory, HubMetrics metrics, MappingCatalog mappings,
            DoneFilesWatch doneWatch) {
        this.doneWatch = doneWatch;
        this.mappings = mappings;
        this.municipalities = municipalities;
        this.state = state;
        this.connectionFactory = connectionFactory;
        this.metrics = metrics;
    }

    /**
     * Camel entry point for file sources: the exchange carries the local file's path, the municipality code and the
     * reading options its connector was given. Sets {@link #FILE_OUTCOME} ({@code done} or {@code error}) so that a
     * remote connector can file the original the same way.
     */
    public void ingest(Exchange exchange) throws Exception {
        // The file the connector listed, never a path rebuilt from headers (Camel turns '\\' in a name into '/').
        Path file = exchange.getIn().getHeader(ConnectorHeaders.LOCAL_FILE, Path.class);
        if (file == null || !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("The file connector handed over no regular file (" + file + ")");
        }
        String code = exchange.getIn().getHeader(BrokerTopology.MUNICIPALITY, String.class);
        @SuppressWarnings("unchecked")
        Map<String, String> options = exchange.getIn().getHeader(READER_OPTIONS, Map.of(), Map.class);
        FileResult result = ingest(municipalities.require(code), file, options);
        exchange.getIn().setHeader(FILE_OUTCOME, result.outcome());
        exchange.getIn().setBody(result);
    }

    /**
     * Camel entry point for row sources (a database table, records pushed over HTTP): the body is the batch of rows,
     * {@code SyndesmosSource} says where they came from. Any exception (broker or database down) reaches the
     * connector, which then offers the same rows again.
     */
    public void ingestRows(Exchange exchange) throws Exception {
        String code = exchange.getIn().getHeader(BrokerTopology.MUNICIPALITY, String.class);
        String source = exchange.getIn().getHeader(SOURCE, "rows", String.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getIn().getBody(List.class);
        Municipality municipality = municipalities.require(code);
        LegacyMapping mapping = mappingOf(municipality);
        long fileId = state.fileReceived(code, FLOW, source);
        Counts counts = new Counts();
        try (Publisher publisher = new Publisher(connectionFactory, code, System.currentTimeMillis());
             RecordReader reader = mapping.rows(rows.iterator(),
                     new SourceContext(source, code, municipality.name(), Map.of()))) {
            publishAll(reader, publisher, new Batch(code, source), counts);
        }
        state.fileCompleted(fileId, "done", counts.toState(), null);
        LOG.info("{} {}: {} rows, {} published, {} quarantined, {} skipped", municipality.latinName(), source,
                counts.records, counts.published, counts.quarantined, counts.skipped);
        exchange.getIn().setBody(new FileResult("done", counts.records, counts.published, counts.quarantined,
                counts.skipped, null));
    }

    /** Reads, publishes and files one export. Transient failures (broker, database) propagate: the file stays. */
    public FileResult ingest(Municipality municipality, Path file) throws Exception {
        return ingest(municipality, file, Map.of());
    }

    /**
     * As {@link #ingest(Municipality, Path)}, with the connector's reading options (charset, delimiter...).
     *
     * <p>Before anything is published the file is read once whole for its encoding, and a file whose reading was cut
     * short {@value #UNFINISHED_LIMIT} times already (the hub stopped or crashed while reading it: too large,
     * malformed) is refused rather than read again. While it is read the newest record is held back: at the end of
     * the file the hub checks that the file did not change since it was taken; if it did (an exporter still writing
     * in place), that last record, possibly cut short, is not published, the file stays in the inbox and is read
     * again once it stops changing (what was published is recognised). After the move to {@code done/} the file is
     * watched for a while ({@link DoneFilesWatch}) in case its writer was only pausing.
     */
    public FileResult ingest(Municipality municipality, Path file, Map<String, String> readerOptions)
            throws Exception {
        LegacyMapping mapping = mappingOf(municipality);
        String fileName = file.getFileName().toString();
        FileSnapshot taken = FileSnapshot.of(file);
        SourceContext context = new SourceContext(fileName, municipality.code(), municipality.name(), readerOptions);
        if (state.unfinishedReadings(municipality.code(), FLOW, fileName, taken.size(), taken.modified())
                >= UNFINISHED_LIMIT) {
            long fileId = state.fileReceived(municipality.code(), FLOW, fileName, taken.size(), taken.modified());
            return refuse(municipality, file, fileId, new Counts(), new UnreadableFileException("stopped-the-hub",
                    "the hub stopped " + UNFINISHED_LIMIT + " times while reading this very file (same name, size and"
                            + " time); it is not read again. It may be far larger or more malformed than the hub's"
                            + " limits allow"));
        }
        long fileId = state.fileReceived(municipality.code(), FLOW, fileName, taken.size(), taken.modified());
        Counts counts = new Counts();
        try {
            mapping.checkWholeFile(file, context);
        } catch (UnreadableFileException unreadable) {
            return refuse(municipality, file, fileId, counts, unreadable);
        }
        boolean unchanged;
        try (Publisher publisher = new Publisher(connectionFactory, municipality.code(), System.currentTimeMillis())) {
            Batch batch = new Batch(municipality.code(), fileName);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                 RecordReader reader = mapping.open(in, context)) {
                unchanged = publishAll(reader, publisher, batch, counts, () -> taken.equals(FileSnapshot.of(file)));
            } catch (UnreadableFileException unreadable) {
                // Records read before the problem (a truncated file, say) are complete: keep them.
                flush(batch, publisher, counts);
                return refuse(municipality, file, fileId, counts, unreadable);
            }
        }
        if (!unchanged) {
            state.fileCompleted(fileId, "changed", counts.toState(), "the file changed while it was read");
            LOG.warn("{} {}: the file changed while it was read (still being written?); {} records published, the "
                            + "last one held back; it stays in the inbox and is read again once it stops changing",
                    municipality.latinName(), fileName, counts.published);
            return new FileResult("changed", counts.records, counts.published, counts.quarantined, counts.skipped,
                    "changed while it was read");
        }
        Path done = InboxFiles.moveToDone(file);
        doneWatch.watch(done, file, taken);
        state.fileCompleted(fileId, "done", counts.toState(), null);
        LOG.info("{} {}: {} records, {} published, {} quarantined, {} skipped; moved to {}",
                municipality.latinName(), fileName, counts.records, counts.published, counts.quarantined,
                counts.skipped, done);
        return new FileResult("done", counts.records, counts.published, counts.quarantined, counts.skipped, null);
    }

    /**
     * Publishes every record of a reader in transactions of {@value #BATCH}, holding the newest record back until
     * the next one is read. At the end, the held-back rest is published only when {@code unchanged} says the file did
     * not change while it was read; returns whether it was. On an unreadable rest of file the exception propagates
     * with {@code batch} holding the records read before it; the caller flushes them.
     */
    private boolean publishAll(RecordReader reader, Publisher publisher, Batch batch, Counts counts,
            java.util.function.BooleanSupplier unchanged) throws Exception {
        Batch current = batch;
        try {
            while (reader.hasNext()) {
                current.add(reader.next());
                counts.records++;
                if (current.size() > BATCH) {
                    MappedRecord newest = current.records.remove(current.records.size() - 1);
                    flush(current, publisher, counts);
                    current = new Batch(current.municipality, current.fileName);
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

    /** For row sources: every record, in transactions of {@value #BATCH}. */
    private void publishAll(RecordReader reader, Publisher publisher, Batch batch, Counts counts) throws Exception {
        Batch current = batch;
        while (reader.hasNext()) {
            current.add(reader.next());
            counts.records++;
            if (current.size() >= BATCH) {
                flush(current, publisher, counts);
                current = new Batch(current.municipality, current.fileName);
            }
        }
        flush(current, publisher, counts);
    }

    private LegacyMapping mappingOf(Municipality municipality) {
        return mappings.mapping(municipality.flows().get(FLOW).mappingCode(municipality.code()), FLOW);
    }

    private FileResult refuse(Municipality municipality, Path file, long fileId, Counts counts,
            UnreadableFileException problem) throws IOException {
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
                municipality.name(), municipality.code(), FLOW, problem.getMessage(), problem.code(), outcome);
        Path moved = InboxFiles.moveToError(file, report);
        state.fileCompleted(fileId, "error", counts.toState(), problem.getMessage());
        LOG.warn("{} {}: refused ({}): {}; moved to {}", municipality.latinName(), file.getFileName(), problem.code(),
                problem.getMessage(), moved);
        return new FileResult("error", counts.records, counts.published, counts.quarantined, counts.skipped,
                problem.getMessage());
    }

    private void flush(Batch batch, Publisher publisher, Counts counts) throws Exception {
        if (batch.records.isEmpty()) {
            return;
        }
        Counts before = counts.copy();
        Map<String, OffsetDateTime> latest = new LinkedHashMap<>(state.latestVersions(CouncilDecision.RECORD_TYPE,
                batch.records.stream().filter(r -> r.recordId() != null).map(MappedRecord::recordId)
                        .collect(Collectors.toSet())));
        List<StateStore.PublishedVersion> published = new ArrayList<>();
        List<StateStore.RecordEvent> events = new ArrayList<>();
        for (MappedRecord record : batch.records) {
            switch (record.outcome()) {
                case DRAFT -> {
                    counts.skipped++;
                    events.add(batch.event(record, "skipped-draft", "draft (ΠΡΟΣΧΕΔΙΟ): not published"));
                }
                case INVALID -> {
                    counts.quarantined++;
                    publisher.quarantine(record, batch.fileName, record.problems().stream()
                            .map(p -> new Reason(p.code(), p.field(), p.message())).toList());
                    events.add(batch.event(record, "quarantined", record.problems().stream()
                            .map(MappedRecord.Problem::code).collect(Collectors.joining(","))));
                }
                case VALID -> {
                    OffsetDateTime known = latest.get(record.recordId());
                    if (known != null && known.isEqual(record.version())) {
                        counts.skipped++;
                        events.add(batch.event(record, "duplicate", "this version was already published"));
                        continue;
                    }
                    if (known != null && known.isAfter(record.version())) {
                        counts.skipped++;
                        events.add(batch.event(record, "stale", "a newer version (" + known + ") was already published"));
                        continue;
                    }
                    JsonNode json = JSON.valueToTree(record.decision());
                    List<String> schemaErrors = CanonicalSchemas.validate(CouncilDecision.RECORD_TYPE,
                            CouncilDecision.SCHEMA_VERSION, json);
                    if (!schemaErrors.isEmpty()) {
                        counts.quarantined++;
                        publisher.quarantine(record, batch.fileName, schemaErrors.stream()
                                .map(e -> new Reason("schema", null, e)).toList());
                        events.add(batch.event(record, "quarantined", "schema: " + String.join("; ", schemaErrors)));
                        continue;
                    }
                    publisher.publish(record, JSON.writeValueAsString(json), batch.fileName, known);
                    latest.put(record.recordId(), record.version());
                    counts.published++;
                    published.add(new StateStore.PublishedVersion(CouncilDecision.RECORD_TYPE,
                            CouncilDecision.SCHEMA_VERSION, record.recordId(), record.version(), batch.municipality,
                            record.legacyId(), batch.fileName, record.line()));
                    if (known != null) {
                        events.add(batch.event(record, "correction", "newer version of " + known));
                    }
                }
            }
        }
        // Stamped before the commit: a destination may answer before the state database hears of the batch.
        OffsetDateTime onBroker = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        publisher.commit();
        state.batchPublished(published, events, onBroker);
        // Every record of the batch was read (counts.records already counted them as they were read).
        metrics.received(batch.municipality, FLOW, batch.records.size());
        metrics.published(batch.municipality, FLOW, counts.published - before.published);
        metrics.quarantined(batch.municipality, FLOW, counts.quarantined - before.quarantined);
        metrics.skipped(batch.municipality, FLOW, counts.skipped - before.skipped);
    }

    /** The idempotency key of a record version, the same at every hop: {@code 9318:9318-council-decision-2026-245:<version>}. */
    static String idempotencyKey(String municipality, String recordId, OffsetDateTime version) {
        return municipality + ":" + recordId + ":" + RecordVersions.format(version);
    }

    public record FileResult(String outcome, int records, int published, int quarantined, int skipped, String error) {
    }

    record Reason(String code, String field, String message) {
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
    }

    private static final class Batch {
        final String municipality;
        final String fileName;
        final List<MappedRecord> records = new ArrayList<>(BATCH);

        Batch(String municipality, String fileName) {
            this.municipality = municipality;
            this.fileName = fileName;
        }

        void add(MappedRecord record) {
            records.add(record);
        }

        int size() {
            return records.size();
        }

        StateStore.RecordEvent event(MappedRecord record, String event, String detail) {
            return new StateStore.RecordEvent(municipality, CouncilDecision.RECORD_TYPE, record.recordId(),
                    record.legacyId(), record.version(), event, detail, fileName, record.line());
        }
    }

    /** One transacted JMS session for the whole file: records and quarantines commit together, batch by batch. */
    private static final class Publisher implements AutoCloseable {
        private final Connection connection;
        private final Session session;
        private final MessageProducer records;
        private final MessageProducer quarantine;
        private final String municipality;
        private final long pickedUpAt;

        Publisher(ConnectionFactory factory, String municipality, long pickedUpAt) throws JMSException {
            this.municipality = municipality;
            this.pickedUpAt = pickedUpAt;
            this.connection = factory.createConnection();
            this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
            this.records = session.createProducer(session.createTopic(
                    BrokerTopology.recordAddress(CouncilDecision.RECORD_TYPE)));
            this.quarantine = session.createProducer(session.createTopic(BrokerTopology.QUARANTINE_ADDRESS));
        }

        void publish(MappedRecord record, String json, String fileName, OffsetDateTime correctionOf)
                throws JMSException {
            TextMessage message = session.createTextMessage(json);
            message.setStringProperty(BrokerTopology.MUNICIPALITY, municipality);
            message.setStringProperty(BrokerTopology.RECORD_TYPE, CouncilDecision.RECORD_TYPE);
            message.setStringProperty(BrokerTopology.RECORD_ID, record.recordId());
            message.setStringProperty(BrokerTopology.RECORD_VERSION, RecordVersions.format(record.version()));
            message.setStringProperty(BrokerTopology.IDEMPOTENCY_KEY,
                    idempotencyKey(municipality, record.recordId(), record.version()));
            message.setStringProperty(BrokerTopology.SOURCE_FILE, fileName);
            message.setIntProperty(BrokerTopology.SOURCE_LINE, record.line());
            message.setLongProperty(BrokerTopology.PICKED_UP_AT, pickedUpAt);
            if (correctionOf != null) {
                message.setStringProperty(BrokerTopology.CORRECTION_OF, RecordVersions.format(correctionOf));
            }
            records.send(message);
        }

        void quarantine(MappedRecord record, String fileName, List<Reason> reasons) throws JMSException {
            ObjectNode body = JSON.createObjectNode();
            body.put("municipality", municipality);
            body.put("recordType", CouncilDecision.RECORD_TYPE);
            body.put("recordId", record.recordId());
            body.put("legacyId", record.legacyId());
            body.put("file", fileName);
            body.put("line", record.line());
            ArrayNode list = body.putArray("reasons");
            reasons.forEach(r -> list.addObject().put("code", r.code()).put("field", r.field())
                    .put("message", r.message()));
            TextMessage message = session.createTextMessage(body.toString());
            message.setStringProperty(BrokerTopology.MUNICIPALITY, municipality);
            message.setStringProperty(BrokerTopology.RECORD_TYPE, CouncilDecision.RECORD_TYPE);
            if (record.recordId() != null) {
                message.setStringProperty(BrokerTopology.RECORD_ID, record.recordId());
            }
            message.setStringProperty(BrokerTopology.SOURCE_FILE, fileName);
            message.setIntProperty(BrokerTopology.SOURCE_LINE, record.line());
            message.setStringProperty(BrokerTopology.QUARANTINE_REASONS,
                    reasons.stream().map(Reason::code).distinct().collect(Collectors.joining(",")));
            quarantine.send(message);
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
