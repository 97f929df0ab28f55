package gr.syndesmos.connectors.file;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File names an inbox never follows. Camel turns a {@code \} in a name into {@code /} in the paths it reports
 * ({@code CamelFilePath}, the local copy of a remote file), so a file named {@code a\..\..\victim.csv} would be read,
 * published and moved as a file outside the inbox. A name that holds {@code \}, {@code /}, {@code ..}, a control or
 * invisible formatting character (which can disguise a name), or a local file that is a symbolic link, is refused
 * when the folder is listed: a local one is moved to {@code error/} under a safe name with a report, a remote one is
 * left on the server and reported once. Either way it is never handed over, and never holds up the files after it.
 */
public final class InboxFileNames implements GenericFileFilter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFileNames.class);

    private String connector;
    private final Set<String> reportedRemote = ConcurrentHashMap.newKeySet();

    /** For a Kamelet's bean: the connector is set as a property. */
    public InboxFileNames() {
        this("inbox");
    }

    public InboxFileNames(String connector) {
        this.connector = connector;
    }

    /** The connector named in what this filter logs. */
    public void setConnector(String connector) {
        this.connector = connector;
    }

    /** Why a file name must not be followed, or null when it may. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "the name is empty";
        }
        if (name.indexOf('\\') >= 0 || name.indexOf('/') >= 0) {
            return "the name holds a path separator ('\\' or '/')";
        }
        if (name.contains("..")) {
            return "the name holds '..'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                return String.format("the name holds the control character U+%04X", (int) c);
            }
        }
        return null;
    }

    /** A name made of the safe part of an unsafe one, readable enough to find the file again. */
    public static String safeName(String name) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            safe.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : c == '.' ? '.' : '_');
        }
        String cleaned = safe.toString().replaceAll("\\.{2,}", "_").replaceAll("^\\.+", "_");
        return "refused-name_" + (cleaned.length() > 120 ? cleaned.substring(cleaned.length() - 120) : cleaned);
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) {
            return true;
        }
        Object handle = file.getFile();
        String name = handle instanceof File local ? local.getName() : file.getFileNameOnly();
        String problem = problem(name);
        if (problem == null && !file.getRelativeFilePath().equals(file.getFileNameOnly())) {
            // Camel rewrote the name into a path: it held a separator.
            problem = "the name holds a path separator";
        }
        if (problem == null && handle instanceof File local
                && Files.isSymbolicLink(local.toPath())) {
            problem = "it is a symbolic link; the hub reads only files written into the folder itself";
        }
        if (problem == null) {
            return true;
        }
        if (handle instanceof File local) {
            refuseLocal(local.toPath(), name, problem);
        } else if (reportedRemote.add(name)) {
            LOG.warn("{}: file '{}' ignored: {}. Rename it on the server.", connector, printable(name), problem);
        }
        return false;
    }

    private void refuseLocal(Path file, String name, String problem) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String report = """
                Syndesmos did not read this file.

                File name:  %s
                Problem:    %s

                A file whose name could point outside the inbox folder (a '\\', '/' or '..' in it), holds invisible
                characters or is a link to another file is never read. It was moved here under a safe name; nothing
                of it was sent anywhere. What to do: export it again under a plain name (letters, digits, '-', '_'
                and one '.').
                """.formatted(printable(name), problem);
        try {
            Path moved = InboxFiles.moveToError(file, safeName(name), report);
            LOG.warn("{}: file '{}' refused: {}; moved to {}", connector, printable(name), problem, moved);
        } catch (IOException e) {
            LOG.warn("{}: file '{}' refused ({}), and could not be moved to error/: {}", connector, printable(name),
                    problem, e.getMessage());
        }
    }

    /** The name as a log line can show it: control characters escaped. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
