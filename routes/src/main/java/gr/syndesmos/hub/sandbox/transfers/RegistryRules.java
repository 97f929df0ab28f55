package gr.syndesmos.hub.sandbox.transfers;

import gr.syndesmos.hub.transfers.TransferMessage;
import gr.syndesmos.hub.transfers.TransferMessage.Type;
import java.time.LocalDate;
import java.util.Optional;

/**
 * How a municipal registry answers the messages of a residence transfer (the shared contract's "rules at each
 * registry"), for the stand-ins of Chania and Agios Nikolaos, over their own storage. A message received again gets
 * the answer recorded for it the first time.
 */
public final class RegistryRules {

    /** A registry's storage, as the rules need it. */
    public interface Registry {

        String code();

        Optional<RegistryRecord> byAmka(String amka);

        void save(RegistryRecord record);

        /** A new family share number. */
        String newShare();

        /** The answer given to ({@code exchangeId}, type) before, if any. */
        Optional<TransferMessage> answered(String exchangeId, Type type);

        void rememberAnswer(String exchangeId, Type type, TransferMessage answer);

        /** What this registry asked for as the destination (its request), if it did. */
        Optional<TransferMessage> asked(String exchangeId);

        /** Whether this registry, as the destination, withdrew the exchange. */
        boolean withdrew(String exchangeId);

        LocalDate today();
    }

    private RegistryRules() {
    }

    /** The registry's answer to a message, or empty when none is due (a refusal or completion noted). */
    public static Optional<TransferMessage> apply(Registry registry, TransferMessage m) {
        Optional<TransferMessage> earlier = registry.answered(m.exchangeId(), m.type());
        if (earlier.isPresent()) {
            return earlier;
        }
        Optional<TransferMessage> answer = switch (m.type()) {
            case TRANSFER_REQUESTED -> Optional.of(asOriginOnRequest(registry, m));
            case TRANSFER_REGISTERED -> Optional.of(asOriginOnRegistered(registry, m));
            case TRANSFER_WITHDRAWN -> Optional.of(asOriginOnWithdrawn(registry, m));
            case TRANSFER_CONFIRMED -> asDestinationOnConfirmed(registry, m);
            case TRANSFER_RELEASED -> Optional.of(asDestinationOnReleased(registry, m));
            default -> Optional.empty();
        };
        answer.ifPresent(a -> registry.rememberAnswer(m.exchangeId(), m.type(), a));
        return answer;
    }

    private static TransferMessage asOriginOnRequest(Registry registry, TransferMessage m) {
        if (registry.answered(m.exchangeId(), Type.TRANSFER_WITHDRAWN).isPresent()) {
            return reply(m, Type.TRANSFER_CANCELLED, null);
        }
        RegistryRecord record = registry.byAmka(m.person().amka())
                .filter(r -> r.birthDate().equals(m.person().birthDate())).orElse(null);
        if (record == null) {
            return reply(m, Type.TRANSFER_REFUSED, "PERSON_NOT_FOUND");
        }
        if ("TRANSFERRED_OUT".equals(record.status()) || "DELETED".equals(record.status())) {
            return reply(m, Type.TRANSFER_REFUSED, "NOT_REGISTERED_HERE");
        }
        if (record.locked() || "PENDING_IN".equals(record.status()) || "PENDING_OUT".equals(record.status())
                && !m.exchangeId().equals(record.exchangeId())) {
            return reply(m, Type.TRANSFER_REFUSED, "RECORD_LOCKED");
        }
        if (record.obligation()) {
            return reply(m, Type.TRANSFER_REFUSED, "PENDING_OBLIGATIONS");
        }
        registry.save(record.with("PENDING_OUT", m.exchangeId()));
        return new TransferMessage(m.exchangeId(), Type.TRANSFER_CONFIRMED, m.origin(), m.destination(),
                new TransferMessage.Person(record.amka(), record.afm(), record.surname(), record.givenName(),
                        record.fatherName(), record.motherName(), record.birthDate()),
                new TransferMessage.Registration(registry.code(), record.community(), record.share()), null, null,
                null);
    }

    private static TransferMessage asOriginOnRegistered(Registry registry, TransferMessage m) {
        registry.byAmka(amkaOf(registry, m)).filter(r -> m.exchangeId().equals(r.exchangeId()))
                .ifPresent(r -> registry.save(r.with("TRANSFERRED_OUT", m.exchangeId())));
        return act(m, Type.TRANSFER_RELEASED, registry.today());
    }

    private static TransferMessage asOriginOnWithdrawn(Registry registry, TransferMessage m) {
        String amka = amkaOf(registry, m);
        if (amka != null) {
            registry.byAmka(amka).filter(r -> "PENDING_OUT".equals(r.status())
                    && m.exchangeId().equals(r.exchangeId())).ifPresent(r -> registry.save(r.with("ACTIVE", null)));
        }
        return reply(m, Type.TRANSFER_CANCELLED, null);
    }

    private static Optional<TransferMessage> asDestinationOnConfirmed(Registry registry, TransferMessage m) {
        if (registry.withdrew(m.exchangeId())) {
            return Optional.empty();
        }
        Optional<RegistryRecord> here = registry.byAmka(m.person().amka());
        if (here.isPresent() && ("ACTIVE".equals(here.get().status()) || "PENDING_IN".equals(here.get().status())
                || "PENDING_OUT".equals(here.get().status()))) {
            return Optional.of(reply(m, Type.TRANSFER_WITHDRAWN, "ALREADY_REGISTERED_HERE"));
        }
        String community = registry.asked(m.exchangeId()).map(r -> r.registration().communityCode())
                .orElse(null);
        TransferMessage.Person p = m.person();
        registry.save(new RegistryRecord(p.amka(), p.afm(), p.surname(), p.givenName(), p.fatherName(),
                p.motherName(), p.birthDate(), community, registry.newShare(), "PENDING_IN", false, false,
                m.exchangeId()));
        return Optional.of(act(m, Type.TRANSFER_REGISTERED, registry.today()));
    }

    private static TransferMessage asDestinationOnReleased(Registry registry, TransferMessage m) {
        registry.byAmka(amkaOf(registry, m)).filter(r -> m.exchangeId().equals(r.exchangeId()))
                .ifPresent(r -> registry.save(r.with("ACTIVE", m.exchangeId())));
        return act(m, Type.TRANSFER_COMPLETED, registry.today());
    }

    /** The AMKA of an exchange's person, from what this registry sent or received about it. */
    private static String amkaOf(Registry registry, TransferMessage m) {
        if (m.person() != null) {
            return m.person().amka();
        }
        Optional<TransferMessage> asked = registry.asked(m.exchangeId());
        if (asked.isPresent()) {
            return asked.get().person().amka();
        }
        return registry.answered(m.exchangeId(), Type.TRANSFER_REQUESTED).map(a -> a.person() == null ? null
                : a.person().amka()).orElse(null);
    }

    private static TransferMessage reply(TransferMessage m, Type type, String reason) {
        return TransferMessage.of(m.exchangeId(), type, m.origin(), m.destination(), reason);
    }

    private static TransferMessage act(TransferMessage m, Type type, LocalDate on) {
        return new TransferMessage(m.exchangeId(), type, m.origin(), m.destination(), null, null, null, on, null);
    }
}
