package gr.syndesmos.hub.broker;

import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityQueues;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every address and queue name of the hub, in one place (docs/architecture.md lists them). Names are lower-case, dot-separated
 * words in a fixed order, so that broker policies can be attached by wildcard.
 *
 * <ul>
 *   <li>{@code <record type>}, e.g. {@code council-decision}: multicast address that receives every canonical record
 *       of that type, from every municipality;</li>
 *   <li>{@code <record type>.<municipality>.<destination>}: the durable queue one destination consumes for one
 *       municipality (filter {@code municipality = '<code>'}), so a slow or failing municipality never holds up
 *       another;</li>
 *   <li>{@code dead-letter.<municipality>.<destination>}: failed deliveries, on the multicast address
 *       {@code dead-letter};</li>
 *   <li>{@code quarantine.<municipality>}: invalid records with their reasons, on the address {@code quarantine};</li>
 *   <li>{@code expired.<municipality>}: expired messages, on the address {@code expired};</li>
 *   <li>{@code discarded.<municipality>}: failed messages an operator discarded, with the reason, on the address
 *       {@code discarded}: kept, never deleted;</li>
 *   <li>{@code *.unassigned} / {@code <record type>.unrouted}: catch-alls, so a message matching no municipality is
 *       kept, never dropped;</li>
 *   <li>{@code inbound.<municipality>.<flow>}: where a municipality's legacy system sends records over the broker
 *       itself (connector {@code broker-in}), and {@code outbound.<municipality>.<flow>}: where it reads the answers
 *       the hub writes back (connector {@code broker-out}); anycast queues of the same name. The municipality's own
 *       broker account may send to the first and read the second, nothing else ({@link BrokerSecurity}).</li>
 *   <li>{@code tenant.<municipality>.certificates.request}: the questions of a request-reply flow for one
 *       municipality's connector (an anycast queue of that name), answered on {@code hub.certificates.reply}, the
 *       queue the hub waits on, by correlation id.</li>
 * </ul>
 */
public final class BrokerTopology {

    public static final String DEAD_LETTER_ADDRESS = "dead-letter";
    public static final String QUARANTINE_ADDRESS = "quarantine";
    public static final String EXPIRY_ADDRESS = "expired";
    public static final String DISCARDED_ADDRESS = "discarded";
    public static final String INBOUND_PREFIX = MunicipalityQueues.INBOUND_PREFIX;
    public static final String OUTBOUND_PREFIX = MunicipalityQueues.OUTBOUND_PREFIX;
    /** The connectors that use a municipality's inbound and outbound queues. */
    public static final String BROKER_IN = "broker-in";
    public static final String BROKER_OUT = "broker-out";

    /** Message properties the hub sets on every record message. */
    public static final String MUNICIPALITY = "municipality";
    public static final String RECORD_TYPE = "recordType";
    public static final String RECORD_ID = "recordId";
    public static final String RECORD_VERSION = "recordVersion";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String SOURCE_FILE = "sourceFile";
    public static final String SOURCE_LINE = "sourceLine";
    public static final String CORRECTION_OF = "correctionOf";
    /**
     * The message group of a record message: its type and id. The broker hands a group to one consumer of a queue at
     * a time, so a destination's consumers work on different records in parallel while the versions of one record are
     * delivered in the order they were published.
     */
    public static final String GROUP = "JMSXGroupID";
    /** When the export file was picked up (epoch milliseconds): the start of the end-to-end latency. */
    public static final String PICKED_UP_AT = "pickedUpAt";

    /** Properties added when a message is dead-lettered or quarantined. */
    public static final String DESTINATION = "destination";
    public static final String FAILURE_REASON = "failureReason";
    public static final String FAILED_AT = "failedAt";
    public static final String FIRST_FAILED_AT = "firstFailedAt";
    public static final String ATTEMPTS = "attempts";
    public static final String QUARANTINE_REASONS = "reasons";
    /** Artemis's own names for where a dead letter came from: its queue operations return it there. */
    public static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    public static final String ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";

    private BrokerTopology() {
    }

    public static String recordAddress(String recordType) {
        return recordType;
    }

    public static String deliveryQueue(String recordType, String municipality, String destination) {
        return recordType + "." + municipality + "." + destination;
    }

    /** Fully qualified queue name, the form a consumer of one queue of a multicast address uses. */
    public static String fqqn(String address, String queue) {
        return address + "::" + queue;
    }

    public static String deadLetterQueue(String municipality, String destination) {
        return DEAD_LETTER_ADDRESS + "." + municipality + "." + destination;
    }

    public static String quarantineQueue(String municipality) {
        return QUARANTINE_ADDRESS + "." + municipality;
    }

    public static String discardedQueue(String municipality) {
        return DISCARDED_ADDRESS + "." + municipality;
    }

    public static String expiryQueue(String municipality) {
        return EXPIRY_ADDRESS + "." + municipality;
    }

    /** Where the hub asks one municipality's system (a certificate question). */
    public static String requestQueue(String municipality) {
        return "tenant." + municipality + ".certificates.request";
    }

    /** What the hub sends to one municipality's registry in a conversation (one message group per exchange). */
    public static String transferQueue(String municipality) {
        return "tenant." + municipality + ".transfers";
    }

    /** Where every municipality's connector sends its answers. */
    public static final String REPLY_QUEUE = "hub.certificates.reply";

    public static String inboundQueue(String municipality, String flow) {
        return MunicipalityQueues.inbound(municipality, flow);
    }

    public static String outboundQueue(String municipality, String flow) {
        return MunicipalityQueues.outbound(municipality, flow);
    }

