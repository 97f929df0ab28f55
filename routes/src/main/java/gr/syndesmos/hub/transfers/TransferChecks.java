package gr.syndesmos.hub.transfers;

import gr.syndesmos.mappings.text.Afm;
import gr.syndesmos.mappings.text.Amka;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The hub's checks of a new request, in the contract's order: required fields, the AMKA then the AFM, origin and
 * destination differ, the origin is a municipality, it is connected, the community is the destination's. A failure
 * rejects the request back to its sender and nothing reaches the origin. A birth date that disagrees with the AMKA
 * does not reject: the request waits for the destination's operators.
 */
final class TransferChecks {

    static final String HELD_BIRTH_DATE = "AMKA_BIRTHDATE_MISMATCH";
    private static final Pattern EXCHANGE_ID = Pattern.compile("[0-9]{4}:[0-9A-Z/-]{1,20}");
    private static final Pattern COMMUNITY = Pattern.compile("[0-9]{8}");

    private TransferChecks() {
    }

    /** Why a new request is rejected, or empty when it goes on (perhaps to review: {@link #heldFor}). */
    static Optional<String> rejection(String sender, TransferMessage m, Predicate<String> isMunicipality,
            Predicate<String> isConnected) {
        if (m.exchangeId() != null && EXCHANGE_ID.matcher(m.exchangeId()).matches()
                && (!sender.equals(m.exchangeOwner()) || !sender.equals(m.destination()))) {
            return Optional.of("TENANT_MISMATCH");
        }
        TransferMessage.Person p = m.person();
        TransferMessage.Registration r = m.registration();
        if (blank(m.exchangeId()) || !EXCHANGE_ID.matcher(m.exchangeId()).matches() || blank(m.origin())
                || blank(m.destination()) || p == null || blank(p.amka()) || p.birthDate() == null
                || blank(p.surname()) || blank(p.givenName()) || r == null || blank(r.communityCode())) {
            return Optional.of("MISSING_FIELD");
        }
        if (!Amka.isValid(p.amka())) {
            return Optional.of("INVALID_AMKA");
        }
        if (!blank(p.afm()) && !Afm.isValid(p.afm())) {
            return Optional.of("INVALID_AFM");
        }
        if (m.origin().equals(m.destination())) {
            return Optional.of("SAME_MUNICIPALITY");
        }
        if (!isMunicipality.test(m.origin())) {
            return Optional.of("UNKNOWN_MUNICIPALITY");
        }
        if (!isConnected.test(m.origin())) {
            return Optional.of("ORIGIN_NOT_CONNECTED");
        }
        if (!COMMUNITY.matcher(r.communityCode()).matches() || !r.communityCode().startsWith(m.destination())) {
            return Optional.of("INVALID_COMMUNITY");
        }
        return Optional.empty();
    }

    /** Why a request that passed the checks waits for review, or empty. */
    static Optional<String> heldFor(TransferMessage m) {
        return Amka.birthDates(m.person().amka()).contains(m.person().birthDate()) ? Optional.empty()
                : Optional.of(HELD_BIRTH_DATE);
    }

    /**
     * A confirmation must be about the person asked for, registered at the origin, with a share: else the origin is
     * told EXCHANGE_CONFLICT and the exchange stays as it was.
     */
    static boolean confirmationFits(TransferMessage confirmed, TransferMessage requested) {
        TransferMessage.Person p = confirmed.person();
        TransferMessage.Registration r = confirmed.registration();
        return p != null && requested.person() != null && requested.person().amka().equals(p.amka()) && r != null
                && confirmed.origin().equals(r.municipalityCode()) && r.communityCode() != null
                && r.communityCode().startsWith(confirmed.origin()) && !blank(r.shareNumber());
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
