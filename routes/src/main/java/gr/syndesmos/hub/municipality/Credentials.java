package gr.syndesmos.hub.municipality;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials by reference. A municipality file never holds a password or key; it names where the hub finds it:
 * <ul>
 *   <li>{@code ${env:CHANIA_DB_PASSWORD}}: an environment variable of the hub's process;</li>
 *   <li>{@code ${secret:chania-db-password}}: an entry of the secrets file ({@code SYNDESMOS_SECRETS_FILE}, a YAML
 *       map of name to value, readable by the hub's account only), or else a file of that name in
 *       {@code <config-dir>/secrets/} (how container platforms mount secrets).</li>
 * </ul>
 * A reference that cannot be resolved stops the hub at start, naming the reference, never a value.
 */
public final class Credentials {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|secret):([A-Za-z0-9_.\\-]+)}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Function<String, String> environment;
    private final Map<String, String> secretsFile;
    private final Path secretsFolder;
    private boolean shapeOnly;

    public Credentials(Function<String, String> environment, Path secretsFile, Path secretsFolder) {
        this.environment = environment;
        this.secretsFolder = secretsFolder;
        this.secretsFile = readSecretsFile(secretsFile);
    }

    /**
     * For tools that read the files' shape and connect to nothing (the broker-config command, run where the secrets
     * are not): every reference stands for itself.
     */
    public static Credentials shapeOnly() {
        Credentials shape = new Credentials(name -> "${env:" + name + "}", null, null);
        shape.shapeOnly = true;
        return shape;
    }

    /** Whether a value is exactly one reference, as a secret parameter must be. */
    public static boolean isReference(Object value) {
        return value instanceof String s && REFERENCE.matcher(s).matches();
    }

    /**
     * The value a reference stands for.
     *
     * @throws IllegalArgumentException naming the reference when it cannot be resolved
     */
    public String resolve(String reference) {
        Matcher m = REFERENCE.matcher(reference);
        if (!m.matches()) {
            return reference;
        }
        if (shapeOnly) {
            return reference;
        }
        String kind = m.group(1);
        String name = m.group(2);
        Optional<String> value = "env".equals(kind) ? Optional.ofNullable(environment.apply(name)) : secret(name);
        return value.orElseThrow(() -> new IllegalArgumentException("env".equals(kind)
                ? "the environment variable " + name + " is not set"
                : "the secret '" + name + "' is neither in the secrets file (SYNDESMOS_SECRETS_FILE) nor a file "
                        + (secretsFolder == null ? "in <config-dir>/secrets/" : secretsFolder.resolve(name))));
    }

    private Optional<String> secret(String name) {
        String fromFile = secretsFile.get(name);
        if (fromFile != null) {
            return Optional.of(fromFile);
        }
        if (secretsFolder != null && !name.contains("..")) {
            Path file = secretsFolder.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    // Mounted secrets usually end with a newline that is not part of the secret.
                    return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
                } catch (IOException e) {
                    throw new IllegalArgumentException("the secret file " + file + " cannot be read: "
                            + e.getMessage(), e);
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> readSecretsFile(Path file) {
        if (file == null || file.toString().isBlank()) {
            return Map.of();
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("The secrets file " + file + " (SYNDESMOS_SECRETS_FILE) does not exist");
        }
        try {
            Map<String, String> secrets = YAML.readValue(file.toFile(), new TypeReference<Map<String, String>>() {
            });
            return secrets == null ? Map.of() : secrets;
        } catch (IOException e) {
            // Jackson's message could quote the file's content: say only where and what kind of problem.
            throw new IllegalStateException("The secrets file " + file + " is not a YAML map of name: value ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
