package gr.syndesmos.hub.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import gr.syndesmos.hub.settings.HubClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The evidence log on the hub's own state database (H2, migrated as the hub does): entries chained per municipality,
 * and an entry altered, removed or inserted named by {@code evidence verify}, as the first that breaks its chain.
 */
class EvidenceChainsTest {

    @TempDir
    Path dataDir;
    DriverManagerDataSource dataSource;
    JdbcTemplate jdbc;
    EvidenceLog log;

    @BeforeEach
    void database() throws Exception {
        dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dataDir.resolve("state/syndesmos")
                .toAbsolutePath(), "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        log = new EvidenceLog(jdbc, new DataSourceTransactionManager(dataSource), new HubClock(Clock.systemUTC()));
        for (int i = 1; i <= 5; i++) {
            log.record("9318", "certificate-request", "ked-govgr → 9318", EvidenceLog.digest("question " + i),
                    "asked", "REQ" + i);
            log.record("9305", "delivery", "9305 → diavgeia", EvidenceLog.digest("record " + i), "accepted", "R" + i);
        }
        log.flush();
    }

    @AfterEach
    void stop() throws Exception {
        log.stop();
        jdbc.execute("SHUTDOWN");
    }

    @Test
    void untouchedChainsAreIntactAndLinked() {
        EvidenceChains chains = new EvidenceChains(jdbc);
        assertThat(chains.chains()).containsExactly("9305", "9318");
        for (String chain : chains.chains()) {
            EvidenceChains.Verdict verdict = chains.verify(chain);
            assertThat(verdict.intact()).as(verdict.problem()).isTrue();
            assertThat(verdict.entries()).isEqualTo(5);
        }
        assertThat(chains.exchange("REQ3")).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(3);
            assertThat(e.previousHash()).isEqualTo(chains.exchange("REQ2").get(0).entryHash());
        });
    }

    @Test
    void anAlteredEntryIsNamed() {
        jdbc.update("update evidence_entry set outcome = 'refused' where chain = '9318' and seq = 3");
        EvidenceChains.Verdict verdict = new EvidenceChains(jdbc).verify("9318");
        assertThat(verdict.firstBrokenSeq()).isEqualTo(3);
        assertThat(verdict.problem()).contains("altered");
        assertThat(new EvidenceChains(jdbc).verify("9305").intact()).as("the other chain").isTrue();
    }

    @Test
    void aRemovedEntryIsNamed() {
        jdbc.update("delete from evidence_entry where chain = '9318' and seq = 2");
        EvidenceChains.Verdict verdict = new EvidenceChains(jdbc).verify("9318");
        assertThat(verdict.firstBrokenSeq()).isEqualTo(3);
        assertThat(verdict.problem()).contains("entries 2 are missing");
    }

    @Test
    void aRemovedEntryWithTheRestRenumberedIsNamed() {
        jdbc.update("delete from evidence_entry where chain = '9318' and seq = 2");
        for (int seq = 3; seq <= 5; seq++) {
            jdbc.update("update evidence_entry set seq = ? where chain = '9318' and seq = ?", seq - 1, seq);
        }
        EvidenceChains.Verdict verdict = new EvidenceChains(jdbc).verify("9318");
        assertThat(verdict.firstBrokenSeq()).isEqualTo(2);
        assertThat(verdict.problem()).contains("does not follow");
    }

    @Test
    void anInsertedEntryIsNamedByTheCommand() {
        jdbc.update("update evidence_entry set seq = seq + 100 where chain = '9318' and seq >= 4");
        jdbc.update("update evidence_entry set seq = seq - 99 where chain = '9318' and seq >= 104");
        String previous = jdbc.queryForObject("select entry_hash from evidence_entry where chain = '9318' and seq = 3",
                String.class);
        java.time.Instant at = java.time.Instant.now();
        jdbc.update("insert into evidence_entry (" + EvidenceChains.COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?)",
                "9318", 4, at.toEpochMilli(), "certificate-request", "forger → 9318", "FORGED",
                EvidenceLog.digest("x"), "asked", previous, EvidenceEntry.hash("9318", 4, at, "certificate-request",
                        "forger → 9318", "FORGED", EvidenceLog.digest("x"), "asked", previous));
        jdbc.execute("SHUTDOWN");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = EvidenceCommand.run(new String[] {"evidence", "verify"}, Map.of("SYNDESMOS_DATA_DIR",
                dataDir.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(1);
        assertThat(printed).contains("chain 9305: 5 entries, intact").contains("chain 9318: BROKEN at entry 5");
        dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dataDir.resolve("state/syndesmos")
                .toAbsolutePath(), "sa", "");
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void anExchangeIsExportedForADispute() {
        jdbc.execute("SHUTDOWN");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = EvidenceCommand.run(new String[] {"evidence", "export", "REQ2"}, Map.of("SYNDESMOS_DATA_DIR",
                dataDir.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"exchangeId\" : \"REQ2\"")
                .contains("\"entryHash\"").contains("ked-govgr → 9318");
        dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dataDir.resolve("state/syndesmos")
                .toAbsolutePath(), "sa", "");
        jdbc = new JdbcTemplate(dataSource);
    }
}
