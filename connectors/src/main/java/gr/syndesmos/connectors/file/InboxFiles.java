package gr.syndesmos.connectors.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Moves a processed inbox file to {@code done/} or {@code error/} beside it. A name already taken there (the same
 * export dropped twice) gets a time-stamp suffix: nothing a municipality sent is ever overwritten. Both folders are
 * created {@code 0700} and the files in them made {@code 0600}: exports hold AFMs and names.
 */
public final class InboxFiles {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");

    private InboxFiles() {
    }

    /** Moves the file to {@code done/} and returns where it went. */
    public static Path moveToDone(Path file) throws IOException {
        return moveInto(file, "done");
    }

    /**
     * Moves the file to {@code error/} and writes a plain-language report beside it, {@code <name>.error.txt}.
     *
     * @return where the file went
     */
    public static Path moveToError(Path file, String report) throws IOException {
        return moveToError(file, file.getFileName().toString(), report);
    }

    /** As {@link #moveToError(Path, String)}, under another name (for a file whose own name is unsafe). */
    public static Path moveToError(Path file, String name, String report) throws IOException {
        Path moved = moveInto(file, "error", name);
        Path reportFile = moved.resolveSibling(moved.getFileName() + ".error.txt");
        writeWhole(reportFile, report.getBytes(StandardCharsets.UTF_8));
        OwnerOnlyFiles.restrictFile(reportFile);
        return moved;
    }

    /** Writes a file so that it appears whole: under a temporary name first, then renamed. */
    public static void writeWhole(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temp, content);
        move(temp, target);
    }

    private static Path moveInto(Path file, String folder) throws IOException {
        return moveInto(file, folder, file.getFileName().toString());
    }

    private static Path moveInto(Path file, String folder, String name) throws IOException {
        Path dir = file.resolveSibling(folder);
        OwnerOnlyFiles.createFolders(dir);
        Path target = dir.resolve(name);
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            target = dir.resolve(name + "." + LocalDateTime.now().format(SUFFIX));
        }
        move(file, target);
        if (!Files.isSymbolicLink(target)) {
            OwnerOnlyFiles.restrictFile(target);
        }
        return target;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
