package gr.syndesmos.hub.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The hub's sign-in with a password (form or HTTP Basic), guarded by {@link SignInThrottle}: a locked account or
 * address is refused before its password is even looked at, every failure is counted and logged (account and
 * address, never the password), and a success clears the account's count.
 *
 * <p>A password verified lately is remembered for {@link #REMEMBERED} so that a client that signs every request in
 * (a Prometheus scrape, a script polling the API, with HTTP Basic) costs one bcrypt check every few minutes instead
 * of one per request: bcrypt is slow on purpose, about a tenth of a second of CPU, and a poll every second would
 * otherwise take a core of a small hub. What is remembered is an HMAC of the account, the password and the account's
 * stored hash under a key made at start: nothing in memory reveals or replays a password, a changed password or a
 * changed account is a miss, and only successes are kept (so a flood of wrong passwords fills nothing).
 */
public class ThrottledSignIn implements AuthenticationProvider {

    /** Refused because of a lock: the password was not checked. */
    public static final class SignInLockedException extends LockedException {
        private final transient Instant until;

        SignInLockedException(Instant until) {
            super("Too many failed sign-ins: try again after " + until + " (or ask an administrator to unlock)");
            this.until = until;
        }

        public long retryAfterSeconds() {
            return Math.max(1, Duration.between(Instant.now(), until).toSeconds() + 1);
        }
    }

    /** How long a verified password is remembered. */
    static final Duration REMEMBERED = Duration.ofMinutes(5);

    private final DaoAuthenticationProvider passwords;
    private final UserDetailsService accounts;
    private final SignInThrottle throttle;
    private final Cache<String, Boolean> verified = Caffeine.newBuilder().expireAfterWrite(REMEMBERED)
            .maximumSize(1_000).build();
    private final SecretKeySpec rememberKey;

    public ThrottledSignIn(UserDetailsService accounts, SignInThrottle throttle) {
        this(accounts, throttle, PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    ThrottledSignIn(UserDetailsService accounts, SignInThrottle throttle, PasswordEncoder encoder) {
        this.passwords = new DaoAuthenticationProvider(accounts);
        this.passwords.setPasswordEncoder(encoder);
        this.accounts = accounts;
        this.throttle = throttle;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.rememberKey = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String account = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                ? web.getRemoteAddress() : "unknown";
        var lock = throttle.lockFor(account, address);
        if (lock.isPresent()) {
            throw new SignInLockedException(lock.get().lockedUntil());
        }
        UserDetails known = knownAccount(account);
        String remembered = known == null || authentication.getCredentials() == null ? null
                : remembered(account, authentication.getCredentials().toString(), known.getPassword());
        if (remembered != null && verified.getIfPresent(remembered) != null && usable(known)) {
            throttle.succeeded(account);
            UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(known,
                    null, known.getAuthorities());
            signedIn.setDetails(authentication.getDetails());
            return signedIn;
        }
        try {
            Authentication signedIn = passwords.authenticate(authentication);
            throttle.succeeded(account);
            if (remembered != null) {
                verified.put(remembered, Boolean.TRUE);
            }
            return signedIn;
        } catch (BadCredentialsException | UsernameNotFoundException e) {
            throttle.failed(account, shown(account), address);
            throw e;
        }
    }

    private UserDetails knownAccount(String account) {
        try {
            return account == null ? null : accounts.loadUserByUsername(account);
        } catch (UsernameNotFoundException unknown) {
            return null;
        }
    }

    private static boolean usable(UserDetails account) {
        return account.isEnabled() && account.isAccountNonLocked() && account.isAccountNonExpired()
                && account.isCredentialsNonExpired();
    }

    /** The HMAC that stands for "this password of this account, with this stored hash, was right". */
    private String remembered(String account, String password, String storedHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(rememberKey);
            for (String part : new String[] {account, password, storedHash == null ? "" : storedHash}) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** An account of the hub by its name; anything else masked, since people type passwords into the name field. */
    private String shown(String account) {
        try {
            accounts.loadUserByUsername(account);
            return account;
        } catch (UsernameNotFoundException unknown) {
            return "(no such account: " + (account == null || account.length() < 2 ? "?" : account.charAt(0)
                    + "*".repeat(Math.min(account.length() - 1, 8))) + ")";
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Answers a locked sign-in with 429 and Retry-After; any other failure as {@code otherwise} does. */
    public static AuthenticationEntryPoint lockAware(AuthenticationEntryPoint otherwise) {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) -> {
            if (failure instanceof SignInLockedException locked) {
                response.setHeader("Retry-After", Long.toString(locked.retryAfterSeconds()));
                response.sendError(429, locked.getMessage());
                return;
            }
            otherwise.commence(request, response, failure);
        };
    }
}
