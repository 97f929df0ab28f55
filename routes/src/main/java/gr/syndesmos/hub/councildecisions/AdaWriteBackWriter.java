package gr.syndesmos.hub.councildecisions;

import gr.syndesmos.connectors.file.InboxFiles;
import gr.syndesmos.hub.HubProperties;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.mappings.AdaWriteBackFormat;
import gr.syndesmos.mappings.MappingCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the ADAs the portal returned to the issuing municipality's outbox, in the format its system imports. The
 * pending ADAs are rows in the state database, so none is lost when the hub stops; each file appears whole
 * (temporary name, then rename) and is recorded after it exists.
 */
@Component
public class AdaWriteBackWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AdaWriteBackWriter.class);
    private static final ZoneId ATHENS = ZoneId.of("Europe/Athens");

    private final StateStore state;
    private final HubProperties properties;
    private final MappingCatalog mappings = MappingCatalog.fromClasspath();

    public AdaWriteBackWriter(StateStore state, HubProperties properties) {
        this.state = state;
        this.properties = properties;
    }

    /** Writes one file with the pending ADAs of a municipality, if there are any; returns its path or null. */
    public synchronized Path writePending(String municipality) throws Exception {
        List<StateStore.PendingWriteBack> pending = state.pendingWriteBacks(municipality,
                CouncilDecisionIngest.FLOW, 10_000);
        if (pending.isEmpty()) {
            return null;
        }
        AdaWriteBackFormat format = mappings.mapping(municipality, CouncilDecisionIngest.FLOW).writeBack();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(pending.stream().map(p -> new AdaWriteBackFormat.AdaAssignment(p.legacyId(), p.year(),
                p.decisionNumber(), p.ada(), p.publishedAt())).toList(), out);
        Path outbox = properties.outbox(municipality, CouncilDecisionIngest.FLOW);
        LocalDateTime now = LocalDateTime.now(ATHENS);
        Path target = outbox.resolve(format.fileName(now));
        // One file per second at most: the import formats name files to the second.
        while (Files.exists(target)) {
            now = now.plusSeconds(1);
            target = outbox.resolve(format.fileName(now));
        }
        InboxFiles.writeWhole(target, out.toByteArray());
        state.writeBacksWritten(pending.stream().map(StateStore.PendingWriteBack::id).toList(),
                target.getFileName().toString());
        LOG.info("Wrote {} ADA(s) for municipality {} to {}", pending.size(), municipality, target);
        return target;
    }
}