    /**
     * The anycast queues (each on an address of its own name) of the municipalities whose flows use the broker
     * connectors: {@code inbound.<code>.<flow>} for a {@code broker-in} source, {@code outbound.<code>.<flow>} for a
     * {@code broker-out} write-back; and the questions and answers of request-reply flows.
     */
    public static List<String> municipalityQueues(List<Municipality> municipalities) {
        List<String> queues = new ArrayList<>();
        for (Municipality m : municipalities) {
            if (m.flows() == null) {
                continue;
            }
            m.flows().forEach((flow, use) -> {
                if (use == null) {
                    return;
                }
                if (use.source() != null && BROKER_IN.equals(use.source().connector())) {
                    queues.add(inboundQueue(m.code(), flow));
                }
                if (use.writeBack() != null && BROKER_OUT.equals(use.writeBack().connector())) {
                    queues.add(outboundQueue(m.code(), flow));
                }
                if (use.answeredBy() != null) {
                    queues.add(requestQueue(m.code()));
                    if (!queues.contains(REPLY_QUEUE)) {
                        queues.add(REPLY_QUEUE);
                    }
                }
            });
        }
        return queues;
    }

    /** The queues of the municipalities taking part in these conversation flows: one each, of the hub's messages. */
    public static List<String> transferQueues(List<Municipality> municipalities, List<String> conversations) {
        return municipalities.stream().filter(m -> conversations.stream().anyMatch(m::takesPartIn))
                .map(m -> transferQueue(m.code())).toList();
    }

    /** A queue and the filter that decides which messages of its address it keeps. */
    public record FilteredQueue(String address, String name, String filter) {
    }

    /** Every queue the hub needs for these municipalities and flows; catch-alls last. */
    public static List<FilteredQueue> queues(List<Municipality> municipalities, List<FlowRoute> flows) {
        return queues(municipalities, flows, List.of());
    }

    /**
     * Every queue the hub needs for these municipalities, publish flows and conversation flows; catch-alls last. A
     * conversation's participant has dead letters of its own, {@code dead-letter.<code>.transfers}: the messages the
     * hub could not write to its registry.
     */
    public static List<FilteredQueue> queues(List<Municipality> municipalities, List<FlowRoute> flows,
            List<String> conversations) {
        List<FilteredQueue> queues = new ArrayList<>();
        List<String> deadLetterMatches = new ArrayList<>();
        for (String queue : transferQueues(municipalities, conversations)) {
            String code = queue.split("\\.")[1];
            String match = ORIGINAL_QUEUE + " = '" + queue + "'";
            queues.add(new FilteredQueue(DEAD_LETTER_ADDRESS, deadLetterQueue(code, "transfers"), match));
            deadLetterMatches.add(match);
        }
        for (FlowRoute flow : flows) {
            List<String> codes = new ArrayList<>();
            for (Municipality m : municipalities) {
                if (!m.takesPartIn(flow.flow())) {
                    continue;
                }
                codes.add(m.code());
                for (String destination : m.flows().get(flow.flow()).destinations()) {
                    queues.add(new FilteredQueue(flow.recordType(),
                            deliveryQueue(flow.recordType(), m.code(), destination),
                            MUNICIPALITY + " = '" + m.code() + "'"));
                    String match = ORIGINAL_QUEUE + " LIKE '%." + m.code() + "." + destination + "'";
                    if (queues.stream().noneMatch(q -> q.name().equals(deadLetterQueue(m.code(), destination)))) {
                        queues.add(new FilteredQueue(DEAD_LETTER_ADDRESS, deadLetterQueue(m.code(), destination),
                                match));
                        deadLetterMatches.add(match);
                    }
                }
            }
            queues.add(new FilteredQueue(flow.recordType(), flow.recordType() + ".unrouted",
                    codes.isEmpty() ? null : MUNICIPALITY + " IS NULL OR " + MUNICIPALITY + " NOT IN ("
                            + codes.stream().map(c -> "'" + c + "'").collect(Collectors.joining(",")) + ")"));
        }
        String knownCodes = municipalities.stream().map(m -> "'" + m.code() + "'").collect(Collectors.joining(","));
        for (Municipality m : municipalities) {
            queues.add(new FilteredQueue(QUARANTINE_ADDRESS, quarantineQueue(m.code()),
                    MUNICIPALITY + " = '" + m.code() + "'"));
            queues.add(new FilteredQueue(EXPIRY_ADDRESS, expiryQueue(m.code()), MUNICIPALITY + " = '" + m.code() + "'"));
            queues.add(new FilteredQueue(DISCARDED_ADDRESS, discardedQueue(m.code()),
                    MUNICIPALITY + " = '" + m.code() + "'"));
        }
        String unknown = knownCodes.isEmpty() ? null
                : MUNICIPALITY + " IS NULL OR " + MUNICIPALITY + " NOT IN (" + knownCodes + ")";
        queues.add(new FilteredQueue(QUARANTINE_ADDRESS, QUARANTINE_ADDRESS + ".unassigned", unknown));
        queues.add(new FilteredQueue(EXPIRY_ADDRESS, EXPIRY_ADDRESS + ".unassigned", unknown));
        queues.add(new FilteredQueue(DISCARDED_ADDRESS, DISCARDED_ADDRESS + ".unassigned", unknown));
        queues.add(new FilteredQueue(DEAD_LETTER_ADDRESS, DEAD_LETTER_ADDRESS + ".unassigned",
                // "IS NULL OR": NOT of an unknown property is unknown, and would match nothing.
                deadLetterMatches.isEmpty() ? null : ORIGINAL_QUEUE + " IS NULL OR NOT ("
                        + String.join(" OR ", deadLetterMatches) + ")"));
        return queues;
    }

    /** A flow and the record type it publishes. */
    public record FlowRoute(String flow, String recordType) {
    }
}
