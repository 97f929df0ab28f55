package gr.syndesmos.hub.state;

import gr.syndesmos.connectors.file.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes the data directory private ({@code 0700}) before anything writes into it: the broker journal, the state
 * database and the exports under it hold AFMs and names, and Java cannot set the umask that would otherwise leave
 * them readable by every user of the machine. A data directory that already exists with a wider mode is narrowed,
 * and the log says so. Runs as an environment post-processor, the earliest point where the setting is known.
 */
public class PrivateDataDirectory implements EnvironmentPostProcessor {

    private final Log log;

    public PrivateDataDirectory(DeferredLogFactory logs) {
        this.log = logs.getLog(PrivateDataDirectory.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String setting = environment.getProperty("syndesmos.data-dir");
        if (setting == null || setting.isBlank()) {
            return;
        }
        Path dataDir = Path.of(setting).toAbsolutePath();
        try {
            OwnerOnlyFiles.createFolders(dataDir);
            if (OwnerOnlyFiles.restrictFolder(dataDir)) {
                log.warn("The data directory " + dataDir + " was readable by other users; it is now 0700 (owner only)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir + " (SYNDESMOS_DATA_DIR): "
                    + e.getMessage(), e);
        }
    }
}
