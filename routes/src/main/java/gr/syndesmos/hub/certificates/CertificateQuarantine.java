package gr.syndesmos.hub.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import gr.syndesmos.hub.broker.BrokerTopology;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;
import java.time.Instant;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts an answer a municipality's system gave but the hub could not read into that municipality's quarantine
 * ({@code quarantine.<code>}), with the reason and the answer as it came, for its operators to take up with the
 * system's keepers. The answer holds personal data: operators without pii-view see it hidden.
 */
@Component
public class CertificateQuarantine {

    private final JmsTemplate jms;

    public CertificateQuarantine(ConnectionFactory connectionFactory) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setPubSubDomain(true);
    }

    void answer(CertificateJournal.Entry entry, String problem, String original) {
        ObjectNode body = KedBodies.JSON.createObjectNode();
        body.put("municipality", entry.municipality());
        body.put("recordType", "certificate-answer");
        body.put("recordId", entry.requestId());
        body.put("operation", entry.operation());
        body.put("caller", entry.caller());
        body.putArray("reasons").addObject().put("code", "INVALID_ANSWER").put("field", (String) null)
                .put("message", problem);
        if (original != null) {
            body.put("original", original);
        }
        jms.send(BrokerTopology.QUARANTINE_ADDRESS, session -> {
            TextMessage message = session.createTextMessage(body.toString());
            message.setStringProperty(BrokerTopology.MUNICIPALITY, entry.municipality());
            message.setStringProperty(BrokerTopology.RECORD_TYPE, "certificate-answer");
            message.setStringProperty(BrokerTopology.RECORD_ID, entry.requestId());
            message.setStringProperty(BrokerTopology.QUARANTINE_REASONS, "INVALID_ANSWER");
            message.setLongProperty(BrokerTopology.PICKED_UP_AT, Instant.now().toEpochMilli());
            return message;
        });
    }
}
