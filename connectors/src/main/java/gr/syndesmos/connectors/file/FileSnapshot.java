package gr.syndesmos.connectors.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A file's size and last change at one moment: two equal snapshots mean the file did not change in between. */
public record FileSnapshot(long size, OffsetDateTime modified) {

    public static FileSnapshot of(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            // Milliseconds: what every file system here keeps and what the state database stores back.
            return new FileSnapshot(attributes.size(), OffsetDateTime.ofInstant(
                    attributes.lastModifiedTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    ZoneOffset.UTC));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
