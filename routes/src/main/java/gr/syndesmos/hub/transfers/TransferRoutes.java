package gr.syndesmos.hub.transfers;

import com.fasterxml.jackson.databind.JsonNode;
import gr.syndesmos.connectors.catalog.ConnectorCatalog;
import gr.syndesmos.connectors.transfers.TransferFiles;
import gr.syndesmos.connectors.transfers.UnwritableTransferException;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.deadletters.FailedMessages;
import gr.syndesmos.hub.evidence.EvidenceLog;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubClock;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The routes of a conversation flow, per municipality taking part:
 * <ul>
 *   <li>{@code <flow>.intake.<code>}: the messages its registry wrote, from its source connector (the route of its
 *       Kamelet, {@code <flow>.source.<code>}): each journaled ({@link TransferExchanges#receive}) before the
 *       connector acknowledges its source; a file its connector refused whole is recorded for its operators;</li>
 *   <li>{@code <flow>.deliver.<code>}: the hub's messages to its registry, from {@code tenant.<code>.transfers} (one
 *       message group per exchange: in journal order), through its write-back connector
 *       ({@code <flow>.write-back-out.<code>}); a message its system cannot hold goes, unaltered, to its dead letters
 *       ({@code dead-letter.<code>.transfers});</li>
 * </ul>
 * and {@code <flow>.forward} (what is journaled and not yet sent, also after a restart) and {@code <flow>.timers}
 * (overdue and stalled exchanges).
 */
@Component
public class TransferRoutes extends RouteBuilder {

    private final FlowRegistry flows;
    private final MunicipalityRegistry municipalities;
    private final TransferExchanges exchanges;
    private final EvidenceLog evidence;
    private final HubClock clock;
    private final JmsTemplate jms;
    private final TransferExchanges.Forwarder forwarder;
    private final TransferRejectedFiles rejectedFiles;
    private org.apache.camel.ProducerTemplate producer;
    private final java.time.Duration checkEvery;

    public TransferRoutes(FlowRegistry flows, MunicipalityRegistry municipalities, TransferExchanges exchanges,
            EvidenceLog evidence, HubClock clock, ConnectionFactory connectionFactory,
            TransferRejectedFiles rejectedFiles,
            @org.springframework.beans.factory.annotation.Value("${syndesmos.transfers.check-every:PT1M}")
            java.time.Duration checkEvery) {
        this.checkEvery = checkEvery;
        this.flows = flows;
        this.municipalities = municipalities;
        this.exchanges = exchanges;
        this.evidence = evidence;
        this.clock = clock;
        this.rejectedFiles = rejectedFiles;
        this.jms = new JmsTemplate(connectionFactory);
        this.forwarder = this::send;
    }

    @Override
    public void configure() {
        producer = getContext().createProducerTemplate();
        Flow flow = TransferConfiguration.conversation(flows);
        if (flow == null || municipalities.inFlow(flow.name()).isEmpty()) {
            return;
        }
        String name = flow.name();
        for (Municipality m : municipalities.inFlow(name)) {
            Municipality.FlowUse use = m.flows().get(name);
            String code = m.code();
            from(ConnectorCatalog.endpointUri(use.source().connector(), name + ".source." + code,
                    municipalities.templateParameters(m, name, use.source())))
                    .routeId(name + ".intake." + code)
                    .process(e -> intake(code, e));
            String sink = ConnectorCatalog.endpointUri(use.writeBack().connector(), name + ".write-back-out." + code,
                    municipalities.templateParameters(m, name, use.writeBack()));
            from("jms:queue:" + BrokerTopology.transferQueue(code) + "?concurrentConsumers=2")
                    .routeId(name + ".deliver." + code)
                    // The Kamelet's route failed with it: caught here, where the message came from the broker.
                    .doTry()
                        .to(sink)
                        .process(e -> delivered(code, e))
                        .process(e -> CrashPoints.reached(CrashPoints.AFTER_DELIVERY))
                    .doCatch(UnwritableTransferException.class)
                        .process(e -> unwritable(code, e))
                    .end();
        }
        from("timer:" + name + "-forward?period=5000&delay=1000").routeId(name + ".forward")
                .process(e -> forward());
        from("timer:" + name + "-timers?period=" + checkEvery.toMillis() + "&delay=5000").routeId(name + ".timers")
                .process(e -> exchanges.checkTimes(forwarder));
    }

    private void intake(String code, Exchange e) throws Exception {
        String rejected = e.getMessage().getHeader(TransferFiles.FILE_REJECTED, String.class);
        if (rejected != null) {
            String file = e.getMessage().getHeader(Exchange.FILE_NAME, String.class);
            rejectedFiles.record(code, file, rejected, clock.now());
            evidence.record(code, "transfer-file", code + " → hub", EvidenceLog.digest(file + rejected),
                    "FILE_REJECTED " + rejected, file);
            log.warn("Transfer file {} of {} refused whole: {}; none of its records was processed", file, code,
                    rejected);
            return;
        }
        JsonNode messages = TransferMessage.JSON.readTree(e.getMessage().getBody(String.class));
        CrashPoints.reached(CrashPoints.AFTER_READ);
        for (JsonNode message : messages) {
            TransferMessage m;
            try {
                m = TransferMessage.parse(message.toString());
            } catch (IllegalArgumentException unreadable) {
                m = TransferMessage.of(message.path("exchangeId").asText(null), null, null, null, null);
            }
            exchanges.receive(code, m);
        }
        CrashPoints.reached(CrashPoints.AFTER_JOURNAL);
        forward();
    }

    /** Sends what the journal holds and has not sent; one at a time, so that each exchange keeps its order. */
    private synchronized void forward() {
        exchanges.forwardPending(forwarder);
    }

    private void send(String recipient, TransferMessage message) {
        jms.send(BrokerTopology.transferQueue(recipient), session -> {
            TextMessage out = session.createTextMessage(message.json());
            out.setStringProperty(BrokerTopology.MUNICIPALITY, recipient);
            out.setStringProperty(BrokerTopology.GROUP, message.exchangeId() == null ? "none"
                    : message.exchangeId());
            out.setStringProperty(BrokerTopology.RECORD_ID, message.exchangeId());
            out.setStringProperty(BrokerTopology.RECORD_TYPE, "transfer-message");
            out.setStringProperty("transferType", String.valueOf(message.type()));
            return out;
        });
    }

    private void delivered(String code, Exchange e) {
        evidence.record(code, "transfer-delivery", "hub → " + code, EvidenceLog.digest(e.getMessage()
                .getBody(String.class)), "written: " + e.getMessage().getHeader("transferType"),
                e.getMessage().getHeader(BrokerTopology.RECORD_ID, String.class));
    }

    /** A message the registry's system cannot hold: to its dead letters, unaltered, in the consumer's transaction. */
    private void unwritable(String code, Exchange e) {
        UnwritableTransferException failure = e.getProperty(Exchange.EXCEPTION_CAUGHT,
                UnwritableTransferException.class);
        String body = e.getMessage().getBody(String.class);
        String exchangeId = e.getMessage().getHeader(BrokerTopology.RECORD_ID, String.class);
        String now = Instant.now().toString();
        e.getMessage().setHeader(BrokerTopology.FAILURE_REASON, failure.reason() + " " + failure.field());
        e.getMessage().setHeader(BrokerTopology.DESTINATION, FailedMessages.TRANSFERS);
        e.getMessage().setHeader(BrokerTopology.FIRST_FAILED_AT, now);
        e.getMessage().setHeader(BrokerTopology.FAILED_AT, now);
        e.getMessage().setHeader(BrokerTopology.ATTEMPTS, 1);
        e.getMessage().setHeader(BrokerTopology.ORIGINAL_ADDRESS, BrokerTopology.transferQueue(code));
        e.getMessage().setHeader(BrokerTopology.ORIGINAL_QUEUE, BrokerTopology.transferQueue(code));
        producer.send("jms:topic:" + BrokerTopology.DEAD_LETTER_ADDRESS, e);
        evidence.record(code, "transfer-dead-letter", "hub → " + code, EvidenceLog.digest(body),
                failure.reason() + " " + failure.field(), exchangeId);
        log.warn("Transfer {}: {} cannot be written to {}'s system ({} in {}): in its dead letters, unaltered",
                exchangeId, e.getMessage().getHeader("transferType"), code, failure.reason(), failure.field());
    }
}
