package gr.syndesmos.hub.transfers;

import gr.syndesmos.hub.evidence.EvidenceEntry;
import gr.syndesmos.hub.evidence.EvidenceLog;
import gr.syndesmos.hub.settings.HubClock;
import gr.syndesmos.hub.transfers.TransferMessage.Side;
import gr.syndesmos.hub.transfers.TransferMessage.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's side of residence transfers: every message a registry sends is checked (its sender is the connection's
 * municipality, never a field), journaled with its exchange's new state in one transaction, and only then
 * acknowledged to its source and forwarded to the other registry. Forwarding is at least once, in journal order per
 * exchange; a repeat is ignored, a changed repeat is a conflict, a message out of turn is refused. Nothing ends an
 * exchange but its parties: a silent party makes it OVERDUE (its message is delivered once more) and then STALLED
 * (its operators are alerted).
 */
public class TransferExchanges {

    private static final Logger LOG = LoggerFactory.getLogger(TransferExchanges.class);

    /** What the hub did with a sender's message. */
    public enum Outcome { ACCEPTED, REJECTED, HELD_FOR_REVIEW, DUPLICATE_IGNORED }

    /** The answer to {@link #receive}. */
    public record Receipt(Outcome outcome, String reason, TransferState state) {
    }

    /** Sends a message to a registry (through the broker, to its connector). */
    public interface Forwarder {
        void forward(String recipient, TransferMessage message);
    }

    private final TransferJournal journal;
    private final TransactionTemplate transaction;
    private final HubClock clock;
    private final EvidenceLog evidence;
    private final Predicate<String> isMunicipality;
    private final Predicate<String> isConnected;
    private final Duration overdueAfter;
    private final Duration stalledAfter;

    public TransferExchanges(JdbcTemplate jdbc, PlatformTransactionManager transactions, HubClock clock,
            EvidenceLog evidence, Predicate<String> isMunicipality, Predicate<String> isConnected,
            Duration overdueAfter, Duration stalledAfter) {
        this.journal = new TransferJournal(jdbc);
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.evidence = evidence;
        this.isMunicipality = isMunicipality;
        this.isConnected = isConnected;
        this.overdueAfter = overdueAfter;
        this.stalledAfter = stalledAfter;
    }

    /**
     * Takes one message from a registry. On return the message is journaled (or refused, and the refusal journaled):
     * its source may be acknowledged. What it makes the hub send is sent by {@link #forwardPending}.
     *
     * @param sender the municipality of the connection it came through
     */
    public Receipt receive(String sender, TransferMessage message) {
        Receipt receipt = transaction.execute(status -> decide(sender, message));
        evidence.record(sender, "transfer-" + (message.type() == null ? "message" : message.type().name()
                .substring("TRANSFER_".length()).toLowerCase(java.util.Locale.ROOT)), sender + " → hub",
                EvidenceLog.digest(message.content()), receipt.outcome() + (receipt.reason() == null ? ""
                        : " " + receipt.reason()) + (receipt.state() == null ? "" : "; exchange " + receipt.state()),
                message.exchangeId());
        LOG.info("Transfer {} {} from {}: {}{}", message.exchangeId(), message.type(), sender, receipt.outcome(),
                receipt.reason() == null ? "" : " (" + receipt.reason() + ")");
        return receipt;
    }

