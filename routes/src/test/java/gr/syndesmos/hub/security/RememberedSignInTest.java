package gr.syndesmos.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** A password verified lately is not checked with bcrypt again; anything else is. */
class RememberedSignInTest {

    /** Counts the slow checks. */
    private static final class CountingEncoder implements PasswordEncoder {
        final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return real.matches(raw, encoded);
        }
    }

    private final CountingEncoder encoder = new CountingEncoder();
    private final InMemoryUserDetailsManager accounts = new InMemoryUserDetailsManager(User.withUsername("eleni")
            .password(encoder.encode("first-password")).roles("OPERATOR").build());
    private final ThrottledSignIn signIn = new ThrottledSignIn(accounts, new SignInThrottle(new SimpleMeterRegistry()),
            encoder);

    private Authentication signIn(String account, String password) {
        return signIn.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(account, password));
    }

    @Test
    void aClientSigningEveryRequestInCostsOneCheck() {
        for (int i = 0; i < 20; i++) {
            Authentication signedIn = signIn("eleni", "first-password");
            assertThat(signedIn.isAuthenticated()).isTrue();
            assertThat(signedIn.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_OPERATOR");
        }
        assertThat(encoder.checks).hasValue(1);
    }

    @Test
    void aWrongPasswordIsCheckedEveryTimeAndNeverRemembered() {
        signIn("eleni", "first-password");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> signIn("eleni", "wrong-password")).isInstanceOf(BadCredentialsException.class);
        }
        assertThat(encoder.checks).hasValue(4);
    }

    @Test
    void aChangedPasswordForgetsTheOldOne() {
        signIn("eleni", "first-password");
        accounts.updateUser(User.withUsername("eleni").password(encoder.encode("second-password")).roles("OPERATOR")
                .build());
        assertThatThrownBy(() -> signIn("eleni", "first-password")).isInstanceOf(BadCredentialsException.class);
        assertThat(signIn("eleni", "second-password").isAuthenticated()).isTrue();
        assertThat(encoder.checks).hasValue(3);
    }

    @Test
    void aDisabledAccountIsNotLetInByWhatWasRemembered() {
        signIn("eleni", "first-password");
        String hash = accounts.loadUserByUsername("eleni").getPassword();
        accounts.updateUser(User.withUsername("eleni").password(hash).roles("OPERATOR").disabled(true).build());
        assertThatThrownBy(() -> signIn("eleni", "first-password"))
                .isInstanceOf(org.springframework.security.authentication.DisabledException.class);
    }
}
