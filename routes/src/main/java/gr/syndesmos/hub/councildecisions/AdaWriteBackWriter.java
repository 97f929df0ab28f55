package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.mappings.AdaWriteBackFormat;
import gr.syndesmos.mappings.MappingCatalog;
import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the ADAs the portal returned back to the issuing municipality, in the format its system imports, through
 * the municipality's write-back connector (a local outbox folder by default, or SFTP). The pending ADAs are rows in
 * the state database, so none is lost when the hub stops or the connector fails; each file is written whole and
 * recorded only after the connector took it.
 */
@Component
public class AdaWriteBackWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AdaWriteBackWriter.class);
    private static final ZoneId ATHENS = ZoneId.of("Europe/Athens");

    private final StateStore state;
    private final MappingCatalog mappings;
    private final MunicipalityRegistry municipalities;
    private final ProducerTemplate producer;

    public AdaWriteBackWriter(StateStore state, MappingCatalog mappings, MunicipalityRegistry municipalities,
            ProducerTemplate producer) {
        this.state = state;
        this.mappings = mappings;
        this.municipalities = municipalities;
        this.producer = producer;
    }

    /** The endpoint of a municipality's write-back connector. */
    static String endpoint(String municipality) {
        return "council-decisions.write-back-out." + municipality;
    }

    /** Writes one file with the pending ADAs of a municipality, if there are any; returns its name or null. */
    public synchronized String writePending(String municipality) throws Exception {
        List<StateStore.PendingWriteBack> pending = state.pendingWriteBacks(municipality,
                CouncilDecisionIngest.FLOW, 10_000);
        if (pending.isEmpty()) {
            return null;
        }
        String mappingCode = municipalities.require(municipality).flows().get(CouncilDecisionIngest.FLOW)
                .mappingCode(municipality);
        AdaWriteBackFormat format = mappings.mapping(mappingCode, CouncilDecisionIngest.FLOW).writeBack();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(pending.stream().map(p -> new AdaWriteBackFormat.AdaAssignment(p.legacyId(), p.year(),
                p.decisionNumber(), p.ada(), p.publishedAt())).toList(), out);
        // Named to the second, as the import formats want; the connector refuses to overwrite, and a refused
        // file is simply written again under the next second's name.
        String fileName = format.fileName(LocalDateTime.now(ATHENS));
        producer.sendBodyAndHeader("direct:" + endpoint(municipality), out.toByteArray(), Exchange.FILE_NAME,
                fileName);
        state.writeBacksWritten(pending.stream().map(StateStore.PendingWriteBack::id).toList(), fileName);
        LOG.info("Wrote {} ADA(s) for municipality {} as {}", pending.size(), municipality, fileName);
        return fileName;
    }
}