    private Receipt decide(String sender, TransferMessage m) {
        Instant now = clock.now();
        String sha = EvidenceEntry.sha256(m.content());
        if (m.type() == null || m.type() == Type.TRANSFER_REJECTED) {
            return reject(sender, m, "MISSING_FIELD", sha, now);
        }
        Optional<TransferJournal.Exchange> existing = m.exchangeId() == null ? Optional.empty()
                : journal.lock(m.exchangeId());
        if (existing.isPresent()) {
            TransferJournal.Exchange x = existing.get();
            String side = m.type().sender() == Side.ORIGIN ? x.origin() : x.destination();
            if (!sender.equals(side)) {
                return reject(sender, m, "TENANT_MISMATCH", sha, now);
            }
            Optional<TransferJournal.Journaled> earlier = journal.message(x.exchangeId(), m.type());
            if (earlier.isPresent()) {
                // A repeat: the same content is ignored whatever the state; another content is a conflict.
                return earlier.get().contentSha256().equals(sha)
                        ? new Receipt(Outcome.DUPLICATE_IGNORED, null, x.state())
                        : reject(sender, m, "EXCHANGE_CONFLICT", sha, now);
            }
            if (!x.origin().equals(m.origin()) || !x.destination().equals(m.destination())) {
                return reject(sender, m, "EXCHANGE_CONFLICT", sha, now);
            }
            if (x.state().crossedByWithdrawal(m.type())) {
                journal.append(m, sender, null, sha, now);
                return new Receipt(Outcome.ACCEPTED, null, x.state());
            }
            Optional<TransferState> next = x.state().after(m.type());
            if (next.isEmpty()) {
                return reject(sender, m, "OUT_OF_ORDER", sha, now);
            }
            if (m.type() == Type.TRANSFER_CONFIRMED && !TransferChecks.confirmationFits(m,
                    journal.message(x.exchangeId(), Type.TRANSFER_REQUESTED).orElseThrow().message())) {
                return reject(sender, m, "EXCHANGE_CONFLICT", sha, now);
            }
            // Withdrawn while held for review: nothing ever reached the origin, so nothing goes to it now.
            boolean toOther = x.state() != TransferState.HELD_FOR_REVIEW;
            String recipient = toOther ? (sender.equals(x.origin()) ? x.destination() : x.origin()) : null;
            journal.append(m, sender, recipient, sha, now);
            String reason = m.reason() != null ? m.reason() : next.get().ended() ? x.reason() : null;
            journal.move(x.exchangeId(), x.state() == TransferState.HELD_FOR_REVIEW ? TransferState.CANCELLED
                    : next.get(), reason, now);
            return new Receipt(Outcome.ACCEPTED, m.reason(), x.state() == TransferState.HELD_FOR_REVIEW
                    ? TransferState.CANCELLED : next.get());
        }
        if (m.type() != Type.TRANSFER_REQUESTED) {
            return reject(sender, m, "OUT_OF_ORDER", sha, now);
        }
        Optional<String> rejected = TransferChecks.rejection(sender, m, isMunicipality, isConnected);
        if (rejected.isPresent()) {
            return reject(sender, m, rejected.get(), sha, now);
        }
        Optional<String> held = TransferChecks.heldFor(m);
        journal.open(m.exchangeId(), m.origin(), m.destination(), held.isPresent() ? TransferState.HELD_FOR_REVIEW
                : TransferState.REQUESTED, held.orElse(null), now);
        journal.append(m, sender, held.isPresent() ? null : m.origin(), sha, now);
        return held.isPresent() ? new Receipt(Outcome.HELD_FOR_REVIEW, held.get(), TransferState.HELD_FOR_REVIEW)
                : new Receipt(Outcome.ACCEPTED, null, TransferState.REQUESTED);
    }

    private Receipt reject(String sender, TransferMessage m, String reason, String sha, Instant now) {
        journal.reject(sender, m, reason, sha, now);
        return new Receipt(Outcome.REJECTED, reason, m.exchangeId() == null ? null
                : journal.find(m.exchangeId()).map(TransferJournal.Exchange::state).orElse(null));
    }

    /**
     * The destination's operators release a request held for review, unchanged: it goes to the origin now.
     *
     * @return false when the exchange is not held
     */
    public boolean releaseHeld(String exchangeId, String operator) {
        boolean released = Boolean.TRUE.equals(transaction.execute(status -> {
            TransferJournal.Exchange x = journal.lock(exchangeId).orElse(null);
            if (x == null || x.state() != TransferState.HELD_FOR_REVIEW) {
                return false;
            }
            TransferJournal.Journaled request = journal.message(exchangeId, Type.TRANSFER_REQUESTED).orElseThrow();
            journal.readdress(request, x.origin());
            journal.move(exchangeId, TransferState.REQUESTED, null, clock.now());
            return true;
        }));
        if (released) {
            evidence.record(exchangeId.substring(0, 4), "operator-release", operator + " → " + exchangeId,
                    EvidenceLog.digest(exchangeId), "held request released to the origin", exchangeId);
        }
        return released;
    }

