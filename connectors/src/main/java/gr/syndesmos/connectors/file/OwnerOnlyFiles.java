package gr.syndesmos.connectors.file;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files only the hub's own user may read: the data directory, the exports a municipality sent (they
 * hold AFMs and names) and the hub's credentials. Java cannot set the process umask, so every place that creates
 * such a folder or file asks for {@code 0700}/{@code 0600} here. On a file system without POSIX permissions
 * (Windows) the folder's own access list applies and nothing is changed.
 */
public final class OwnerOnlyFiles {

    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles() {
    }

    /** Creates the folder and any missing parents as {@code 0700}; an existing folder is left as it is. */
    public static Path createFolders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return folder;
        }
        Path parent = folder.toAbsolutePath().getParent();
        if (parent != null && !Files.exists(parent)) {
            createFolders(parent);
        }
        if (POSIX) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Another thread made it first: fine as long as it is a folder.
            }
            // The umask may have taken bits away from the requested mode, never added any; set it exactly.
            if (Files.isDirectory(folder)) {
                Files.setPosixFilePermissions(folder, FOLDER);
            }
        } else {
            Files.createDirectories(folder);
        }
        return folder;
    }

    /** Makes an existing folder {@code 0700}; returns true when its mode had to change. */
    public static boolean restrictFolder(Path folder) throws IOException {
        if (!POSIX || !Files.isDirectory(folder)) {
            return false;
        }
        if (Files.getPosixFilePermissions(folder).equals(FOLDER)) {
            return false;
        }
        Files.setPosixFilePermissions(folder, FOLDER);
        return true;
    }

    /** Makes an existing file {@code 0600}. */
    public static void restrictFile(Path file) throws IOException {
        if (POSIX && Files.isRegularFile(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** An empty temporary file in {@code folder}, {@code 0600} from its creation. */
    public static Path createTempFile(Path folder, String prefix, String suffix) throws IOException {
        return POSIX ? Files.createTempFile(folder, prefix, suffix, PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(folder, prefix, suffix);
    }
}
