package gr.syndesmos.hub.certificates;

import gr.syndesmos.connectors.catalog.ConnectorCatalog;
import gr.syndesmos.connectors.certificates.CertificateAnswer;
import gr.syndesmos.connectors.certificates.CertificateQuestion;
import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubIdentity;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The routes of a request-reply flow, per municipality that answers it:
 * <ul>
 *   <li>{@code <flow>.answer.<code>}: takes the questions of {@code tenant.<code>.certificates.request} and asks the
 *       municipality's system through its connector, the route of its action Kamelet
 *       ({@code <flow>.ask.<code>}), then sends the answer to {@code hub.certificates.reply} with the request id as
 *       correlation id. When the system took a question but has not answered, the question comes back to the same
 *       queue every {@link #COLLECT_EVERY} (a scheduled message, so it survives a restart) to look for the late
 *       answer, until the flow's late-answer time is over;</li>
 *   <li>{@code <flow>.replies}: the answers of every municipality, handed to {@link CertificateExchange}. When
 *       several hubs share the broker, each takes only the answers to the questions it asked (the question's
 *       {@value CertificateExchange#ASKED_BY} goes with its answer), since only it has the caller waiting; an answer
 *       to a hub that is gone expires a while after its late-answer time, and a repeat of the request asks
 *       again;</li>
 *   <li>{@code <flow>.forget}: answers past the flow's keep time leave the journal, hourly.</li>
 * </ul>
 */
@Component
public class CertificateRoutes extends RouteBuilder {

    /** How often a late answer is looked for. */
    static final Duration COLLECT_EVERY = Duration.ofSeconds(2);
    /** Artemis's property for a message delivered at a given time (epoch ms). */
    static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";
    private static final String QUESTION = "SyndesmosQuestion";
    /** How long an answer waits for the hub that asked beyond its question's late-answer time. */
    static final Duration ANSWER_KEPT_AFTER_LATE = Duration.ofMinutes(5);
    /** Answers are sent with their own time to live and delivery mode (headers JMSExpiration, JMSDeliveryMode). */
    private static final String REPLY = "jms:queue:" + BrokerTopology.REPLY_QUEUE + "?preserveMessageQos=true";

    private final FlowRegistry flows;
    private final MunicipalityRegistry municipalities;
    private final CertificateExchange exchange;
    private final CertificateJournal journal;
    private final gr.syndesmos.hub.settings.HubClock clock;
    private final HubIdentity hub;
    private ProducerTemplate producer;

    public CertificateRoutes(FlowRegistry flows, MunicipalityRegistry municipalities, CertificateExchange exchange,
            CertificateJournal journal, gr.syndesmos.hub.settings.HubClock clock, HubIdentity hub) {
        this.hub = hub;
        this.flows = flows;
        this.municipalities = municipalities;
        this.exchange = exchange;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public void configure() {
        producer = getContext().createProducerTemplate();
        for (Flow flow : flows.all()) {
            if (flow.pattern() != Flow.Pattern.REQUEST_REPLY) {
                continue;
            }
            boolean any = false;
            for (Municipality m : municipalities.inFlow(flow.name())) {
                any = true;
                Municipality.ConnectorUse use = m.flows().get(flow.name()).answeredBy();
                String connector = ConnectorCatalog.endpointUri(use.connector(), flow.name() + ".ask." + m.code(),
                        municipalities.templateParameters(m, flow.name(), use));
                from("jms:queue:" + BrokerTopology.requestQueue(m.code())
                        + "?concurrentConsumers=4&disableReplyTo=true")
                        .routeId(flow.name() + ".answer." + m.code())
                        .onException(Exception.class).handled(true)
                            .process(this::connectorFailed)
                            .to(ExchangePattern.InOnly, REPLY)
                        .end()
                        .setProperty(QUESTION, body())
                        .setProperty(CertificateExchange.ASKED_BY, header(CertificateExchange.ASKED_BY))
                        .setProperty(CertificateExchange.LATE_UNTIL, header(CertificateExchange.LATE_UNTIL))
                        .setHeader(CertificateQuestion.STEP, header(CertificateQuestion.STEP)
                                .convertTo(String.class))
                        .to(connector)
                        .process(this::relay);
            }
            if (any) {
                // Answers are kept for repeats as long as the flow file says, then forgotten.
                from("timer:" + flow.name() + "-forget?period=3600000&delay=60000").routeId(flow.name() + ".forget")
                        .process(e -> {
                            int forgotten = journal.forgetBefore(clock.now());
                            if (forgotten > 0) {
                                log.info("Certificate requests: {} answers older than their keep time forgotten",
                                        forgotten);
                            }
                        });
                from("jms:queue:" + BrokerTopology.REPLY_QUEUE + "?concurrentConsumers=2" + answersForThisHub())
                        .routeId(flow.name() + ".replies")
                        .process(e -> exchange.onAnswer(e.getMessage().getHeader("JMSCorrelationID", String.class),
                                e.getMessage().getBody(String.class)));
            }
        }
    }

    /**
     * Sends the connector's answer on, or, when the system took the question and owes its answer, looks again
     * later: the first time says so to the waiting call (which then answers MUNICIPALITY_TIMEOUT).
     */
    private void relay(Exchange e) {
        String answer = e.getMessage().getBody(String.class);
        String requestId = e.getMessage().getHeader("JMSCorrelationID", String.class);
        String step = e.getMessage().getHeader(CertificateQuestion.STEP, String.class);
        boolean collecting = CertificateQuestion.COLLECT.equals(step);
        boolean taken = "TAKEN".equals(status(answer));
        if (!taken) {
            reply(e, requestId, answer);
            return;
        }
        if (!collecting) {
            reply(e, requestId, answer);
        }
        Long lateUntil = e.getProperty(CertificateExchange.LATE_UNTIL, Long.class);
        long next = Instant.now().plus(COLLECT_EVERY).toEpochMilli();
        if (lateUntil == null || next > lateUntil) {
            reply(e, requestId, CertificateAnswer.unavailable(requestId, "no answer came within the "
                    + "late-answer time; the question is closed").json());
            return;
        }
        String queue = BrokerTopology.requestQueue(e.getMessage().getHeader(BrokerTopology.MUNICIPALITY,
                String.class));
        producer.send("jms:queue:" + queue, ExchangePattern.InOnly, ask -> {
            ask.getMessage().setBody(e.getProperty(QUESTION, String.class));
            ask.getMessage().setHeader("JMSCorrelationID", requestId);
            ask.getMessage().setHeader(BrokerTopology.MUNICIPALITY, e.getMessage().getHeader(
                    BrokerTopology.MUNICIPALITY));
            ask.getMessage().setHeader(CertificateExchange.LATE_UNTIL, lateUntil);
            ask.getMessage().setHeader(CertificateExchange.ASKED_BY, e.getProperty(CertificateExchange.ASKED_BY));
            ask.getMessage().setHeader(CertificateQuestion.STEP, CertificateQuestion.COLLECT);
            ask.getMessage().setHeader(SCHEDULED_DELIVERY, next);
        });
    }

    private static String status(String answer) {
        try {
            return answer == null ? null : KedBodies.JSON.readTree(answer).path("status").asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void reply(Exchange question, String requestId, String answer) {
        producer.send(REPLY, ExchangePattern.InOnly, out -> {
            out.getMessage().setBody(answer);
            addressed(out.getMessage(), question, requestId);
        });
    }

    /**
     * An answer's headers: the request it answers, the hub that asked (when several share the broker), and its time
     * to live: the question's late-answer time and {@link #ANSWER_KEPT_AFTER_LATE}, so that none waits for ever for
     * a hub that is gone.
     */
    private static void addressed(org.apache.camel.Message answer, Exchange question, String requestId) {
        answer.setHeader("JMSCorrelationID", requestId);
        answer.setHeader("JMSDeliveryMode", jakarta.jms.DeliveryMode.PERSISTENT);
        answer.setHeader("JMSPriority", jakarta.jms.Message.DEFAULT_PRIORITY);
        String askedBy = question.getProperty(CertificateExchange.ASKED_BY, String.class);
        if (askedBy != null) {
            answer.setHeader(CertificateExchange.ASKED_BY, askedBy);
        }
        Long lateUntil = question.getProperty(CertificateExchange.LATE_UNTIL, Long.class);
        answer.setHeader("JMSExpiration", lateUntil == null ? 0L
                : Math.max(lateUntil, System.currentTimeMillis()) + ANSWER_KEPT_AFTER_LATE.toMillis());
    }

    /** With other hubs on the broker: only the answers to this hub's questions (and to none in particular). */
    private String answersForThisHub() {
        if (!hub.clustered()) {
            return "";
        }
        // The hub's name is letters, digits and . - _ only (HubIdentity): safe inside the selector's quotes.
        return "&selector=RAW(" + CertificateExchange.ASKED_BY + " = '" + hub.id() + "' OR "
                + CertificateExchange.ASKED_BY + " IS NULL)";
    }

    /** The connector itself failed (a bug, a bad parameter): the question is closed as unavailable. */
    private void connectorFailed(Exchange e) {
        Exception failure = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String requestId = e.getMessage().getHeader("JMSCorrelationID", String.class);
        log.warn("Certificate question {}: the connector failed: {}", requestId, String.valueOf(failure));
        e.getMessage().setBody(CertificateAnswer.unavailable(requestId, "the connector failed: "
                + (failure == null ? "unknown" : failure.getClass().getSimpleName())).json());
        if (e.getProperty(CertificateExchange.LATE_UNTIL) == null) {
            // Failed before the question was read into the exchange's properties.
            e.setProperty(CertificateExchange.ASKED_BY, e.getMessage().getHeader(CertificateExchange.ASKED_BY));
            e.setProperty(CertificateExchange.LATE_UNTIL, e.getMessage().getHeader(CertificateExchange.LATE_UNTIL));
        }
        addressed(e.getMessage(), e, requestId);
    }
}
