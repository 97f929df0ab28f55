package gr.syndesmos.hub.flows;

import java.util.List;
import java.util.Map;

/**
 * A flow file ({@code flows/<name>.flow.yml}) as written; {@link FlowRegistry} checks it and makes a {@link Flow} of
 * it. Unknown keys are errors. {@code reply} is the section of the request-reply pattern, {@code conversation} that of
 * a conversation between two municipalities.
 */
record FlowFile(
        String name,
        String description,
        String pattern,
        RecordSection record,
        String mapping,
        List<String> accepts,
        Map<String, DestinationSection> destinations,
        WriteBackSection writeBack,
        RetrySection retry,
        ReplySection reply,
        ConversationSection conversation) {

    /**
     * @param versions {@code corrections} (a newer version replaces the one published and goes out as a correction;
     *     an older one is stale and skipped) or {@code immutable} (a record never changes: a second copy is a
     *     duplicate)
     */
    record RecordSection(String type, Integer schemaVersion, String versions) {
    }

    /**
     * @param contract how the hub speaks to it ({@code diavgeia-decision}, {@code regional-record})
     * @param ordering {@code in-order} (a record's versions arrive in the order published) or {@code unordered}
     *     (only for immutable records)
     * @param consumers how many deliveries run at once per municipality (default {@link Flow#DEFAULT_CONSUMERS})
     * @param acknowledgeEvery how many deliveries one consumer acknowledges to the broker together at most (default
     *     {@link Flow#DEFAULT_ACKNOWLEDGE_EVERY}; 1: each on its own)
     * @param retry this destination's attempts before a message is dead-lettered, if not the flow's
     */
    record DestinationSection(String contract, String ordering, Integer consumers, Integer acknowledgeEvery,
            RetrySection retry) {
    }

    /** @param answersFrom the destination whose answers (references such as the ADA) go back to the municipality */
    record WriteBackSection(String answersFrom) {
    }

    /**
     * A request-reply flow's questions and answers.
     *
     * @param operations the operations callers may ask for
     * @param deadline ISO-8601 duration from a call's arrival to its answer (default 10 s)
     * @param lateAnswersFor how long past the deadline an answer is still awaited (default 5 min)
     * @param answersKeptFor how long answers are kept for repeats (default 30 days)
     */
    record ReplySection(List<String> operations, String deadline, String lateAnswersFor, String answersKeptFor) {
    }

    /**
     * A conversation's times.
     *
     * @param overdueAfter ISO-8601 duration in one open state before an exchange is OVERDUE (default 24 h)
     * @param stalledAfter before it is STALLED (default 72 h)
     */
    record ConversationSection(String overdueAfter, String stalledAfter) {
    }

    /**
     * Overrides of the hub's {@code syndesmos.redelivery} for this flow.
     *
     * @param attempts deliveries before a message is dead-lettered
     * @param delayMs the first redelivery delay; it doubles on every attempt up to {@code maxDelayMs}
     */
    record RetrySection(Integer attempts, Long delayMs, Long maxDelayMs) {
    }
}
