package gr.syndesmos.hub.security;

import com.fasterxml.jackson.databind.DeserializationFeature;
import gr.syndesmos.connectors.file.OwnerOnlyFiles;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The hub's own operator accounts: a YAML file named by {@code SYNDESMOS_USERS}, a list of
 * {@code {name, password, roles, municipalities}} with bcrypt passwords. Without that file the hub keeps one
 * generated admin account under its data directory, created at first start with a random password that is shown
 * once ({@link FirstAdminPassword}) and stored only as a bcrypt hash: there is no fixed default password.
 */
public final class OperatorUsers {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorUsers.class);
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    static final String GENERATED_ADMIN = "admin";

    /** One entry of the users file. */
    public record Entry(String name, String password, List<String> roles, List<String> municipalities) {
    }

    /** The file's shape: {@code users: [...]}. */
    record UsersFile(List<Entry> users) {
    }

    private OperatorUsers() {
    }

    /**
     * The accounts to sign in with.
     *
     * @param usersFile the operator-supplied file, or null for the generated admin under {@code dataDir}
     * @param knownMunicipality whether a code names a municipality this hub serves (a typo must not start)
     */
    public static List<UserDetails> load(Path usersFile, Path dataDir, Predicate<String> knownMunicipality,
            FirstAdminPassword firstAdmin) throws IOException {
        if (usersFile != null) {
            if (!Files.isRegularFile(usersFile)) {
                throw new IllegalStateException("SYNDESMOS_USERS names " + usersFile + ", which is not a file");
            }
            List<UserDetails> users = read(usersFile, knownMunicipality);
            LOG.info("Operator accounts from {}: {}", usersFile, users.size());
            return users;
        }
        Path generated = generatedAdminFile(dataDir);
        if (!Files.exists(generated)) {
            firstAdmin.generated(generated, generateAdmin(generated));
        }
        return read(generated, knownMunicipality);
    }

    /** Where the hub keeps its generated admin account when no users file is named. */
    public static Path generatedAdminFile(Path dataDir) {
        return dataDir.resolve("security").resolve("users.yml");
    }

    static List<UserDetails> read(Path file, Predicate<String> knownMunicipality) throws IOException {
        UsersFile parsed;
        try {
            parsed = YAML.readValue(file.toFile(), UsersFile.class);
        } catch (JsonMappingException e) {
            throw new IllegalStateException(file + ": " + e.getOriginalMessage() + locationOf(e), e);
        }
        if (parsed == null || parsed.users() == null || parsed.users().isEmpty()) {
            throw new IllegalStateException(file + ": no users (expected 'users:' with a list of "
                    + "{name, password, roles, municipalities})");
        }
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < parsed.users().size(); i++) {
            Entry entry = parsed.users().get(i);
            String where = file + ": users[" + i + "]" + (entry.name() == null ? "" : " (" + entry.name() + ")");
            users.add(toUser(entry, where, knownMunicipality));
            if (!names.add(entry.name())) {
                throw new IllegalStateException(where + ": the name is used twice");
            }
        }
        return users;
    }

    private static UserDetails toUser(Entry entry, String where, Predicate<String> knownMunicipality) {
        if (entry.name() == null || entry.name().isBlank()) {
            throw new IllegalStateException(where + ": 'name' is missing");
        }
        // Only hashes: a plain or {noop} password in a file is a password anyone with the file can use.
        if (entry.password() == null || !entry.password().startsWith("{bcrypt}$2")) {
            throw new IllegalStateException(where + ": 'password' must be a bcrypt hash in the form "
                    + "{bcrypt}$2a$10$... (e.g. from `htpasswd -bnBC 10 \"\" <password> | tr -d ':\\n'`)");
        }
        if (entry.roles() == null || entry.roles().isEmpty()) {
            throw new IllegalStateException(where + ": 'roles' is missing (viewer, operator or admin)");
        }
        if (entry.municipalities() == null || entry.municipalities().isEmpty()) {
            throw new IllegalStateException(where + ": 'municipalities' is missing (codes, or [\"*\"] for the whole "
                    + "region)");
        }
        List<SimpleGrantedAuthority> authorities = new ArrayList<>();
        for (String role : entry.roles()) {
            Operator.Role parsed;
            try {
                parsed = Operator.Role.valueOf(role.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": unknown role '" + role + "' (viewer, operator or admin)");
            }
            authorities.add(new SimpleGrantedAuthority(parsed.authority()));
        }
        for (String code : entry.municipalities()) {
            if (!Operator.WHOLE_REGION.equals(code) && !knownMunicipality.test(code)) {
                throw new IllegalStateException(where + ": municipality '" + code + "' is not one this hub serves");
            }
            authorities.add(new SimpleGrantedAuthority(Operator.MUNICIPALITY_AUTHORITY + code));
        }
        return User.withUsername(entry.name()).password(entry.password()).authorities(authorities).build();
    }

    /**
     * Writes (or rewrites) the generated admin's file with a new random password and returns the password; the file
     * keeps only its hash, mode 0600.
     */
    static String generateAdmin(Path file) throws IOException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode(password);
        String yaml = """
                # Generated by the hub: the only account until SYNDESMOS_USERS names a users file.
                # Its password was shown once; only its hash is kept here. Lost it? Stop the hub and run
                #   java -jar syndesmos-hub.jar reset-admin-password
                users:
                  - name: %s
                    password: "%s"
                    roles: [admin]
                    municipalities: ["*"]
                """.formatted(GENERATED_ADMIN, hash);
        OwnerOnlyFiles.createFolders(file.getParent());
        Path tmp = OwnerOnlyFiles.createTempFile(file.getParent(), "users", ".tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return password;
    }

    private static String locationOf(JsonMappingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }
}
