package gr.syndesmos.hub.state;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import gr.syndesmos.hub.database.StateDialect;
import gr.syndesmos.hub.records.RecordTrail;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the hub remembers (H2 under the data directory by default, PostgreSQL by configuration): files received,
 * record versions published, deliveries, and ADAs to write back. Plain SQL that runs on both.
 */
@Component
public class StateStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RecordTrail trail;
    /**
     * The hot writes, deliveries' and ingest's, committed in groups by one writer (see {@link GroupCommit}): they
     * touch the same records' rows at the same moment, and written from one thread they never wait on each other,
     * collide on an insert or deadlock.
     */
    private final GroupCommit groupCommits;

    public StateStore(JdbcTemplate jdbc, DataSourceTransactionManager stateTransactionManager, RecordTrail trail) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(stateTransactionManager);
        this.trail = trail;
        this.groupCommits = new GroupCommit(tx, "state-group-commit");
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        groupCommits.close();
    }

    // ---- files

    public long fileReceived(String municipality, String flow, String fileName) {
        return fileReceived(municipality, flow, fileName, null, null);
    }

    /** Records that a file is being read; its size and last change identify it across attempts. */
    public long fileReceived(String municipality, String flow, String fileName, Long size, OffsetDateTime modified) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("insert into received_file (municipality, flow, "
                    + "file_name, received_at, file_size, file_modified) values (?, ?, ?, ?, ?, ?)",
                    new String[] {"id"});
            insert.setString(1, municipality);
            insert.setString(2, flow);
            insert.setString(3, fileName);
            insert.setObject(4, now());
            insert.setObject(5, size);
            insert.setObject(6, modified);
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    /**
     * How many earlier readings of this very file (same name, size and last change) never finished: the hub stopped
     * or crashed while reading it.
     */
    public int unfinishedReadings(String municipality, String flow, String fileName, long size,
            OffsetDateTime modified) {
        Integer count = jdbc.queryForObject("select count(*) from received_file where municipality = ? and flow = ? "
                        + "and file_name = ? and file_size = ? and file_modified = ? and completed_at is null",
                Integer.class, municipality, flow, fileName, size, modified);
        return count == null ? 0 : count;
    }

    public void fileCompleted(long fileId, String outcome, FileCounts counts, String error) {
        jdbc.update("update received_file set completed_at = ?, outcome = ?, records = ?, published = ?, "
                        + "quarantined = ?, skipped = ?, error = ? where id = ?", now(), outcome, counts.records(),
                counts.published(), counts.quarantined(), counts.skipped(), truncate(error), fileId);
    }

    public record FileCounts(int records, int published, int quarantined, int skipped) {
    }

    // ---- ingestion: record versions

    /** The newest published version of each of these records, for the ones the hub has seen. */
    public Map<String, OffsetDateTime> latestVersions(String recordType, Collection<String> recordIds) {
        if (recordIds.isEmpty()) {
            return Map.of();
        }
        Map<String, OffsetDateTime> latest = new HashMap<>();
        List<String> ids = List.copyOf(recordIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            jdbc.query(latestVersionsQuery(chunk.size()), rs -> {
                if (recordType.equals(rs.getString(1))) {
                    latest.put(rs.getString(2), rs.getObject(3, OffsetDateTime.class));
                }
            }, chunk.toArray());
        }
        return latest;
    }

    /**
     * The newest versions of {@code ids} records, by id alone (the type is checked by the caller): H2 looks an IN
     * list up in an index only when nothing else in the query looks cheaper, and {@code record_type = ?} (the
     * primary key's first column, shared by every row of a flow) does to it; it then reads the whole table per batch.
     */
    static String latestVersionsQuery(int ids) {
        return "select record_type, record_id, version from record_latest where record_id in ("
                + String.join(",", java.util.Collections.nCopies(ids, "?")) + ")";
    }

    /**
     * Records the outcome of one published batch: versions put on the broker, and the trail and status of every
     * record of the batch.
     */
    public void batchPublished(List<PublishedVersion> published, List<RecordEvent> events) {
        batchPublished(published, events, now());
    }

    /**
     * As {@link #batchPublished(List, List)}, stamped with the time the batch was put on the broker. Callers take
     * that time before the broker commit: a destination can take (or refuse) a record between the commit and this
     * write, and its trail must still show it published first.
     */
    public void batchPublished(List<PublishedVersion> published, List<RecordEvent> events, OffsetDateTime at) {
        // The batch's records are on the broker already and their deliveries write the same records' status: the
        // batch goes to the same writer as theirs, which also writes it again on a passing lock conflict (an
        // operator, or another hub sharing the database).
        groupCommits.commit(() -> {
            writeBatch(published, events, at);
            return null;
        });
    }

    /** Runs in the group commit's transaction. */
    private void writeBatch(List<PublishedVersion> published, List<RecordEvent> events, OffsetDateTime at) {
        // Re-published after a crash between the broker commit and this one: already recorded. Guarded rather
        // than caught: on PostgreSQL a failed insert aborts the whole transaction.
        jdbc.batchUpdate("insert into record_version (record_type, record_id, version, municipality, legacy_id, "
                + "source_file, source_line, published_at) select ?, ?, ?, ?, ?, ?, ?, ? where not exists "
                + "(select 1 from record_version where record_type = ? and record_id = ? and version = ?)",
                published.stream().map(v -> new Object[] {v.recordType(), v.recordId(), v.version(),
                        v.municipality(), v.legacyId(), v.sourceFile(), v.sourceLine(), at, v.recordType(),
                        v.recordId(), v.version()}).toList());
        trail.setStatuses(published.stream().map(v -> new RecordTrail.Status(v.recordType(), v.recordId(),
                v.municipality(), v.legacyId(), v.version(), "published", at)).toList(), true);
        jdbc.batchUpdate(latestVersionUpsert(), published.stream()
                .map(v -> new Object[] {v.recordType(), v.recordId(), v.version()}).toList());
        List<Object[]> rows = new ArrayList<>();
        for (PublishedVersion v : published) {
            rows.add(new Object[] {v.municipality(), v.recordType(), v.recordId(), v.version(), "published",
                    "valid " + v.recordType() + " (schema v" + v.schemaVersion() + ")", v.sourceFile(),
                    v.sourceLine(), at, 1});
        }
        // Repeats are folded: one row per record, version, event and file, with how many times it happened.
        Map<List<Object>, Object[]> folded = new LinkedHashMap<>();
        for (RecordEvent e : events) {
            if (e.recordId() != null && e.version() != null && FOLDED_EVENTS.contains(e.event())) {
                Object[] row = folded.computeIfAbsent(java.util.Arrays.asList(e.recordType(), e.recordId(),
                        e.version(), e.event(), e.sourceFile()), k -> new Object[] {e.municipality(),
                        e.recordType(), e.recordId(), e.version(), e.event(), truncate(e.detail()), e.sourceFile(),
                        e.sourceLine(), at, 0});
                row[9] = (Integer) row[9] + 1;
            } else {
                rows.add(new Object[] {e.municipality(), e.recordType(), e.recordId(), e.version(), e.event(),
                        truncate(e.detail()), e.sourceFile(), e.sourceLine(), at, 1});
            }
            if (e.recordId() != null && ("quarantined".equals(e.event()) || "skipped-draft".equals(e.event()))) {
                // A quarantined row is the record's news; a skipped draft only when nothing else is known of it.
                trail.setStatus(e.recordType(), e.recordId(), e.municipality(), e.legacyId(), e.version(),
                        "quarantined".equals(e.event()) ? "quarantined" : "skipped", at,
                        "quarantined".equals(e.event()));
            }
        }
        if (!folded.isEmpty()) {
            List<Object[]> updates = new ArrayList<>();
            List<Object[]> candidates = new ArrayList<>(folded.values());
            for (Object[] row : candidates) {
                updates.add(new Object[] {row[9], at, row[1], row[2], row[3], row[4], row[6]});
            }
            int[] updated = jdbc.batchUpdate("update record_event set repeats = repeats + ?, last_at = ? "
                    + "where record_type = ? and record_id = ? and version = ? and event = ? "
                    + "and coalesce(source_file, '') = coalesce(?, '')", updates);
            for (int i = 0; i < candidates.size(); i++) {
                if (updated[i] == 0) {
                    rows.add(candidates.get(i));
                }
            }
        }
        jdbc.batchUpdate("insert into record_event (municipality, record_type, record_id, version, event, detail, "
                + "source_file, source_line, at, repeats) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /**
     * The database's own upsert of a record's newest version (never moved back by an older one): atomic on
     * PostgreSQL ({@code on conflict}); H2's standard {@code merge} for the embedded store, whose one ingest per
     * municipality and flow never races itself on a record.
     */
    private String latestVersionUpsert() {
        return dialect() == StateDialect.POSTGRESQL ? POSTGRESQL_LATEST_VERSION : H2_LATEST_VERSION;
    }

    private static final String POSTGRESQL_LATEST_VERSION = "insert into record_latest (record_type, record_id, "
            + "version) values (?, ?, ?) on conflict (record_type, record_id) do update set version = excluded.version "
            + "where record_latest.version < excluded.version";
    private static final String H2_LATEST_VERSION = "merge into record_latest t using (values (cast(? as varchar(64)), "
            + "cast(? as varchar(128)), cast(? as timestamp with time zone))) s (record_type, record_id, version) "
            + "on t.record_type = s.record_type and t.record_id = s.record_id "
            + "when matched and t.version < s.version then update set version = s.version "
            + "when not matched then insert (record_type, record_id, version) "
            + "values (s.record_type, s.record_id, s.version)";

    /** The state database's dialect, asked once (the database may not be reachable when the store is made). */
    private StateDialect dialect() {
        if (dialect == null) {
            dialect = StateDialect.of(jdbc);
        }
        return dialect;
    }

    private volatile StateDialect dialect;

    /** Events that repeat when a file is dropped again or repeats a row: counted, not stored again. */
    private static final java.util.Set<String> FOLDED_EVENTS = java.util.Set.of("duplicate", "stale",
            "skipped-draft", "quarantined");

    public record PublishedVersion(String recordType, int schemaVersion, String recordId, OffsetDateTime version,
            String municipality, String legacyId, String sourceFile, Integer sourceLine) {
    }

    /** @param event {@code skipped-draft}, {@code duplicate}, {@code stale}, {@code quarantined}, {@code correction} */
    public record RecordEvent(String municipality, String recordType, String recordId, String legacyId,
            OffsetDateTime version, String event, String detail, String sourceFile, Integer sourceLine) {
    }

    // ---- delivery

    /**
     * What a destination already has of a record, every version of it, read in one query: a delivery asks whether
     * its version is there, whether a newer one is, and the reference of the newest.
     */
    public DeliveryHistory deliveryHistory(String recordType, String recordId, String destination) {
        return new DeliveryHistory(jdbc.query("select version, status, reference from delivery where record_type = ? "
                        + "and record_id = ? and destination = ?", (rs, row) -> new DeliveryHistory.Entry(
                        rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3)),
                recordType, recordId, destination));
    }

    /** The versions of one record a destination has seen, and what became of each. */
    public record DeliveryHistory(List<Entry> entries) {

        public record Entry(OffsetDateTime version, String status, String reference) {
        }

        /** The status of this version's delivery, if it was ever tried. */
        public Optional<String> status(OffsetDateTime version) {
            return entries.stream().filter(e -> e.version().isEqual(version)).map(Entry::status).findFirst();
        }

        /** Whether a newer version already reached the destination (then this one is stale). */
        public boolean newerDelivered(OffsetDateTime version) {
            return entries.stream().anyMatch(e -> "delivered".equals(e.status()) && e.version().isAfter(version));
        }

        /** The destination's reference (e.g. the ADA) of the newest delivered version, if any. */
        public Optional<String> latestReference() {
            return entries.stream().filter(e -> "delivered".equals(e.status()) && e.reference() != null)
                    .max(java.util.Comparator.comparing(Entry::version)).map(Entry::reference);
        }
    }

    /** The destination's reference (e.g. the ADA) of the newest delivered version of the record, if any. */
    public Optional<String> latestReference(String recordType, String recordId, String destination) {
        return deliveryHistory(recordType, recordId, destination).latestReference();
    }

    /**
     * Records, before the call, that a version is being sent to a destination: committed at once, so a hub that stops
     * before the answer is recorded finds the delivery in doubt ({@code sending}) and asks the destination first.
     */
    public void deliverySending(DeliveryKey key) {
        groupCommits.commit(() -> {
            int updated = jdbc.update("update delivery set status = 'sending' where record_type = ? and record_id = ? "
                            + "and version = ? and destination = ? and status <> 'delivered'", key.recordType(),
                    key.recordId(), key.version(), key.destination());
            if (updated == 0) {
                jdbc.update("insert into delivery (record_type, record_id, version, destination, municipality, status, "
                                + "attempts) select ?, ?, ?, ?, ?, 'sending', 0 where not exists (select 1 from delivery "
                                + "where record_type = ? and record_id = ? and version = ? and destination = ?)",
                        key.recordType(), key.recordId(), key.version(), key.destination(), key.municipality(),
                        key.recordType(), key.recordId(), key.version(), key.destination());
            }
            return null;
        });
    }

    /**
     * Records a delivery, the write-back it calls for, and the step of the record's trail, in one transaction shared
     * with the deliveries finishing at the same moment (one commit for all of them, see {@link GroupCommit}), and
     * returns once it is committed. The record's status becomes "delivered" once every destination
     * of its flow has this version, "delivering" before.
     *
     * @param step the trail's step; its status is decided here
     * @param destinations how many destinations the record's flow has for its municipality
     * @return how many destinations have this version now
     */
    public int delivered(DeliveryKey key, String reference, WriteBack writeBack, RecordTrail.Step step,
            int destinations) {
        return groupCommits.commit(() -> {
            OffsetDateTime at = now();
            jdbc.update(deliveredUpsert(), key.recordType(), key.recordId(), key.version(), key.destination(),
                    key.municipality(), reference, at);
            if (writeBack != null) {
                jdbc.update("insert into write_back (municipality, flow, record_type, record_id, destination, "
                                + "reference, answered_at, record_members) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        key.municipality(), writeBack.flow(), key.recordType(), key.recordId(), key.destination(),
                        writeBack.reference(), writeBack.answeredAt(), writeBack.recordMembers());
            }
            Integer count = jdbc.queryForObject("select count(*) from delivery where record_type = ? and record_id = ? "
                            + "and version = ? and status = 'delivered'", Integer.class, key.recordType(),
                    key.recordId(), key.version());
            int delivered = count == null ? 0 : count;
            trail.step(new RecordTrail.Step(step.municipality(), step.recordType(), step.recordId(), step.version(),
                    step.event(), step.destination(), step.actor(), step.detail(),
                    delivered >= destinations ? "delivered" : "delivering"));
            return delivered;
        });
    }

    /** The database's own upsert of a delivery's row: one statement whether or not an attempt was recorded before. */
    private String deliveredUpsert() {
        return dialect() == StateDialect.POSTGRESQL ? POSTGRESQL_DELIVERED : H2_DELIVERED;
    }

    private static final String POSTGRESQL_DELIVERED = "insert into delivery (record_type, record_id, version, "
            + "destination, municipality, status, attempts, reference, delivered_at) "
            + "values (?, ?, ?, ?, ?, 'delivered', 1, ?, ?) "
            + "on conflict (record_type, record_id, version, destination) do update set "
            + "status = 'delivered', attempts = delivery.attempts + 1, "
            + "reference = excluded.reference, delivered_at = excluded.delivered_at";
    private static final String H2_DELIVERED = "merge into delivery t using (values (cast(? as varchar(64)), "
            + "cast(? as varchar(128)), cast(? as timestamp with time zone), cast(? as varchar(32)), "
            + "cast(? as varchar(8)), cast(? as varchar(128)), cast(? as timestamp with time zone))) "
            + "s (record_type, record_id, version, destination, municipality, reference, delivered_at) "
            + "on t.record_type = s.record_type and t.record_id = s.record_id "
            + "and t.version = s.version and t.destination = s.destination "
            + "when matched then update set status = 'delivered', attempts = t.attempts + 1, "
            + "reference = s.reference, delivered_at = s.delivered_at "
            + "when not matched then insert (record_type, record_id, version, destination, municipality, status, "
            + "attempts, reference, delivered_at) values (s.record_type, s.record_id, s.version, s.destination, "
            + "s.municipality, 'delivered', 1, s.reference, s.delivered_at)";

    /** Records a failed attempt and returns when the first failure of this delivery happened. */
    public DeliveryFailure deliveryFailed(DeliveryKey key, String status, String error) {
        return tx.execute(s -> {
            OffsetDateTime at = now();
            int updated = jdbc.update("update delivery set status = ?, attempts = attempts + 1, last_error = ?, "
                            + "first_failed_at = coalesce(first_failed_at, ?) where record_type = ? and record_id = ? "
                            + "and version = ? and destination = ?", status, truncate(error), at, key.recordType(),
                    key.recordId(), key.version(), key.destination());
            if (updated == 0) {
                jdbc.update("insert into delivery (record_type, record_id, version, destination, municipality, status, "
                                + "attempts, first_failed_at, last_error) values (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                        key.recordType(), key.recordId(), key.version(), key.destination(), key.municipality(), status,
                        at, truncate(error));
            }
            return jdbc.queryForObject("select first_failed_at, attempts from delivery where record_type = ? "
                            + "and record_id = ? and version = ? and destination = ?",
                    (row, n) -> new DeliveryFailure(row.getObject(1, OffsetDateTime.class), row.getInt(2)),
                    key.recordType(), key.recordId(), key.version(), key.destination());
        });
    }

    /**
     * A delivery's failures so far.
     *
     * @param attempts the failed attempts of this delivery, this one included: the broker's delivery count can be
     *     higher, since a batch of acknowledgements rolled back for another delivery's failure brings this one back
     */
    public record DeliveryFailure(OffsetDateTime firstFailedAt, int attempts) {
    }

    public void deliverySkipped(DeliveryKey key, String why) {
        try {
            jdbc.update("insert into delivery (record_type, record_id, version, destination, municipality, status, "
                            + "attempts, last_error) values (?, ?, ?, ?, ?, 'skipped', 0, ?)", key.recordType(),
                    key.recordId(), key.version(), key.destination(), key.municipality(), why);
        } catch (DuplicateKeyException alreadyRecorded) {
            jdbc.update("update delivery set status = 'skipped', last_error = ? where record_type = ? and record_id = ? "
                            + "and version = ? and destination = ? and status <> 'delivered'", why, key.recordType(),
                    key.recordId(), key.version(), key.destination());
        }
    }

    public record DeliveryKey(String recordType, String recordId, OffsetDateTime version, String destination,
            String municipality) {
    }

    /**
     * An answer to write back to the municipality's system.
     *
     * @param recordMembers the record's members its write-back file names, as JSON (only those: the file may need a
     *     decision's number, it never needs the names of its signers)
     */
    public record WriteBack(String flow, String reference, OffsetDateTime answeredAt, String recordMembers) {
    }

    // ---- write-back

    public List<PendingWriteBack> pendingWriteBacks(String municipality, String flow, int limit) {
        return jdbc.query("select id, record_id, reference, answered_at, record_members from write_back "
                        + "where municipality = ? and flow = ? and written_at is null order by id limit ?",
                (rs, row) -> new PendingWriteBack(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5)),
                municipality, flow, limit);
    }

    /** The municipalities of a flow with answers not yet written back (looked at when the hub starts). */
    public List<String> municipalitiesWithPendingWriteBacks(String flow) {
        return jdbc.queryForList("select distinct municipality from write_back where flow = ? and written_at is null",
                String.class, flow);
    }

    public void writeBacksWritten(List<Long> ids, String fileName) {
        if (ids.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> {
            OffsetDateTime at = now();
            for (Long id : ids) {
                jdbc.update("update write_back set written_file = ?, written_at = ? where id = ?", fileName, at, id);
            }
        });
    }

    public record PendingWriteBack(long id, String recordId, String reference, OffsetDateTime answeredAt,
            String recordMembers) {
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }


}
