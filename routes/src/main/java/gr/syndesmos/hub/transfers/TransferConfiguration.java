package gr.syndesmos.hub.transfers;

import gr.syndesmos.hub.evidence.EvidenceLog;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.registers.OfficialRegisters;
import gr.syndesmos.hub.settings.HubClock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The conversation flows' journal, with the flow file's times: a municipality is connected when its file takes part
 * in the conversation flow; an origin is a municipality when the Kallikratis register knows its code.
 */
@Configuration(proxyBeanMethods = false)
public class TransferConfiguration {

    @Bean
    TransferExchanges transferExchanges(JdbcTemplate jdbc, DataSourceTransactionManager stateTransactionManager,
            HubClock clock, EvidenceLog evidence, FlowRegistry flows, MunicipalityRegistry municipalities) {
        Flow flow = conversation(flows);
        OfficialRegisters registers = OfficialRegisters.shipped();
        return new TransferExchanges(jdbc, stateTransactionManager, clock, evidence,
                code -> registers.municipality(code).isPresent(),
                code -> flow != null && municipalities.find(code).filter(m -> m.takesPartIn(flow.name())).isPresent(),
                flow == null ? Duration.ofHours(24) : flow.conversation().overdueAfter(),
                flow == null ? Duration.ofHours(72) : flow.conversation().stalledAfter());
    }

    /** The conversation flow, if the hub runs one. */
    static Flow conversation(FlowRegistry flows) {
        return flows.all().stream().filter(f -> f.pattern() == Flow.Pattern.CONVERSATION).findFirst().orElse(null);
    }
}