    /**
     * Sends what is journaled and not yet sent: forwarded messages and refusals, oldest first. Run after each
     * {@link #receive}, at start (what a stopped hub left) and now and then; a message is marked sent only once
     * the forwarder took it, so a failure sends it again later.
     *
     * @return how many were sent
     */
    public int forwardPending(Forwarder forwarder) {
        int sent = 0;
        for (TransferJournal.Journaled m : journal.unforwarded(500)) {
            forwarder.forward(m.recipient(), m.message());
            CrashPoints.reached(CrashPoints.AFTER_FORWARD);
            journal.forwarded(m, clock.now());
            sent++;
        }
        for (TransferJournal.Rejection r : journal.unforwardedRejections(500)) {
            forwarder.forward(r.sender(), TransferMessage.of(r.exchangeId(), Type.TRANSFER_REJECTED, r.origin(),
                    r.destination(), r.reason()));
            journal.rejectionForwarded(r.id(), clock.now());
            sent++;
        }
        return sent;
    }

    /**
     * Flags exchanges that wait too long: OVERDUE after {@code overdueAfter} in one open state (the outstanding
     * message is delivered once more), STALLED after {@code stalledAfter} (the owing municipality is alerted).
     * Nothing is cancelled or released.
     */
    public List<TransferJournal.Exchange> checkTimes(Forwarder forwarder) {
        Instant now = clock.now();
        List<TransferJournal.Exchange> changed = new java.util.ArrayList<>();
        for (TransferJournal.Exchange x : journal.openSince(now.minus(overdueAfter))) {
            boolean stalled = !x.stateSince().isAfter(now.minus(stalledAfter));
            String flag = stalled ? "STALLED" : "OVERDUE";
            if (flag.equals(x.flag()) || "STALLED".equals(x.flag())) {
                continue;
            }
            journal.flag(x.exchangeId(), flag, now);
            if ("OVERDUE".equals(flag) || x.flag() == null) {
                journal.outstanding(x.exchangeId()).filter(m -> x.state() != TransferState.HELD_FOR_REVIEW)
                        .ifPresent(m -> {
                            forwarder.forward(m.recipient(), m.message());
                            journal.forwarded(m, now);
                        });
            }
            String owing = owing(x);
            LOG.warn("Transfer {} is {}: waiting for {} since {}", x.exchangeId(), flag, owing, x.stateSince());
            evidence.record(owing, "transfer-" + flag.toLowerCase(java.util.Locale.ROOT), "hub → " + owing,
                    EvidenceLog.digest(x.exchangeId() + flag), flag + " in " + x.state(), x.exchangeId());
            changed.add(new TransferJournal.Exchange(x.exchangeId(), x.origin(), x.destination(), x.state(),
                    x.reason(), x.stateSince(), flag));
        }
        return changed;
    }

    /** The municipality an exchange waits for. */
    static String owing(TransferJournal.Exchange x) {
        return switch (x.state().owing()) {
            case ORIGIN -> x.origin();
            case DESTINATION, DESTINATION_OPERATORS -> x.destination();
            case NOBODY -> null;
        };
    }

    /** Open exchanges flagged OVERDUE or STALLED. */
    public List<TransferJournal.Exchange> flagged() {
        return journal.flagged();
    }

    public Optional<TransferJournal.Exchange> exchange(String exchangeId) {
        return journal.find(exchangeId);
    }

    public List<TransferJournal.Journaled> messages(String exchangeId) {
        return journal.messages(exchangeId);
    }

    public List<TransferJournal.Exchange> exchangesOf(String municipality) {
        return journal.of(municipality);
    }
}
