package gr.syndesmos.hub.certificates;

import gr.syndesmos.hub.database.StateDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The journal of certificate requests in the state database ({@code certificate_request}): one row per caller and
 * {@code auditTransactionId}, with the answer given, replayed byte for byte to a repeat.
 */
@Component
public class CertificateJournal {

    /** Where a request stands. */
    public enum State {
        /** The question is on its way or being answered. */
        ASKED,
        /** The legacy system took the question but did not answer by the deadline; its answer is awaited. */
        TAKEN,
        /** Answered (200): the body is replayed to a repeat. */
        ANSWERED,
        /** The answer did not parse (502): the body is replayed to a repeat. */
        INVALID,
        /** No question is left open: a repeat asks afresh. */
        UNAVAILABLE
    }

    /** One journal row. */
    public record Entry(String caller, String transactionId, String requestId, String municipality, String operation,
            String fingerprint, String auditRecord, State state, long callSequenceId, Integer httpStatus,
            String answerBody, Instant receivedAt, Instant lateUntil, Instant answeredAt) {
    }

    private static final String COLUMNS = "caller, transaction_id, request_id, municipality, operation, fingerprint, "
            + "audit_record, state, call_sequence_id, http_status, answer_body, received_at, late_until, answered_at";

    private final JdbcTemplate jdbc;
    private volatile StateDialect dialect;

    public CertificateJournal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private StateDialect dialect() {
        if (dialect == null) {
            dialect = StateDialect.of(jdbc);
        }
        return dialect;
    }

    /** The hub's number for the next call, answered or refused. */
    public long nextCallSequenceId() {
        String sql = dialect() == StateDialect.POSTGRESQL ? "select nextval('certificate_call_sequence')"
                : "select next value for certificate_call_sequence";
        return jdbc.queryForObject(sql, Long.class);
    }

    public Optional<Entry> find(String caller, String transactionId) {
        return jdbc.query("select " + COLUMNS + " from certificate_request where caller = ? and transaction_id = ?",
                CertificateJournal::entry, caller, transactionId).stream().findFirst();
    }

    public Optional<Entry> byRequestId(String requestId) {
        return jdbc.query("select " + COLUMNS + " from certificate_request where request_id = ?",
                CertificateJournal::entry, requestId).stream().findFirst();
    }

    /** Records a new request; false when another call with the same key was recorded first. */
    public boolean insert(Entry e, Instant keepUntil) {
        try {
            jdbc.update("insert into certificate_request (" + COLUMNS + ", keep_until) values "
                            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    e.caller(), e.transactionId(), e.requestId(), e.municipality(), e.operation(), e.fingerprint(),
                    e.auditRecord(), e.state().name(), e.callSequenceId(), e.httpStatus(), e.answerBody(),
                    ts(e.receivedAt()), ts(e.lateUntil()), ts(e.answeredAt()), ts(keepUntil));
            return true;
        } catch (DuplicateKeyException duplicate) {
            return false;
        }
    }

    /**
     * Asks again for a request whose earlier question is closed without an answer; false when another call did so
     * first (the state was no longer the one read).
     */
    public boolean reask(Entry old, String requestId, long callSequenceId, Instant receivedAt, Instant keepUntil) {
        return jdbc.update("update certificate_request set request_id = ?, state = ?, call_sequence_id = ?, "
                        + "http_status = null, answer_body = null, received_at = ?, late_until = null, "
                        + "answered_at = null, keep_until = ? where caller = ? and transaction_id = ? "
                        + "and request_id = ? and state = ?",
                requestId, State.ASKED.name(), callSequenceId, ts(receivedAt), ts(keepUntil), old.caller(),
                old.transactionId(), old.requestId(), old.state().name()) == 1;
    }

    /** Stores the answer given; a late answer too, whatever the request's state but a final one. */
    public boolean answered(String requestId, State state, int httpStatus, String body, Instant at) {
        return jdbc.update("update certificate_request set state = ?, http_status = ?, answer_body = ?, "
                        + "answered_at = ? where request_id = ? and state in ('ASKED', 'TAKEN', 'UNAVAILABLE')",
                state.name(), httpStatus, body, ts(at), requestId) == 1;
    }

    public void taken(String requestId, Instant lateUntil) {
        jdbc.update("update certificate_request set state = ?, late_until = ? where request_id = ? and state = ?",
                State.TAKEN.name(), ts(lateUntil), requestId, State.ASKED.name());
    }

    /** No question is left open for this request. */
    public void unavailable(String requestId) {
        jdbc.update("update certificate_request set state = ? where request_id = ? and state in ('ASKED', 'TAKEN')",
                State.UNAVAILABLE.name(), requestId);
    }

    /** Deletes what is kept no longer; the number of rows deleted. */
    public int forgetBefore(Instant now) {
        return jdbc.update("delete from certificate_request where keep_until < ?", ts(now));
    }

    /** One municipality's requests, newest first, for its operators. */
    public List<Entry> recent(String municipality, int limit) {
        return jdbc.query("select " + COLUMNS + " from certificate_request where municipality = ? "
                + "order by received_at desc limit " + Math.max(1, Math.min(limit, 1000)),
                CertificateJournal::entry, municipality);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        Integer status = rs.getObject("http_status") == null ? null : rs.getInt("http_status");
        return new Entry(rs.getString("caller"), rs.getString("transaction_id"), rs.getString("request_id"),
                rs.getString("municipality"), rs.getString("operation"), rs.getString("fingerprint"),
                rs.getString("audit_record"), State.valueOf(rs.getString("state")), rs.getLong("call_sequence_id"),
                status, rs.getString("answer_body"), instant(rs, "received_at"),
                instant(rs, "late_until"), instant(rs, "answered_at"));
    }
}
