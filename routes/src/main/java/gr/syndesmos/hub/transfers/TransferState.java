package gr.syndesmos.hub.transfers;

import gr.syndesmos.hub.transfers.TransferMessage.Type;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an exchange stands in the hub's journal, who owes the next message, and which message may come next. Once
 * the destination has registered, the transfer can only complete; nothing ends an exchange but its parties.
 */
public enum TransferState {
    REQUESTED(Owing.ORIGIN),
    CONFIRMED(Owing.DESTINATION),
    REGISTERED(Owing.ORIGIN),
    RELEASED(Owing.DESTINATION),
    COMPLETED(Owing.NOBODY),
    /** The birth date disagrees with the AMKA: the destination's operators release it unchanged or withdraw it. */
    HELD_FOR_REVIEW(Owing.DESTINATION_OPERATORS),
    WITHDRAWN(Owing.ORIGIN),
    REFUSED(Owing.NOBODY),
    CANCELLED(Owing.NOBODY);

    /** Who the exchange waits for. */
    public enum Owing { ORIGIN, DESTINATION, DESTINATION_OPERATORS, NOBODY }

    private final Owing owing;

    TransferState(Owing owing) {
        this.owing = owing;
    }

    public Owing owing() {
        return owing;
    }

    public boolean ended() {
        return owing == Owing.NOBODY;
    }

    private static final Map<TransferState, Map<Type, TransferState>> NEXT = new EnumMap<>(TransferState.class);

    static {
        next(REQUESTED, Type.TRANSFER_CONFIRMED, CONFIRMED);
        next(REQUESTED, Type.TRANSFER_REFUSED, REFUSED);
        next(REQUESTED, Type.TRANSFER_WITHDRAWN, WITHDRAWN);
        next(CONFIRMED, Type.TRANSFER_REGISTERED, REGISTERED);
        next(CONFIRMED, Type.TRANSFER_WITHDRAWN, WITHDRAWN);
        next(REGISTERED, Type.TRANSFER_RELEASED, RELEASED);
        next(RELEASED, Type.TRANSFER_COMPLETED, COMPLETED);
        next(WITHDRAWN, Type.TRANSFER_CANCELLED, CANCELLED);
        next(HELD_FOR_REVIEW, Type.TRANSFER_WITHDRAWN, WITHDRAWN);
    }

    private static void next(TransferState from, Type type, TransferState to) {
        NEXT.computeIfAbsent(from, k -> new EnumMap<>(Type.class)).put(type, to);
    }

    /** The state a message leads to from this one; empty when it may not come now (OUT_OF_ORDER). */
    public Optional<TransferState> after(Type type) {
        return Optional.ofNullable(NEXT.getOrDefault(this, Map.of()).get(type));
    }

    /**
     * A confirmation or refusal that crossed the destination's withdrawal: journaled, not forwarded, and the
     * exchange stays withdrawn (the origin's answer to the withdrawal, CANCELLED, follows).
     */
    public boolean crossedByWithdrawal(Type type) {
        return this == WITHDRAWN && (type == Type.TRANSFER_CONFIRMED || type == Type.TRANSFER_REFUSED);
    }
}
