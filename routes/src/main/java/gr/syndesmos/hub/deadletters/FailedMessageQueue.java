package gr.syndesmos.hub.deadletters;

import gr.syndesmos.hub.security.Operator;
import java.util.List;
import java.util.Map;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;

/**
 * The failed messages of one municipality and destination as Hawtio shows them, under
 * {@code gr.syndesmos → FailedMessages → <municipality> → <destination>}: what an operator needs without knowing the
 * broker. Every call acts as the person signed in to Hawtio, with the same checks and journal as the API.
 */
@ManagedResource(description = "Failed deliveries of one municipality to one destination: list, retry, discard")
public class FailedMessageQueue {

    private static final String CHANNEL = "hawtio";

    private final FailedMessages failed;
    private final String municipality;
    private final String municipalityName;
    private final String destination;
    private final String flow;

    FailedMessageQueue(FailedMessages failed, String municipality, String municipalityName, String destination,
            String flow) {
        this.failed = failed;
        this.municipality = municipality;
        this.municipalityName = municipalityName;
        this.destination = destination;
        this.flow = flow;
    }

    @ManagedAttribute(description = "Municipality code and name")
    public String getMunicipality() {
        return municipality + " " + municipalityName;
    }

    @ManagedAttribute(description = "Where these messages could not be delivered")
    public String getDestination() {
        return destination;
    }

    @ManagedAttribute(description = "The flow the messages belong to")
    public String getFlow() {
        return flow;
    }

    @ManagedAttribute(description = "How many failed messages wait here")
    public long getFailedMessages() throws Exception {
        return failed.count(Operator.required(), municipality, destination, null);
    }

    @ManagedOperation(description = "The failed messages: record, subject, reason, first failure, attempts "
            + "(the first 200)")
    public List<Map<String, Object>> list() throws Exception {
        return failed.list(Operator.required(), municipality, destination, null, 200).stream()
                .map(m -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("messageId", m.messageId());
                    row.put("recordId", m.recordId());
                    row.put("subject", m.subject());
                    row.put("reason", m.reason());
                    row.put("firstFailedAt", m.firstFailedAt());
                    row.put("attempts", m.attempts());
                    return row;
                }).toList();
    }

    @ManagedOperation(description = "Send one failed message (its messageId from list) to the destination again")
    @ManagedOperationParameter(name = "messageId", description = "messageId as list shows it")
    public String retry(long messageId) throws Exception {
        FailedMessages.Outcome outcome = failed.retryOne(Operator.required(), CHANNEL, municipality, destination,
                messageId);
        return outcome.moved() == 1 ? "Retried " + String.join(", ", outcome.records()) + ": it is on its way to "
                + destination + " again." : "No failed message " + messageId + " here (already retried?).";
    }

    @ManagedOperation(description = "Send again every failed message matching the filter; an empty filter "
            + "retries all. Example filter: recordId = '9318-council-decision-2026-245'")
    @ManagedOperationParameter(name = "filter", description = "Selector on message properties, or empty for all")
    public String retryMatching(String filter) throws Exception {
        FailedMessages.Outcome outcome = failed.retry(Operator.required(), CHANNEL, municipality, destination, filter,
                false);
        return "Retried " + outcome.moved() + " of " + outcome.matched() + " matching message(s)"
                + (outcome.records().isEmpty() ? "." : ": " + String.join(", ", outcome.records()));
    }

    @ManagedOperation(description = "Dry run: which failed messages retryMatching would send again, moving none")
    @ManagedOperationParameter(name = "filter", description = "Selector on message properties, or empty for all")
    public String previewRetry(String filter) throws Exception {
        FailedMessages.Outcome outcome = failed.retry(Operator.required(), CHANNEL, municipality, destination, filter,
                true);
        return outcome.matched() + " message(s) would be retried" + (outcome.records().isEmpty() ? "."
                : ": " + String.join(", ", outcome.records()));
    }

    @ManagedOperation(description = "Give up on one failed message: it moves to the municipality's discarded "
            + "queue with your reason (kept, never deleted)")
    @ManagedOperationParameter(name = "messageId", description = "messageId as list shows it")
    @ManagedOperationParameter(name = "reason", description = "Why it should not be delivered (required)")
    public String discard(long messageId, String reason) throws Exception {
        FailedMessages.Outcome outcome = failed.discard(Operator.required(), CHANNEL, municipality, destination,
                messageId, reason);
        return outcome.moved() == 1 ? "Discarded " + String.join(", ", outcome.records()) + "." 
                : "No failed message " + messageId + " here (already retried?).";
    }
}
