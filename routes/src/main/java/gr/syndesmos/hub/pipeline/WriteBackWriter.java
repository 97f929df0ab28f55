package gr.syndesmos.hub.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.DeadLetters;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.mappings.WriteBackFormat;
import gr.syndesmos.schemas.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes destinations' answers (Diavgeia's ADAs) back to the municipality, in the file format its system imports,
 * through its write-back connector (a local outbox folder by default, or SFTP). The answers waiting are rows of the
 * state database, so none is lost when the hub stops or the connector fails; each file is written whole and recorded
 * only after the connector took it. A delivery that records an answer tells the municipality's write-back route at
 * once ({@link #trigger}); the hub's start looks for answers left waiting.
 */
@Component
public class WriteBackWriter {

    /** Route property of a write-back route: the endpoint URI of its municipality's write-back connector. */
    static final String SINK = "syndesmos.writeBackSink";

    private static final Logger LOG = LoggerFactory.getLogger(WriteBackWriter.class);
    private static final ZoneId ATHENS = ZoneId.of("Europe/Athens");
    /** Answers written in one file at most; more wait for the next. */
    private static final int PER_FILE = 10_000;

    private final PipelinePlan plan;
    private final StateStore state;
    private final ProducerTemplate producer;

    public WriteBackWriter(PipelinePlan plan, StateStore state, ProducerTemplate producer) {
        this.plan = plan;
        this.state = state;
        this.producer = producer;
    }

    /**
     * Where a municipality's write-back is told that answers wait. One waiting notice is enough (the route writes
     * every answer waiting), so a notice while one waits already is dropped.
     */
    static String trigger(String flow, String municipality) {
        return "seda:" + flow + ".write-back." + municipality + "?size=1&discardWhenFull=true";
    }

    /** Camel entry point of the write-back route: the flow and municipality are the route's. */
    public void write(Exchange exchange) throws Exception {
        writePending(exchange.getProperty(RecordIngest.FLOW, String.class),
                exchange.getIn().getHeader(BrokerTopology.MUNICIPALITY, String.class),
                DeadLetters.routeProperty(exchange, SINK));
    }

    /** Answers left waiting when the hub last stopped (or whose connector was failing) are written now. */
    @EventListener(ApplicationReadyEvent.class)
    public void lookForWaitingAnswers() {
        plan.flows().all().stream().filter(flow -> flow.writesBack()).forEach(flow -> {
            for (String municipality : state.municipalitiesWithPendingWriteBacks(flow.name())) {
                if (plan.lanes().stream().anyMatch(lane -> lane.flow() == flow && lane.code().equals(municipality)
                        && lane.writeBack() != null)) {
                    producer.sendBody(trigger(flow.name(), municipality), null);
                }
            }
        });
    }

    /** Writes one file with the waiting answers of a municipality, if there are any; returns its name or null. */
    public synchronized String writePending(String flow, String municipality, String sink) throws Exception {
        List<StateStore.PendingWriteBack> pending = state.pendingWriteBacks(municipality, flow, PER_FILE);
        if (pending.isEmpty()) {
            return null;
        }
        WriteBackFormat format = plan.lane(flow, municipality).writeBack();
        List<WriteBackFormat.Answer> answers = new ArrayList<>(pending.size());
        for (StateStore.PendingWriteBack p : pending) {
            answers.add(new WriteBackFormat.Answer(members(p), p.reference(), p.answeredAt()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(answers, out);
        // Named to the second, as the import formats want; the connector refuses to overwrite, and a refused file is
        // written again (the route retries) under a later second's name.
        String fileName = format.fileName(LocalDateTime.now(ATHENS));
        producer.sendBodyAndHeader(sink, out.toByteArray(), Exchange.FILE_NAME, fileName);
        state.writeBacksWritten(pending.stream().map(StateStore.PendingWriteBack::id).toList(), fileName);
        LOG.info("Wrote {} answer(s) of {} for municipality {} as {}", pending.size(), flow, municipality, fileName);
        if (pending.size() == PER_FILE) {
            producer.sendBody(trigger(flow, municipality), null);
        }
        return fileName;
    }

    private static JsonNode members(StateStore.PendingWriteBack pending) {
        try {
            return CanonicalJson.mapper().readTree(pending.recordMembers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
