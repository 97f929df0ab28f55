package gr.syndesmos.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gr.syndesmos.connectors.file.FileSnapshot;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.hub.support.HubRouteTestSupport;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A reading ended by an exception (the broker failing over under it) is not a reading that stopped the hub: however
 * often it happens, the file is read again, never refused as {@code stopped-the-hub}.
 */
class ReadingEndedByAFailureTest extends HubRouteTestSupport {

    @Autowired
    PipelinePlan plan;

    @Autowired
    StateStore state;

    @Autowired
    HubMetrics metrics;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void readingsEndedByABrokerFailureAreFiledAsFailedAndNeverCountTowardsRefusingTheFile() throws Exception {
        ConnectionFactory brokerGone = Mockito.mock(ConnectionFactory.class);
        Mockito.when(brokerGone.createConnection()).thenThrow(new JMSException("AMQ219016: Connection failure"));
        RecordIngest ingest = new RecordIngest(plan, state, brokerGone, metrics);
        PipelinePlan.Lane rethymno = plan.lane("council-decisions", "9318");
        Path export = data.resolve("apofaseis_20260107_0000.csv");
        try (Writer out = Files.newBufferedWriter(export, Charset.forName("windows-1253"))) {
            out.write("ΑΡ_ΑΠΟΦΑΣΗΣ;ΕΤΟΣ;ΑΡ_ΣΥΝΕΔΡΙΑΣΗΣ;ΗΜ_ΣΥΝΕΔΡΙΑΣΗΣ;ΑΡ_ΘΕΜΑΤΟΣ;ΘΕΜΑ;ΚΩΔ_ΕΙΔΟΥΣ;ΥΠΗΡΕΣΙΑ;"
                    + "ΥΠΟΓΡΑΦΩΝ;ΠΟΣΟ;ΑΦΜ_ΔΙΚΑΙΟΥΧΟΥ;ΚΑΤΑΣΤΑΣΗ;ΗΜ_ΤΡΟΠΟΠΟΙΗΣΗΣ\r\n");
            out.write("1;2035;1;10/01/2035;1;Έγκριση δαπάνης;ΕΓΚΡ;Οικονομική Υπηρεσία;Μαρία Χατζηδάκη;12.345,67;"
                    + "094019245;ΟΡΙΣΤΙΚΗ;01/11/2035 09:00:00\r\n");
        }

        for (int reading = 1; reading <= RecordIngest.UNFINISHED_LIMIT + 1; reading++) {
            assertThatThrownBy(() -> ingest.ingestFile(rethymno, export, Map.of()))
                    .as("reading %d reaches the broker and fails like it", reading)
                    .hasMessageContaining("AMQ219016");
        }

        assertThat(jdbc.queryForList("select outcome from received_file where file_name = ?", String.class,
                export.getFileName().toString()))
                .as("every reading filed as failed, none left unfinished")
                .hasSize(RecordIngest.UNFINISHED_LIMIT + 1).containsOnly("failed");
        FileSnapshot taken = FileSnapshot.of(export);
        assertThat(state.unfinishedReadings("9318", "council-decisions", export.getFileName().toString(),
                taken.size(), taken.modified())).isZero();
    }
}
