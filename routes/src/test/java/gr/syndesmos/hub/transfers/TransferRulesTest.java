package gr.syndesmos.hub.transfers;

import static org.assertj.core.api.Assertions.assertThat;

import gr.syndesmos.hub.evidence.EvidenceLog;
import gr.syndesmos.hub.settings.HubClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The hub's rules on messages the samples do not send: out of turn, from the wrong side, changed repeats. */
class TransferRulesTest {

    @TempDir
    Path dir;
    TransferExchanges hub;
    EvidenceLog evidence;
    final List<String> sent = new ArrayList<>();

    @BeforeEach
    void journal() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("state")
                .toAbsolutePath(), "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        HubClock clock = new HubClock(Clock.systemUTC());
        evidence = new EvidenceLog(jdbc, transactions, clock);
        hub = new TransferExchanges(jdbc, transactions, clock, evidence, code -> code.matches("9[0-9]{3}"),
                Set.of("9325", "9310")::contains, Duration.ofHours(24), Duration.ofHours(72));
    }

    @AfterEach
    void stop() throws Exception {
        evidence.stop();
    }

    static TransferMessage request(String exchangeId) {
        return new TransferMessage(exchangeId, TransferMessage.Type.TRANSFER_REQUESTED, "9310", "9325",
                new TransferMessage.Person("14078458305", null, "Φανουράκης", "Μανούσος", null, null,
                        LocalDate.of(1984, 7, 14)),
                new TransferMessage.Registration("9325", "93250701", null), null, null, null);
    }

    static TransferMessage confirmed(String exchangeId, String amka) {
        return new TransferMessage(exchangeId, TransferMessage.Type.TRANSFER_CONFIRMED, "9310", "9325",
                new TransferMessage.Person(amka, null, "ΦΑΝΟΥΡΑΚΗΣ", "ΜΑΝΟΥΣΟΣ", null, null, LocalDate.of(1984, 7, 14)),
                new TransferMessage.Registration("9310", "93100101", "1532"), null, null, null);
    }

    static TransferMessage act(String exchangeId, TransferMessage.Type type, LocalDate on) {
        return new TransferMessage(exchangeId, type, "9310", "9325", null, null, null, on, null);
    }

    private String rejected(String sender, TransferMessage m) {
        TransferExchanges.Receipt receipt = hub.receive(sender, m);
        return receipt.outcome() == TransferExchanges.Outcome.REJECTED ? receipt.reason() : receipt.outcome().name();
    }

    @Test
    void outOfTurnWrongSideAndChangedRepeatsAreRefusedAndChangeNothing() {
        String id = "9325:MT-2026-000900";
        assertThat(rejected("9325", act(id, TransferMessage.Type.TRANSFER_REGISTERED, LocalDate.now())))
                .as("no exchange yet").isEqualTo("OUT_OF_ORDER");
        assertThat(rejected("9310", request(id))).as("a request from the origin").isEqualTo("TENANT_MISMATCH");
        assertThat(rejected("9325", request(id))).isEqualTo("ACCEPTED");
        assertThat(rejected("9325", act(id, TransferMessage.Type.TRANSFER_REGISTERED, LocalDate.now())))
                .as("registered before confirmed").isEqualTo("OUT_OF_ORDER");
        assertThat(rejected("9325", confirmed(id, "14078458305"))).as("a confirmation from the destination")
                .isEqualTo("TENANT_MISMATCH");
        assertThat(rejected("9310", confirmed(id, "02115878460"))).as("a confirmation of another person")
                .isEqualTo("EXCHANGE_CONFLICT");
        assertThat(hub.exchange(id).orElseThrow().state()).isEqualTo(TransferState.REQUESTED);
        assertThat(rejected("9310", confirmed(id, "14078458305"))).isEqualTo("ACCEPTED");
        assertThat(rejected("9310", confirmed(id, "14078458305"))).as("an exact repeat").isEqualTo("DUPLICATE_IGNORED");
        assertThat(rejected("9325", act(id, TransferMessage.Type.TRANSFER_REGISTERED, LocalDate.of(2026, 11, 23))))
                .isEqualTo("ACCEPTED");
        assertThat(rejected("9325", act(id, TransferMessage.Type.TRANSFER_REGISTERED, LocalDate.of(2026, 11, 24))))
                .as("the same type with other content").isEqualTo("EXCHANGE_CONFLICT");
        assertThat(rejected("9325", act(id, TransferMessage.Type.TRANSFER_WITHDRAWN, null)))
                .as("once registered, the transfer can only complete").isEqualTo("OUT_OF_ORDER");
        assertThat(hub.exchange(id).orElseThrow().state()).isEqualTo(TransferState.REGISTERED);
        assertThat(hub.messages(id)).extracting(TransferJournal.Journaled::type).containsExactly(
                TransferMessage.Type.TRANSFER_REQUESTED, TransferMessage.Type.TRANSFER_CONFIRMED,
                TransferMessage.Type.TRANSFER_REGISTERED);

        hub.forwardPending((recipient, message) -> sent.add(recipient + " " + message.type() + " "
                + message.reason()));
        assertThat(sent).as("forwarded in order, and each refusal told to its sender").containsExactly(
                "9310 TRANSFER_REQUESTED null", "9325 TRANSFER_CONFIRMED null", "9310 TRANSFER_REGISTERED null",
                "9325 TRANSFER_REJECTED OUT_OF_ORDER", "9310 TRANSFER_REJECTED TENANT_MISMATCH",
                "9325 TRANSFER_REJECTED OUT_OF_ORDER", "9325 TRANSFER_REJECTED TENANT_MISMATCH",
                "9310 TRANSFER_REJECTED EXCHANGE_CONFLICT", "9325 TRANSFER_REJECTED EXCHANGE_CONFLICT",
                "9325 TRANSFER_REJECTED OUT_OF_ORDER");
    }
}
