package gr.syndesmos.hub.security;

import gr.syndesmos.connectors.file.OwnerOnlyFiles;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The generated admin's password, shown once and never written to the log: at the end of a successful first start,
 * on the terminal the hub runs in, or, when it runs without one (a service, output redirected to a file), in
 * {@code <data-dir>/security/first-admin-password} (mode 0600) for the administrator to read and delete. A first
 * start that fails (the HTTP port taken, say) forgets the account it generated, so the next start makes and shows a
 * new one; a password lost later is replaced with {@code reset-admin-password} ({@link ResetAdminPasswordCommand}).
 */
@Component
public class FirstAdminPassword implements DisposableBean {

    static final String PASSWORD_FILE = "first-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdminPassword.class);

    private Path usersFile;
    private String password;
    private boolean shown;

    /** Called when the users file was just generated with this password. */
    void generated(Path usersFile, String password) {
        this.usersFile = usersFile;
        this.password = password;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void show() throws IOException {
        if (password == null || shown) {
            return;
        }
        shown = true;
        Console console = System.console();
        if (console != null) {
            PrintWriter terminal = console.writer();
            terminal.println(frame(password, usersFile));
            terminal.flush();
            LOG.info("The first operator account 'admin' was created; its password was shown on the terminal only");
        } else {
            Path file = usersFile.resolveSibling(PASSWORD_FILE);
            Path temp = OwnerOnlyFiles.createTempFile(file.getParent(), PASSWORD_FILE, ".tmp");
            Files.writeString(temp, password + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("The first operator account 'admin' was created. The hub runs without a terminal, so its password"
                    + " is in {} (readable by the hub's user only): read it, sign in, then delete the file", file);
        }
        password = null;
    }

    @Override
    public void destroy() throws IOException {
        if (password != null && !shown && usersFile != null) {
            // The start failed before the password could be shown: forget the account, the next start makes one.
            Files.deleteIfExists(usersFile);
            LOG.warn("The hub did not start, so the generated admin account was not kept; the next start creates it");
        }
    }

    static String frame(String password, Path usersFile) {
        return """

                ================================================================
                 Syndesmos created its first operator account:
                   user:     admin
                   password: %s
                 Only its hash is kept (%s); this password is not shown again.
                 Lost it? Stop the hub and run: java -jar syndesmos-hub.jar reset-admin-password
                ================================================================
                """.formatted(password, usersFile);
    }
}
