package gr.syndesmos.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The hub's sign-in with a password (form or HTTP Basic), guarded by {@link SignInThrottle}: a locked account or
 * address is refused before its password is even looked at, every failure is counted and logged (account and
 * address, never the password), and a success clears the account's count.
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

    private final DaoAuthenticationProvider passwords;
    private final UserDetailsService accounts;
    private final SignInThrottle throttle;

    public ThrottledSignIn(UserDetailsService accounts, SignInThrottle throttle) {
        this.passwords = new DaoAuthenticationProvider(accounts);
        this.passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        this.accounts = accounts;
        this.throttle = throttle;
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
        try {
            Authentication signedIn = passwords.authenticate(authentication);
            throttle.succeeded(account);
            return signedIn;
        } catch (BadCredentialsException | UsernameNotFoundException e) {
            throttle.failed(account, shown(account), address);
            throw e;
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
