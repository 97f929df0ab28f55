package gr.syndesmos.hub.transfers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The transfer journal's tables ({@code transfer_exchange}, {@code transfer_message}, {@code transfer_rejection}). */
class TransferJournal {

    /** One exchange. */
    record Exchange(String exchangeId, String origin, String destination, TransferState state, String reason,
            Instant stateSince, String flag) {
    }

    /** One journaled message. */
    record Journaled(String exchangeId, int seq, TransferMessage.Type type, String sender, String recipient,
            String content, String contentSha256, Instant journaledAt, Instant forwardedAt, int deliveries) {

        TransferMessage message() {
            return TransferMessage.parse(content);
        }
    }

    /** One refused message, to tell its sender. */
    record Rejection(long id, String sender, String exchangeId, String type, String origin, String destination,
            String reason) {
    }

    private final JdbcTemplate jdbc;

    TransferJournal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The exchange, locked for the rest of the transaction (one message of an exchange at a time). */
    Optional<Exchange> lock(String exchangeId) {
        return jdbc.query("select * from transfer_exchange where exchange_id = ? for update", TransferJournal::exchange,
                exchangeId).stream().findFirst();
    }

    Optional<Exchange> find(String exchangeId) {
        return jdbc.query("select * from transfer_exchange where exchange_id = ?", TransferJournal::exchange,
                exchangeId).stream().findFirst();
    }

    void open(String exchangeId, String origin, String destination, TransferState state, String reason,
            Instant at) {
        jdbc.update("insert into transfer_exchange (exchange_id, origin, destination, state, reason, state_since, "
                + "updated_at) values (?, ?, ?, ?, ?, ?, ?)", exchangeId, origin, destination, state.name(), reason,
                at.toEpochMilli(), at.toEpochMilli());
    }

    void move(String exchangeId, TransferState state, String reason, Instant at) {
        jdbc.update("update transfer_exchange set state = ?, reason = ?, state_since = ?, flag = null, "
                + "updated_at = ? where exchange_id = ?", state.name(), reason, at.toEpochMilli(), at.toEpochMilli(),
                exchangeId);
    }

    void flag(String exchangeId, String flag, Instant at) {
        jdbc.update("update transfer_exchange set flag = ?, updated_at = ? where exchange_id = ?", flag,
                at.toEpochMilli(), exchangeId);
    }

    Optional<Journaled> message(String exchangeId, TransferMessage.Type type) {
        return jdbc.query("select * from transfer_message where exchange_id = ? and type = ?",
                TransferJournal::journaled, exchangeId, type.name()).stream().findFirst();
    }

    List<Journaled> messages(String exchangeId) {
        return jdbc.query("select * from transfer_message where exchange_id = ? order by seq",
                TransferJournal::journaled, exchangeId);
    }

    void append(TransferMessage m, String sender, String recipient, String sha256, Instant at) {
        Integer seq = jdbc.queryForObject("select coalesce(max(seq), 0) + 1 from transfer_message where "
                + "exchange_id = ?", Integer.class, m.exchangeId());
        jdbc.update("insert into transfer_message (exchange_id, seq, type, sender, recipient, content, "
                + "content_sha256, journaled_at) values (?, ?, ?, ?, ?, ?, ?, ?)", m.exchangeId(), seq,
                m.type().name(), sender, recipient, m.withSentAt(at).json(), sha256, at.toEpochMilli());
    }

    /** A message journaled without a recipient (held) is now to go to one. */
    void readdress(Journaled m, String recipient) {
        jdbc.update("update transfer_message set recipient = ?, forwarded_at = null where exchange_id = ? and seq = ?",
                recipient, m.exchangeId(), m.seq());
    }

    /** Messages journaled for a recipient and not yet forwarded, oldest first. */
    List<Journaled> unforwarded(int limit) {
        return jdbc.query("select * from transfer_message where forwarded_at is null and recipient is not null "
                + "order by journaled_at, exchange_id, seq limit " + limit, TransferJournal::journaled);
    }

    void forwarded(Journaled m, Instant at) {
        jdbc.update("update transfer_message set forwarded_at = ?, deliveries = deliveries + 1 where exchange_id = ? "
                + "and seq = ?", at.toEpochMilli(), m.exchangeId(), m.seq());
    }

    /** The message an open exchange waits an answer to: the last one forwarded. */
    Optional<Journaled> outstanding(String exchangeId) {
        return jdbc.query("select * from transfer_message where exchange_id = ? and recipient is not null "
                + "order by seq desc limit 1", TransferJournal::journaled, exchangeId).stream().findFirst();
    }

    /** Open exchanges that have been in their state since before {@code before}. */
    List<Exchange> openSince(Instant before) {
        return jdbc.query("select * from transfer_exchange where state not in ('COMPLETED', 'REFUSED', "
                + "'CANCELLED') and state_since <= ?", TransferJournal::exchange, before.toEpochMilli());
    }

    long reject(String sender, TransferMessage m, String reason, String sha256, Instant at) {
        jdbc.update("insert into transfer_rejection (sender, exchange_id, type, origin, destination, reason, "
                + "content_sha256, rejected_at) values (?, ?, ?, ?, ?, ?, ?, ?)", sender, cut(m.exchangeId(), 25),
                m.type() == null ? null : m.type().name(), cut(m.origin(), 4), cut(m.destination(), 4), reason,
                sha256, at.toEpochMilli());
        return jdbc.queryForObject("select max(id) from transfer_rejection where sender = ?", Long.class, sender);
    }

    private static String cut(String value, int most) {
        return value == null || value.length() <= most ? value : value.substring(0, most);
    }

    List<Rejection> unforwardedRejections(int limit) {
        return jdbc.query("select * from transfer_rejection where forwarded_at is null order by id limit " + limit,
                (rs, row) -> new Rejection(rs.getLong("id"), rs.getString("sender"), rs.getString("exchange_id"),
                        rs.getString("type"), rs.getString("origin"), rs.getString("destination"),
                        rs.getString("reason")));
    }

    void rejectionForwarded(long id, Instant at) {
        jdbc.update("update transfer_rejection set forwarded_at = ? where id = ?", at.toEpochMilli(), id);
    }

    List<Exchange> flagged() {
        return jdbc.query("select * from transfer_exchange where flag is not null and state not in ('COMPLETED', "
                + "'REFUSED', 'CANCELLED')", TransferJournal::exchange);
    }

    List<Exchange> of(String municipality) {
        return jdbc.query("select * from transfer_exchange where origin = ? or destination = ? order by updated_at "
                + "desc", TransferJournal::exchange, municipality, municipality);
    }

    private static Exchange exchange(ResultSet rs, int row) throws SQLException {
        return new Exchange(rs.getString("exchange_id"), rs.getString("origin"), rs.getString("destination"),
                TransferState.valueOf(rs.getString("state")), rs.getString("reason"),
                Instant.ofEpochMilli(rs.getLong("state_since")), rs.getString("flag"));
    }

    private static Journaled journaled(ResultSet rs, int row) throws SQLException {
        Object forwarded = rs.getObject("forwarded_at");
        return new Journaled(rs.getString("exchange_id"), rs.getInt("seq"),
                TransferMessage.Type.valueOf(rs.getString("type")), rs.getString("sender"), rs.getString("recipient"),
                rs.getString("content"), rs.getString("content_sha256"),
                Instant.ofEpochMilli(rs.getLong("journaled_at")), forwarded == null ? null
                        : Instant.ofEpochMilli(((Number) forwarded).longValue()),
                rs.getInt("deliveries"));
    }
}
