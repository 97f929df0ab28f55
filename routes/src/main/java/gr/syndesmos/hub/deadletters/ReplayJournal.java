package gr.syndesmos.hub.deadletters;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Every retry, dry run and discard, whoever made it and however (API or Hawtio): kept in the state database. */
@Component
public class ReplayJournal {

    private final JdbcTemplate jdbc;

    public ReplayJournal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param channel {@code api} or {@code hawtio}
     * @param action {@code retry}, {@code retry-one}, {@code dry-run} or {@code discard}
     * @param outcome {@code done}, {@code partial}, {@code not-found} or {@code failed}
     */
    public record Entry(String actor, String channel, String action, String municipality, String destination,
            String messageId, String filter, String reason, Integer matched, Integer moved, String outcome,
            String detail) {
    }

    public void record(Entry e) {
        jdbc.update("insert into replay_journal (at, actor, channel, action, municipality, destination, message_id, "
                        + "filter, reason, matched, moved, outcome, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                OffsetDateTime.now(ZoneOffset.UTC), e.actor(), e.channel(), e.action(), e.municipality(),
                e.destination(), e.messageId(), cut(e.filter(), 2000), cut(e.reason(), 2000), e.matched(), e.moved(),
                e.outcome(), cut(e.detail(), 4000));
    }

    /**
     * Newest first, optionally for some municipalities and/or one actor.
     *
     * @param municipalities null for every entry; otherwise only entries of these municipalities
     */
    public List<Map<String, Object>> entries(Set<String> municipalities, String actor, int limit) {
        StringBuilder sql = new StringBuilder("select id, at, actor, channel, action, municipality, destination, "
                + "message_id, filter, reason, matched, moved, outcome, detail from replay_journal where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (municipalities != null) {
            if (municipalities.isEmpty()) {
                return List.of();
            }
            sql.append(" and municipality in (").append(String.join(", ", Collections.nCopies(municipalities.size(),
                    "?"))).append(')');
            args.addAll(municipalities);
        }
        if (actor != null) {
            sql.append(" and actor = ?");
            args.add(actor);
        }
        sql.append(" order by id desc limit ?");
        args.add(limit);
        return jdbc.queryForList(sql.toString(), args.toArray());
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
