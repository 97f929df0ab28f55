package gr.syndesmos.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The lock-out policy on a clock the test moves. */
class SignInThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final SignInThrottle throttle = new SignInThrottle(metrics, clock);

    @Test
    void anAccountIsLockedAfterFiveFailuresInARowForLongerAndLongerUpToFifteenMinutes() {
        for (int i = 1; i < SignInThrottle.ACCOUNT_ALLOWANCE; i++) {
            throttle.failed("eleni", "eleni", "10.0.0." + i);
            assertThat(throttle.lockFor("eleni", "10.0.0.99")).as("failure " + i).isEmpty();
        }
        throttle.failed("eleni", "eleni", "10.0.0.5");
        assertThat(throttle.lockFor("ELENI", "10.0.0.99")).as("the name in any case, from any address").isPresent();
        clock.move(Duration.ofSeconds(31));
        assertThat(throttle.lockFor("eleni", "10.0.0.99")).isEmpty();
        throttle.failed("eleni", "eleni", "10.0.0.6");
        assertThat(throttle.lockFor("eleni", "x").orElseThrow().lockedUntil()).isEqualTo(clock.instant()
                .plusSeconds(60));
        assertThat(SignInThrottle.lockLength(10)).isEqualTo(Duration.ofMinutes(15));
        assertThat(metrics.get("syndesmos.sign.in.failures").tag("reason", "bad-credentials").counter().count())
                .isEqualTo(6);
    }

    @Test
    void aSuccessClearsTheAccountAndAnAdminCanUnlock() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("maria", "maria", "10.0.0.1");
        }
        throttle.succeeded("maria");
        throttle.failed("maria", "maria", "10.0.0.1");
        assertThat(throttle.lockFor("maria", "10.0.0.2")).isEmpty();
        for (int i = 0; i < 5; i++) {
            throttle.failed("kostas", "kostas", "10.0.0.3");
        }
        assertThat(throttle.locks()).extracting(SignInThrottle.Failures::key).contains("account:kostas");
        assertThat(throttle.unlockAccount("kostas")).isTrue();
        assertThat(throttle.lockFor("kostas", "10.0.0.4")).isEmpty();
    }

    @Test
    void oneAddressTryingManyAccountsIsLockedWhateverTheAccount() {
        for (int i = 0; i < SignInThrottle.ADDRESS_ALLOWANCE; i++) {
            throttle.failed("user" + i, "user" + i, "203.0.113.7");
        }
        assertThat(throttle.lockFor("someone-else", "203.0.113.7")).isPresent();
        assertThat(throttle.lockFor("someone-else", "203.0.113.8")).isEmpty();
        assertThat(throttle.unlockAddress("203.0.113.7")).isTrue();
        assertThat(throttle.lockFor("someone-else", "203.0.113.7")).isEmpty();
    }

    @Test
    void failuresAreForgottenAnHourAfterTheLast() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("nikos", "nikos", "10.0.0.1");
        }
        clock.move(Duration.ofMinutes(61));
        throttle.failed("nikos", "nikos", "10.0.0.1");
        assertThat(throttle.lockFor("nikos", "10.0.0.2")).isEmpty();
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T10:00:00Z");

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
