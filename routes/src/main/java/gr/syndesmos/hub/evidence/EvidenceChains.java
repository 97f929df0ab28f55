package gr.syndesmos.hub.evidence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads the evidence log's chains: checks them and exports one exchange's entries. Used by the hub's API and by the
 * {@code evidence} command, which reads the state database directly (a backup, or the hub's own while it is
 * stopped).
 */
public final class EvidenceChains {

    static final String COLUMNS = "chain, seq, recorded_at, kind, parties, exchange_id, digest, outcome, "
            + "previous_hash, entry_hash";

    private final JdbcTemplate jdbc;

    public EvidenceChains(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What checking one chain found. */
    public record Verdict(String chain, long entries, String headHash, Long firstBrokenSeq, String problem) {

        public boolean intact() {
            return firstBrokenSeq == null;
        }
    }

    public List<String> chains() {
        return jdbc.queryForList("select distinct chain from evidence_entry order by chain", String.class);
    }

    /**
     * Walks a chain in order and names the first entry that breaks it: a gap in the numbers (an entry removed), a
     * previous hash that is not the hash of the entry before (an entry removed or inserted), or fields that no longer
     * give the entry's own hash (an entry altered).
     */
    public Verdict verify(String chain) {
        long[] count = {0};
        String[] previous = {EvidenceEntry.GENESIS};
        long[] expectedSeq = {1};
        Long[] broken = {null};
        String[] problem = {null};
        jdbc.query("select " + COLUMNS + " from evidence_entry where chain = ? order by seq",
                (RowCallbackHandler) rs -> {
                    if (broken[0] != null) {
                        return;
                    }
                    EvidenceEntry e = entry(rs, 0);
                    count[0]++;
                    if (e.seq() != expectedSeq[0]) {
                        broken[0] = e.seq();
                        problem[0] = e.seq() > expectedSeq[0]
                                ? "entries " + expectedSeq[0] + (e.seq() - 1 > expectedSeq[0] ? "–" + (e.seq() - 1)
                                        : "") + " are missing (removed)"
                                : "entry " + e.seq() + " is out of order";
                    } else if (!e.previousHash().equals(previous[0])) {
                        broken[0] = e.seq();
                        problem[0] = "entry " + e.seq() + " does not follow the entry before it (one was removed "
                                + "or inserted, or the one before was altered)";
                    } else if (!e.recomputedHash().equals(e.entryHash())) {
                        broken[0] = e.seq();
                        problem[0] = "entry " + e.seq() + " was altered: its fields no longer give its hash";
                    }
                    previous[0] = e.entryHash();
                    expectedSeq[0] = e.seq() + 1;
                }, chain);
        return new Verdict(chain, count[0], previous[0], broken[0], problem[0]);
    }

    /** Every entry of one exchange, in the order recorded, with their places in their chains. */
    public List<EvidenceEntry> exchange(String exchangeId) {
        return jdbc.query("select " + COLUMNS + " from evidence_entry where exchange_id = ? order by recorded_at, "
                + "chain, seq", EvidenceChains::entry, exchangeId);
    }

    /** The last entries of one chain, newest first. */
    public List<EvidenceEntry> latest(String chain, int limit) {
        return new ArrayList<>(jdbc.query("select " + COLUMNS + " from evidence_entry where chain = ? order by seq "
                + "desc limit " + Math.max(1, Math.min(limit, 1000)), EvidenceChains::entry, chain));
    }

    Optional<EvidenceEntry> head(String chain) {
        return jdbc.query("select " + COLUMNS + " from evidence_entry where chain = ? order by seq desc limit 1",
                EvidenceChains::entry, chain).stream().findFirst();
    }

    static EvidenceEntry entry(ResultSet rs, int row) throws SQLException {
        return new EvidenceEntry(rs.getString("chain"), rs.getLong("seq"),
                java.time.Instant.ofEpochMilli(rs.getLong("recorded_at")), rs.getString("kind"),
                rs.getString("parties"), rs.getString("exchange_id"), rs.getString("digest"), rs.getString("outcome"),
                rs.getString("previous_hash"), rs.getString("entry_hash"));
    }
}
