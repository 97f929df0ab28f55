package gr.syndesmos.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

/** The data directory is the hub's user's alone, whether the hub creates it or finds it open to everyone. */
class PrivateDataDirectoryTest {

    @Test
    void aNewDataDirectoryIsCreatedOwnerOnly(@TempDir Path root) throws Exception {
        Path data = root.resolve("srv/syndesmos/data");
        run(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void anExistingDataDirectoryOpenToOthersIsNarrowed(@TempDir Path root) throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    private static void run(Path data) {
        new PrivateDataDirectory(new DeferredLogs()).postProcessEnvironment(
                new MockEnvironment().withProperty("syndesmos.data-dir", data.toString()), new SpringApplication());
    }
}
