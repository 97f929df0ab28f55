package gr.syndesmos.connectors.file;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Writes a file into a folder a legacy system imports from: whole (under a hidden temporary name, then published under
 * its own name), and never over an existing file. Hand-written because Camel's file producer either overwrites, fails
 * or ignores an existing name; here a file with the same name and the same bytes counts as already delivered (a
 * repeated delivery after a crash), and one with other bytes gets a numbered name beside it.
 */
public final class OutboxFiles {

    private OutboxFiles() {
    }

    /**
     * @param fileName a plain file name, no folders
     * @return where the content now is: {@code name}, or {@code name-1.ext}, {@code name-2.ext}... when the name was
     *     taken by other content, or the existing file that already holds exactly this content
     */
    public static Path writeNew(Path directory, String fileName, byte[] content) throws IOException {
        Path target = directory.resolve(plainName(fileName));
        Files.createDirectories(directory);
        Path temp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.write(temp, content);
        try {
            for (int n = 0; ; n++) {
                Path candidate = n == 0 ? target : numbered(target, n);
                if (Files.exists(candidate) && Files.mismatch(candidate, temp) == -1L) {
                    return candidate;
                }
                if (publish(temp, candidate)) {
                    return candidate;
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Publishes the temporary file under the name unless the name exists. A hard link is atomic and refuses an
     * existing name (a rename on POSIX would silently replace it); where links are not supported, a move without
     * REPLACE_EXISTING is the fallback.
     */
    private static boolean publish(Path temp, Path candidate) throws IOException {
        try {
            Files.createLink(candidate, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException linksNotSupported) {
            try {
                Files.move(temp, candidate);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
    }

    private static Path numbered(Path target, int n) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
        return target.resolveSibling(numbered);
    }

    private static String plainName(String fileName) {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")
                || fileName.equals(".") || fileName.equals("..") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("Not a plain, visible file name: '" + fileName + "'");
        }
        return fileName;
    }
}
