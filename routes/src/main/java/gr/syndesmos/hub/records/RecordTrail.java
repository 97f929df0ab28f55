package gr.syndesmos.hub.records;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import gr.syndesmos.hub.database.StateDialect;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where every record is and how it got there: the steps of its trail ({@code record_event}) and its current status
 * ({@code record_status}). Ingestion writes its steps in its own batches (see {@code StateStore}); delivery, operators
 * and write-back write theirs here.
 */
@Component
public class RecordTrail {

    /** Statuses, as operators search for them. */
    public static final Set<String> STATUSES = Set.of("published", "quarantined", "skipped", "delivering",
            "delivered", "retrying", "failed", "retried", "discarded");

    private final JdbcTemplate jdbc;

    public RecordTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One step of a record's trail; {@code status}, when given, becomes the record's current status. */
    public record Step(String municipality, String recordType, String recordId, OffsetDateTime version, String event,
            String destination, String actor, String detail, String status) {
    }

    public void step(Step step) {
        OffsetDateTime at = now();
        jdbc.update("insert into record_event (municipality, record_type, record_id, version, event, destination, "
                        + "actor, detail, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", step.municipality(),
                step.recordType(), step.recordId(), step.version(), step.event(), step.destination(), step.actor(),
                cut(step.detail()), at);
        if (step.status() != null && step.recordId() != null) {
            setStatus(step.recordType(), step.recordId(), step.municipality(), null, step.version(), step.status(), at,
                    true);
        }
    }

    /**
     * Sets a record's status, creating its row when the record is new, with the database's own upsert: two
     * destinations (or a delivery and the ingest's batch) may write one record's status at the same moment. Without
     * {@code replace} an existing status is kept (a skipped draft says less than what is already known of the
     * record). Two destinations can finish together: the one that counted both deliveries says "delivered", and the
     * other's "delivering", written a moment later, must not take that back; nor may ingest's "published", written
     * after the broker commit, when a destination took the version in between.
     */
    public void setStatus(String recordType, String recordId, String municipality, String legacyId,
            OffsetDateTime version, String status, OffsetDateTime at, boolean replace) {
        Object[] row = {recordType, recordId, municipality, legacyId, version, status, at};
        if (dialect() == StateDialect.POSTGRESQL) {
            jdbc.update(replace ? POSTGRESQL_SET_STATUS : POSTGRESQL_SET_STATUS_IF_NEW, row);
            return;
        }
        String merge = replace ? H2_SET_STATUS : H2_SET_STATUS_IF_NEW;
        try {
            jdbc.update(merge, row);
        } catch (DuplicateKeyException raced) {
            // H2's merge lost a race to insert this record's row: the row is there now, so the merge updates it.
            jdbc.update(merge, row);
        }
    }

    /** A record's status to set, as {@link #setStatuses} takes them. */
    public record Status(String recordType, String recordId, String municipality, String legacyId,
            OffsetDateTime version, String status, OffsetDateTime at) {
    }

    /**
     * As {@link #setStatus} for many records, in one batch (ingest publishes hundreds at once). On H2, a batch that
     * loses an insert race to a delivery is run again row by row.
     */
    public void setStatuses(List<Status> statuses, boolean replace) {
        if (statuses.isEmpty()) {
            return;
        }
        List<Object[]> rows = statuses.stream().map(s -> new Object[] {s.recordType(), s.recordId(), s.municipality(),
                s.legacyId(), s.version(), s.status(), s.at()}).toList();
        if (dialect() == StateDialect.POSTGRESQL) {
            jdbc.batchUpdate(replace ? POSTGRESQL_SET_STATUS : POSTGRESQL_SET_STATUS_IF_NEW, rows);
            return;
        }
        try {
            jdbc.batchUpdate(replace ? H2_SET_STATUS : H2_SET_STATUS_IF_NEW, rows);
        } catch (DuplicateKeyException raced) {
            for (Status s : statuses) {
                setStatus(s.recordType(), s.recordId(), s.municipality(), s.legacyId(), s.version(), s.status(),
                        s.at(), replace);
            }
        }
    }

    private static final String POSTGRESQL_INSERT_STATUS = "insert into record_status (record_type, record_id, "
            + "municipality, legacy_id, version, status, updated_at) values (?, ?, ?, ?, ?, ?, ?) "
            + "on conflict (record_type, record_id) do ";
    private static final String POSTGRESQL_SET_STATUS = POSTGRESQL_INSERT_STATUS + "update set "
            + "status = excluded.status, updated_at = excluded.updated_at, "
            + "version = coalesce(excluded.version, record_status.version), "
            + "legacy_id = coalesce(excluded.legacy_id, record_status.legacy_id) "
            + "where not (record_status.version = excluded.version and ((record_status.status = 'delivered' "
            + "and excluded.status = 'delivering') or (record_status.status in ('delivering', 'delivered') "
            + "and excluded.status = 'published')))";
    private static final String POSTGRESQL_SET_STATUS_IF_NEW = POSTGRESQL_INSERT_STATUS + "nothing";
    private static final String H2_MERGE_STATUS = "merge into record_status t using (values ("
            + "cast(? as varchar(64)), cast(? as varchar(128)), cast(? as varchar(8)), cast(? as varchar(128)), "
            + "cast(? as timestamp with time zone), cast(? as varchar(16)), cast(? as timestamp with time zone))) "
            + "s (record_type, record_id, municipality, legacy_id, version, status, updated_at) "
            + "on t.record_type = s.record_type and t.record_id = s.record_id ";
    private static final String H2_INSERT_STATUS = "when not matched then insert (record_type, record_id, "
            + "municipality, legacy_id, version, status, updated_at) values (s.record_type, s.record_id, "
            + "s.municipality, s.legacy_id, s.version, s.status, s.updated_at)";
    private static final String H2_SET_STATUS = H2_MERGE_STATUS
            + "when matched and not (t.version = s.version and ((t.status = 'delivered' and s.status = 'delivering') "
            + "or (t.status in ('delivering', 'delivered') and s.status = 'published'))) "
            + "then update set status = s.status, updated_at = s.updated_at, version = coalesce(s.version, t.version), "
            + "legacy_id = coalesce(s.legacy_id, t.legacy_id) " + H2_INSERT_STATUS;
    private static final String H2_SET_STATUS_IF_NEW = H2_MERGE_STATUS + H2_INSERT_STATUS;

