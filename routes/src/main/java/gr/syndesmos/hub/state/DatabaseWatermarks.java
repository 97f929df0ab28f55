package gr.syndesmos.hub.state;

import gr.syndesmos.connectors.db.Watermark;
import gr.syndesmos.connectors.db.WatermarkStore;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The database connectors' watermarks, kept in the hub's state database so that they survive restarts and move
 * with the hub. Registered under the name the connectors look up, {@code syndesmosWatermarks}.
 */
@Component("syndesmosWatermarks")
public class DatabaseWatermarks implements WatermarkStore {

    private final JdbcTemplate jdbc;

    public DatabaseWatermarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Watermark> get(String name) {
        List<Watermark> found = jdbc.query("select watermark_value, watermark_key from connector_watermark "
                + "where name = ?", (rs, i) -> new Watermark(rs.getString(1), rs.getString(2)), name);
        return found.stream().findFirst();
    }

    @Override
    public void save(String name, Watermark watermark) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // One poller per name: update-then-insert needs no vendor-specific upsert (H2 and PostgreSQL alike).
        int updated = jdbc.update("update connector_watermark set watermark_value = ?, watermark_key = ?, "
                + "updated_at = ? where name = ?", watermark.value(), watermark.key(), now, name);
        if (updated == 0) {
            jdbc.update("insert into connector_watermark (name, watermark_value, watermark_key, updated_at) "
                    + "values (?, ?, ?, ?)", name, watermark.value(), watermark.key(), now);
        }
    }
}
