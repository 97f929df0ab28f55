package gr.syndesmos.hub.transfers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Files a registry's connector refused whole, for that municipality's operators. */
@Component
public class TransferRejectedFiles {

    private final JdbcTemplate jdbc;

    public TransferRejectedFiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(String municipality, String file, String reason, Instant at) {
        jdbc.update("insert into transfer_rejected_file (municipality, file_name, reason, rejected_at) values "
                + "(?, ?, ?, ?)", municipality, file, reason, at.toEpochMilli());
    }

    public List<Map<String, Object>> of(String municipality) {
        return jdbc.query("select file_name, reason, rejected_at from transfer_rejected_file where municipality = ? "
                + "order by rejected_at desc limit 200", (rs, row) -> Map.of("file", rs.getString("file_name"),
                        "reason", rs.getString("reason"), "rejectedAt",
                        Instant.ofEpochMilli(rs.getLong("rejected_at")).toString()), municipality);
    }
}
