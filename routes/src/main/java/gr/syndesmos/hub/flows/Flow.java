package gr.syndesmos.hub.flows;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A flow the hub runs, as its flow file declares it and {@link FlowRegistry} checked it: one record type, how its
 * records are translated and versioned, where they go, and what comes back. Every flow runs on the same pipeline
 * (source → ingest → publish → deliver per destination → write-back); nothing in Java is specific to one flow.
 *
 * @param file where it was declared, for messages
 * @param destinations in the order the file gives them
 * @param writeBackFrom the destination whose answers go back to the municipality's system, or null
 * @param reply how a request-reply flow is asked and answered; null for the other patterns
 * @param conversation the times of a conversation flow; null for the other patterns
 */
public record Flow(String name, String description, Pattern pattern, String recordType, int schemaVersion,
        Versions versions, MappingKind mapping, Set<Intake> accepts, List<FlowDestination> destinations,
        String writeBackFrom, Retry retry, Reply reply, Conversation conversation, String file) {

    /**
     * How the hub exchanges a flow's records: published to destinations, asked and answered, or a conversation
     * between two municipalities carried and journaled by the hub.
     */
    public enum Pattern {
        /** A municipality's records go out to destinations; their answers may come back (write-back). */
        PUBLISH("publish"),
        /** A national system asks (gov.gr: a certificate), a municipality's system answers within a deadline. */
        REQUEST_REPLY("request-reply"),
        /** One municipality asks another (a residence transfer), which confirms or refuses. */
        CONVERSATION("conversation");

        private final String word;

        Pattern(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Optional<Pattern> of(String word) {
            for (Pattern p : values()) {
                if (p.word.equals(word)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** How versions of one record relate. */
    public enum Versions {
        /** A newer version replaces the published one and goes out as a correction; an older one is stale. */
        CORRECTIONS,
        /** A record never changes: a second copy is a duplicate. */
        IMMUTABLE
    }

    /** Where a flow's records are translated. */
    public enum MappingKind {
        /** {@code mappings/<code>/<flow>/mapping.yml}: each municipality's legacy format has its own. */
        PER_MUNICIPALITY,
        /** One mapping built into the hub, for a wire format every municipality shares. */
        BUILT_IN
    }

    /** What a source connector hands the ingest. */
    public enum Intake {
        /** A whole export file. */
        FILE,
        /** A batch of rows (a database poll, records pushed over HTTP), each batch logged as received. */
        ROWS,
        /** A stream of small messages (MQTT), handed on as rows but not logged batch by batch. */
        MESSAGES;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Deliveries at once per municipality and destination when the flow file does not say: enough to keep a portal
     * that answers in 50 ms busy at about 300 calls a second, few enough that an idle hub's threads cost nothing.
     */
    public static final int DEFAULT_CONSUMERS = 16;
    /**
     * The most a flow file may ask for: each is a thread and a broker session. A destination that answers in 50 ms
     * takes 1,000 records a second only with 50 deliveries at once.
     */
    public static final int MAX_CONSUMERS = 64;

    /**
     * Deliveries a consumer acknowledges to the broker in one transaction when the flow file does not say. Each
     * delivery is recorded in the state database before it is acknowledged, so a crash (or a rollback) before the
     * acknowledgement only brings back deliveries already recorded, which are then acknowledged without a call:
     * the batch saves broker commits without making anything go out twice.
     */
    public static final int DEFAULT_ACKNOWLEDGE_EVERY = 16;
    /** The most a flow file may ask for: a failure rolls back the acknowledgements of the others waiting with it. */
    public static final int MAX_ACKNOWLEDGE_EVERY = 256;

    /**
     * One destination of the flow.
     *
     * @param inOrder the versions of one record arrive in the order they were published (the broker's message groups
     *     keep each record with one consumer at a time); different records go in parallel
     * @param consumers deliveries at once per municipality
     * @param acknowledgeEvery deliveries one consumer acknowledges to the broker together at most
     * @param attempts deliveries before a message is dead-lettered, or null for the flow's
     */
    public record FlowDestination(String name, String contract, boolean inOrder, int consumers, int acknowledgeEvery,
            Integer attempts) {
    }

    /** Overrides of the hub's redelivery settings; a null member keeps the hub's. */
    public record Retry(Integer attempts, Long delayMs, Long maxDelayMs) {

        static final Retry HUB_DEFAULTS = new Retry(null, null, null);
    }

    /**
     * How a request-reply flow is asked and answered: a national system calls the hub over HTTP, the question goes
     * through the broker to the municipality's connector, the answer comes back in the same call.
     *
     * @param operations what callers may ask, e.g. {@code getTapCertificate}
     * @param deadline from the call's arrival to its answer
     * @param lateAnswersFor how long past the deadline an answer is still awaited and kept for a repeat
     * @param answersKeptFor how long an answer is kept to be replayed to a repeat
     */
    public record Reply(List<String> operations, java.time.Duration deadline, java.time.Duration lateAnswersFor,
            java.time.Duration answersKeptFor) {

        /** The operations the hub knows how to ask a municipality's system. */
        public static final List<String> OPERATIONS = List.of("getTapCertificate", "getPermanentResidenceCertificate");
    }

    /**
     * The times of a conversation between two municipalities' registries.
     *
     * @param overdueAfter in one open state this long, an exchange is OVERDUE: its outstanding message goes once more
     * @param stalledAfter this long, it is STALLED: the owing municipality's operators are alerted
     */
    public record Conversation(java.time.Duration overdueAfter, java.time.Duration stalledAfter) {
    }

    public boolean publishes() {
        return pattern == Pattern.PUBLISH;
    }

    public Optional<FlowDestination> destination(String name) {
        return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public List<String> destinationNames() {
        return destinations.stream().map(FlowDestination::name).toList();
    }

    public boolean writesBack() {
        return writeBackFrom != null;
    }
}