    private StateDialect dialect() {
        if (dialect == null) {
            dialect = StateDialect.of(jdbc);
        }
        return dialect;
    }

    private volatile StateDialect dialect;

    // ---- reading

    /** The record's current row: type, municipality, legacy id, version, status. */
    public Optional<Map<String, Object>> find(String recordId) {
        return jdbc.queryForList("select record_type, record_id, municipality, legacy_id, version, status, updated_at "
                + "from record_status where record_id = ?", recordId).stream().findFirst();
    }

    /** Every step of a record, oldest first, the write-back included. */
    public List<Map<String, Object>> steps(String recordType, String recordId) {
        return steps(recordType, recordId, 0, Integer.MAX_VALUE);
    }

    /**
     * One page of a record's steps, oldest first: a record's trail can be long (a file that repeats it, many retries),
     * and a reader must never load it whole. The write-back steps come with the last page.
     */
    public List<Map<String, Object>> steps(String recordType, String recordId, int offset, int limit) {
        List<Map<String, Object>> steps = new ArrayList<>(jdbc.queryForList("select at, event, version, destination, "
                + "actor, detail, source_file, source_line, repeats, last_at from record_event "
                + "where record_type = ? and record_id = ? order by at, id limit ? offset ?", recordType, recordId,
                limit, offset));
        for (Map<String, Object> step : steps) {
            if (step.get("repeats") instanceof Number n && n.intValue() <= 1) {
                step.remove("repeats");
                step.remove("last_at");
            }
        }
        if ((long) offset + limit < trailEvents(recordType, recordId) + 1) {
            return steps;
        }
        for (Map<String, Object> written : jdbc.queryForList("select written_at, destination, reference, written_file "
                + "from write_back where record_type = ? and record_id = ? and written_at is not null", recordType,
                recordId)) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("at", written.get("written_at"));
            step.put("event", "written-back");
            step.put("destination", written.get("destination"));
            step.put("detail", "reference " + written.get("reference") + " written to " + written.get("written_file"));
            steps.add(step);
        }
        steps.sort(java.util.Comparator.comparing(step -> instant(step.get("at"))));
        return steps;
    }

    /** How many stored steps a record has (repeats folded into one). */
    public long trailEvents(String recordType, String recordId) {
        Long count = jdbc.queryForObject("select count(*) from record_event where record_type = ? and record_id = ?",
                Long.class, recordType, recordId);
        return count == null ? 0 : count;
    }

    /** Delivery of each version of the record to each destination. */
    public List<Map<String, Object>> deliveries(String recordType, String recordId) {
        return jdbc.queryForList("select version, destination, status, attempts, first_failed_at, last_error, "
                + "reference, delivered_at from delivery where record_type = ? and record_id = ? "
                + "order by version, destination", recordType, recordId);
    }

    /** Search criteria; null means "any". {@code municipalities} null means every municipality. */
    public record Search(Set<String> municipalities, String recordType, String legacyId, String status,
            OffsetDateTime from, OffsetDateTime to, int limit) {
    }

    public List<Map<String, Object>> search(Search search) {
        StringBuilder sql = new StringBuilder("select record_type, record_id, municipality, legacy_id, version, status, "
                + "updated_at from record_status where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (search.municipalities() != null) {
            if (search.municipalities().isEmpty()) {
                return List.of();
            }
            sql.append(" and municipality in (").append(String.join(",",
                    search.municipalities().stream().map(m -> "?").toList())).append(")");
            args.addAll(search.municipalities());
        }
        where(sql, args, "record_type = ?", search.recordType());
        where(sql, args, "legacy_id = ?", search.legacyId());
        where(sql, args, "status = ?", search.status());
        where(sql, args, "updated_at >= ?", search.from());
        where(sql, args, "updated_at < ?", search.to());
        sql.append(" order by updated_at desc, record_id limit ?");
        args.add(search.limit());
        return jdbc.queryForList(sql.toString(), args.toArray());
    }

    private static void where(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            args.add(value);
        }
    }

    /** Database timestamps arrive as OffsetDateTime (H2) or Timestamp (PostgreSQL). */
    public static java.time.Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        return value == null ? java.time.Instant.EPOCH : java.time.Instant.parse(value.toString());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String cut(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }
}
