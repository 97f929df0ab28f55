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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
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
    /** A savepoint inside the caller's transaction (or a transaction of its own): see {@link #setStatus}. */
    private final TransactionTemplate savepoint;

    public RecordTrail(JdbcTemplate jdbc, DataSourceTransactionManager stateTransactionManager) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(stateTransactionManager);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
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
     * Sets a record's status, creating its row when the record is new. Without {@code replace} an existing status is
     * kept (a skipped draft says less than what is already known of the record).
     */
    public void setStatus(String recordType, String recordId, String municipality, String legacyId,
            OffsetDateTime version, String status, OffsetDateTime at, boolean replace) {
        // Two destinations can finish together: the one that counted both deliveries says "delivered", and the other's
        // "delivering", written a moment later, must not take that back.
        int updated = !replace ? 0 : jdbc.update("update record_status set status = ?, updated_at = ?, "
                        + "version = coalesce(?, version), legacy_id = coalesce(?, legacy_id) "
                        + "where record_type = ? and record_id = ? "
                        + "and not (status = 'delivered' and ? = 'delivering' and version = ?)", status, at, version,
                legacyId, recordType, recordId, status, version);
        if (updated != 0) {
            return;
        }
        try {
            // A delivery and the ingest's own batch can create the same record's row at the same moment (a
            // destination may answer before the batch's state is written): the guard below is not atomic, so the
            // insert runs in a savepoint (on PostgreSQL a failed insert would abort the whole transaction) and the
            // loser of the race updates instead.
            savepoint.executeWithoutResult(inSavepoint -> jdbc.update("insert into record_status (record_type, record_id, "
                            + "municipality, legacy_id, version, status, updated_at) select ?, ?, ?, ?, ?, ?, ? "
                            + "where not exists (select 1 from record_status where record_type = ? and record_id = ?)",
                    recordType, recordId, municipality, legacyId, version, status, at, recordType, recordId));
        } catch (DuplicateKeyException raced) {
            if (replace) {
                jdbc.update("update record_status set status = ?, updated_at = ?, version = coalesce(?, version), "
                                + "legacy_id = coalesce(?, legacy_id) where record_type = ? and record_id = ?", status,
                        at, version, legacyId, recordType, recordId);
            }
        }
    }

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
