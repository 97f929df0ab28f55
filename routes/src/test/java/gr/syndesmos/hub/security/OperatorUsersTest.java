package gr.syndesmos.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class OperatorUsersTest {

    private static final Predicate<String> KNOWN = Set.of("9318", "9305")::contains;
    private static final String HASH = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("a-long-password");

    @TempDir
    Path dir;

    @Test
    void readsRolesAndMunicipalitiesAsAuthorities() throws Exception {
        Path file = users("""
                users:
                  - name: eleni
                    password: "%s"
                    roles: [operator]
                    municipalities: ["9318"]
                  - name: region
                    password: "%s"
                    roles: [viewer, admin]
                    municipalities: ["*"]
                """.formatted(HASH, HASH));
        List<UserDetails> users = OperatorUsers.load(file, dir, KNOWN, new FirstAdminPassword());

        Operator eleni = Operator.of(users.get(0).getUsername(), users.get(0).getAuthorities());
        assertThat(eleni.role()).isEqualTo(Operator.Role.OPERATOR);
        assertThat(eleni.sees("9318")).isTrue();
        assertThat(eleni.sees("9305")).isFalse();
        assertThat(eleni.mayReplay("9318")).isTrue();
        assertThat(eleni.seesPersonalData()).isFalse();
        Operator region = Operator.of(users.get(1).getUsername(), users.get(1).getAuthorities());
        assertThat(region.role()).as("the highest role counts").isEqualTo(Operator.Role.ADMIN);
        assertThat(region.wholeRegion()).isTrue();
        assertThat(region.sees("9305")).isTrue();
    }

    @Test
    void refusesPlainPasswordsUnknownRolesAndUnknownMunicipalitiesNamingTheEntry() throws Exception {
        assertThatThrownBy(() -> load(users(entry("eleni", "{noop}secret", "operator", "9318"))))
                .hasMessageContaining("users[0] (eleni)").hasMessageContaining("bcrypt");
        assertThatThrownBy(() -> load(users(entry("eleni", HASH, "superuser", "9318"))))
                .hasMessageContaining("unknown role 'superuser'");
        assertThatThrownBy(() -> load(users(entry("eleni", HASH, "operator", "9999"))))
                .hasMessageContaining("municipality '9999'");
        assertThatThrownBy(() -> load(users("users:\n  - name: x\n    passwd: y\n")))
                .hasMessageContaining("users.yml").hasMessageContaining("passwd");
        assertThatThrownBy(() -> load(dir.resolve("missing.yml")))
                .hasMessageContaining("SYNDESMOS_USERS");
    }

    @Test
    void withoutAUsersFileOneAdminIsGeneratedOnceAndKeptOnlyHashed() throws Exception {
        List<UserDetails> first = OperatorUsers.load(null, dir, KNOWN, new FirstAdminPassword());
        Path generated = dir.resolve("security/users.yml");
        String stored = Files.readString(generated);
        assertThat(first).singleElement().satisfies(admin -> {
            assertThat(admin.getUsername()).isEqualTo("admin");
            assertThat(Operator.of(admin.getUsername(), admin.getAuthorities()).isAdmin()).isTrue();
        });
        assertThat(stored).contains("{bcrypt}$2");
        assertThat(Files.getPosixFilePermissions(generated)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        List<UserDetails> again = OperatorUsers.load(null, dir, KNOWN, new FirstAdminPassword());
        assertThat(Files.readString(generated)).as("not regenerated on the next start").isEqualTo(stored);
        assertThat(again.get(0).getPassword()).isEqualTo(first.get(0).getPassword());
    }

    @Test
    void theFirstPasswordIsShownOnceOutsideTheLogAndAFailedStartForgetsTheAccount() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(FirstAdminPassword.class)).addAppender(log);
        FirstAdminPassword firstAdmin = new FirstAdminPassword();
        List<UserDetails> admin = OperatorUsers.load(null, dir, KNOWN, firstAdmin);
        firstAdmin.show();
        // No terminal here (as under a service manager): a file only the hub's user can read.
        Path shown = dir.resolve("security/first-admin-password");
        String password = Files.readString(shown).strip();
        assertThat(Files.getPosixFilePermissions(shown)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(new BCryptPasswordEncoder().matches(password, admin.get(0).getPassword().substring(8))).isTrue();
        assertThat(log.list).isNotEmpty().noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(password));
        firstAdmin.destroy();
        assertThat(dir.resolve("security/users.yml")).as("kept after a successful start").exists();

        Path other = Files.createDirectories(dir.resolve("failed-start"));
        FirstAdminPassword neverShown = new FirstAdminPassword();
        OperatorUsers.load(null, other, KNOWN, neverShown);
        neverShown.destroy();
        assertThat(other.resolve("security/users.yml")).as("the next start makes and shows a new one").doesNotExist();
    }

    @Test
    void aLostPasswordIsReplacedWithResetAdminPassword() throws Exception {
        String before = OperatorUsers.load(null, dir, KNOWN, new FirstAdminPassword()).get(0).getPassword();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ResetAdminPasswordCommand.run(dir, "", new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(status).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher password = java.util.regex.Pattern.compile("password: (\\S+)").matcher(printed);
        assertThat(password.find()).isTrue();
        String after = OperatorUsers.load(null, dir, KNOWN, new FirstAdminPassword()).get(0).getPassword();
        assertThat(after).isNotEqualTo(before);
        assertThat(new BCryptPasswordEncoder().matches(password.group(1), after.substring(8))).isTrue();
        assertThat(ResetAdminPasswordCommand.run(dir, "/etc/syndesmos/users.yml", System.out,
                new PrintStream(new ByteArrayOutputStream()))).as("accounts of a users file are not touched")
                .isEqualTo(2);
    }

    @Test
    void hashPasswordPrintsTheFormTheUsersFileTakes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PasswordHashCommand.run(new ByteArrayInputStream("correct horse battery\n"
                .getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(status).isZero();
        assertThat(hash).startsWith("{bcrypt}$2");
        assertThat(new BCryptPasswordEncoder().matches("correct horse battery", hash.substring("{bcrypt}".length())))
                .isTrue();

        assertThat(PasswordHashCommand.run(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    }

    private List<UserDetails> load(Path usersFile) throws Exception {
        return OperatorUsers.load(usersFile, dir, KNOWN, new FirstAdminPassword());
    }

    private Path users(String yaml) throws Exception {
        return Files.writeString(dir.resolve("users.yml"), yaml);
    }

    private static String entry(String name, String password, String role, String municipality) {
        return """
                users:
                  - name: %s
                    password: "%s"
                    roles: [%s]
                    municipalities: ["%s"]
                """.formatted(name, password, role, municipality);
    }
}
