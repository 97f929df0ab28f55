package gr.syndesmos.hub.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins, per account and per address, and the temporary locks they bring: after
 * {@value #ACCOUNT_ALLOWANCE} failures in a row for one account, or {@value #ADDRESS_ALLOWANCE} from one address
 * (whatever the accounts), every further sign-in for it is refused without looking at the password, for 30 s at
 * first and twice as long after each further failure, up to 15 minutes. A success clears the account's count; an
 * address's count is forgotten an hour after its last failure. An admin can lift a lock at once.
 *
 * <p>Written by hand: this is a lock-out policy (counts that reset on success, growing locks, an unlock) rather than
 * a rate limit, which is what the rate-limiting libraries offer. The table is bounded: the oldest entries go first.
 */
@Component
public class SignInThrottle {

    static final int ACCOUNT_ALLOWANCE = 5;
    static final int ADDRESS_ALLOWANCE = 20;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int MAX_ENTRIES = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);

    /** What one key (an account or an address) has done lately. */
    public record Failures(String key, int count, Instant lastFailure, Instant lockedUntil) {

        boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Counter failures;
    private final Counter refusedWhileLocked;

    @Autowired
    public SignInThrottle(MeterRegistry metrics) {
        this(metrics, Clock.systemUTC());
    }

    SignInThrottle(MeterRegistry metrics, Clock clock) {
        this.clock = clock;
        this.failures = Counter.builder("syndesmos.sign.in.failures").tag("reason", "bad-credentials")
                .description("Sign-ins refused for a wrong account or password").register(metrics);
        this.refusedWhileLocked = Counter.builder("syndesmos.sign.in.failures").tag("reason", "locked")
                .description("Sign-ins refused because the account or address was locked").register(metrics);
        Gauge.builder("syndesmos.sign.in.locked", this, t -> t.locks().size())
                .description("Accounts and addresses locked now after repeated failed sign-ins").register(metrics);
    }

    /** The lock that refuses this sign-in now, if any (the account's first). */
    public Optional<Failures> lockFor(String account, String address) {
        Instant now = clock.instant();
        for (String key : List.of(accountKey(account), addressKey(address))) {
            Failures f = byKey.get(key);
            if (f != null && f.lockedAt(now)) {
                refusedWhileLocked.increment();
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Records a failed sign-in.
     *
     * @param shownAccount the account as it may appear in the log (masked when it is no account of the hub: people
     *     type their password into the name field)
     */
    public void failed(String account, String shownAccount, String address) {
        failures.increment();
        Instant now = clock.instant();
        Failures forAccount = count(accountKey(account), ACCOUNT_ALLOWANCE, now);
        Failures forAddress = count(addressKey(address), ADDRESS_ALLOWANCE, now);
        LOG.warn("Sign-in failed for account '{}' from {} ({} failure(s) in a row for the account, {} from the "
                        + "address){}", shownAccount, address, forAccount.count(), forAddress.count(),
                lockNote(forAccount, forAddress, now));
        prune(now);
    }

    /** A successful sign-in clears its account's failures (not its address's). */
    public void succeeded(String account) {
        byKey.remove(accountKey(account));
    }

    /** Locks in force now, longest first. */
    public List<Failures> locks() {
        Instant now = clock.instant();
        List<Failures> locked = new ArrayList<>(byKey.values().stream().filter(f -> f.lockedAt(now)).toList());
        locked.sort(Comparator.comparing(Failures::lockedUntil).reversed());
        return locked;
    }

    /** Lifts the lock and forgets the failures of an account or an address; true when there was something. */
    public boolean unlockAccount(String account) {
        return byKey.remove(accountKey(account)) != null;
    }

    public boolean unlockAddress(String address) {
        return byKey.remove(addressKey(address)) != null;
    }

    private Failures count(String key, int allowance, Instant now) {
        return byKey.compute(key, (k, old) -> {
            int count = old == null || old.lastFailure().plus(FORGET_AFTER).isBefore(now) ? 1 : old.count() + 1;
            Instant lockedUntil = count < allowance ? null : now.plus(lockLength(count - allowance));
            return new Failures(k, count, now, lockedUntil);
        });
    }

    static Duration lockLength(int beyondAllowance) {
        Duration length = FIRST_LOCK.multipliedBy(1L << Math.min(beyondAllowance, 20));
        return length.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : length;
    }

    private static String lockNote(Failures account, Failures address, Instant now) {
        Failures lock = account.lockedAt(now) ? account : address.lockedAt(now) ? address : null;
        return lock == null ? "" : "; " + (lock == account ? "account" : "address") + " locked for "
                + Duration.between(now, lock.lockedUntil()).toSeconds() + " s";
    }

    private void prune(Instant now) {
        if (byKey.size() <= MAX_ENTRIES) {
            byKey.values().removeIf(f -> !f.lockedAt(now) && f.lastFailure().plus(FORGET_AFTER).isBefore(now));
            return;
        }
        byKey.values().stream().sorted(Comparator.comparing(Failures::lastFailure)).limit(byKey.size() - MAX_ENTRIES)
                .map(Failures::key).toList().forEach(byKey::remove);
    }

    private static String accountKey(String account) {
        return "account:" + (account == null ? "" : account.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }

    /** The name or address part of a key, for the operators' list. */
    static String subject(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    static String kind(String key) {
        return key.substring(0, key.indexOf(':'));
    }
}
