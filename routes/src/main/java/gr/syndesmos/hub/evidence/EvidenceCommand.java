package gr.syndesmos.hub.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code evidence verify [chain]} checks the evidence log's chains and names the first entry of each that was
 * altered, removed or inserted (exit status 1 when one is broken); {@code evidence export <exchange id>} prints one
 * exchange's entries as JSON, for a dispute. Both read the state database directly: a backup, or the hub's own
 * (the default H2 file is locked while the hub runs: then use {@code GET /api/evidence/verify}).
 */
public final class EvidenceCommand {

    public static final String NAME = "evidence";

    private EvidenceCommand() {
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length < 2 || !List.of("verify", "export").contains(args[1])
                || "export".equals(args[1]) && args.length < 3) {
            err.println("usage: evidence verify [<municipality code>]");
            err.println("       evidence export <exchange id>   (a certificate request id, or <record id>@<version>)");
            err.println("The state database is SYNDESMOS_DB_URL (SYNDESMOS_DB_USER, SYNDESMOS_DB_PASSWORD), by "
                    + "default the H2 file under SYNDESMOS_DATA_DIR.");
            return 2;
        }
        String url = env.getOrDefault("SYNDESMOS_DB_URL", "jdbc:h2:file:" + Path.of(env.getOrDefault(
                "SYNDESMOS_DATA_DIR", "./data")).toAbsolutePath().resolve("state/syndesmos") + ";IFEXISTS=TRUE");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, env.getOrDefault("SYNDESMOS_DB_USER",
                "sa"), env.getOrDefault("SYNDESMOS_DB_PASSWORD", ""));
        EvidenceChains chains = new EvidenceChains(new JdbcTemplate(dataSource));
        try {
            if ("export".equals(args[1])) {
                List<EvidenceEntry> entries = chains.exchange(args[2]);
                if (entries.isEmpty()) {
                    err.println("No evidence for exchange " + args[2]);
                    return 1;
                }
                out.println(new ObjectMapper().registerModule(new JavaTimeModule())
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(Map.of("exchangeId", args[2], "entries", entries)));
                return 0;
            }
            List<String> which = args.length > 2 ? List.of(args[2]) : chains.chains();
            boolean intact = true;
            for (String chain : which) {
                EvidenceChains.Verdict verdict = chains.verify(chain);
                if (verdict.intact()) {
                    out.printf("chain %s: %d entries, intact; head %s%n", chain, verdict.entries(),
                            verdict.headHash());
                } else {
                    intact = false;
                    out.printf("chain %s: BROKEN at entry %d: %s%n", chain, verdict.firstBrokenSeq(),
                            verdict.problem());
                }
            }
            if (which.isEmpty()) {
                out.println("The evidence log is empty.");
            }
            return intact ? 0 : 1;
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage());
            err.println("The state database could not be read: " + message.lines().findFirst().orElse(message));
            if (message.contains("locked") || message.contains("Locked")) {
                err.println("The hub is running and holds its database: stop it, verify a backup, or ask the running "
                        + "hub: GET /api/evidence/verify");
            }
            return 2;
        }
    }
}
