package gr.syndesmos.hub.security;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar syndesmos-hub.jar reset-admin-password}: gives the generated admin account a new random password
 * and shows it once, for a region that lost the first one (shown only at the first start). Only for the account the
 * hub generated itself; accounts of a users file ({@code SYNDESMOS_USERS}) are changed in that file. The hub reads
 * accounts at start: restart it afterwards.
 */
public final class ResetAdminPasswordCommand {

    public static final String NAME = "reset-admin-password";

    private ResetAdminPasswordCommand() {
    }

    public static int run(Path dataDir, String usersFileSetting, PrintStream out, PrintStream err) throws IOException {
        if (usersFileSetting != null && !usersFileSetting.isBlank()) {
            err.println("SYNDESMOS_USERS names " + usersFileSetting + ": its accounts are changed in that file "
                    + "(a new hash from: java -jar syndesmos-hub.jar hash-password), not here.");
            return 2;
        }
        Path usersFile = OperatorUsers.generatedAdminFile(dataDir);
        if (!Files.isDirectory(dataDir)) {
            err.println("No data directory at " + dataDir.toAbsolutePath() + " (set SYNDESMOS_DATA_DIR to the hub's).");
            return 2;
        }
        String password = OperatorUsers.generateAdmin(usersFile);
        Files.deleteIfExists(usersFile.resolveSibling(FirstAdminPassword.PASSWORD_FILE));
        out.println(FirstAdminPassword.frame(password, usersFile));
        out.println("Restart the hub for the new password to take effect.");
        return 0;
    }
}
