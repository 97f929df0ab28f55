package gr.syndesmos.hub.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * {@code java -jar syndesmos-hub.jar hash-password}: reads a password (hidden at a terminal, else one line of
 * standard input) and prints the {@code {bcrypt}...} form the users file takes. Never as an argument, where it would
 * stay in the shell history and the process list.
 */
public final class PasswordHashCommand {

    public static final String NAME = "hash-password";
    private static final int MIN_LENGTH = 12;

    private PasswordHashCommand() {
    }

    public static int run(InputStream in, PrintStream out, PrintStream err) throws IOException {
        Console console = System.console();
        String password;
        if (console != null && in == System.in) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? null : new String(typed);
        } else {
            password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.length() < MIN_LENGTH) {
            err.println("A password of at least " + MIN_LENGTH + " characters is needed.");
            return 2;
        }
        out.println("{bcrypt}" + new BCryptPasswordEncoder().encode(password));
        return 0;
    }
}
