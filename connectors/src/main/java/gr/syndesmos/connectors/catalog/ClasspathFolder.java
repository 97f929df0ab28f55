package gr.syndesmos.connectors.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists the files directly in a folder of every class path root, in folders and jars alike (Spring Boot's nested jars
 * too, through {@link JarURLConnection}). Hand-written because the module has no Spring: this is the
 * {@code classpath*:folder/*suffix} lookup and nothing more.
 */
final class ClasspathFolder {

    /** One file found: its name and how to read it. */
    record Entry(String fileName, URL url) {

        byte[] read() {
            try (InputStream in = url.openStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + url, e);
            }
        }
    }

    private ClasspathFolder() {
    }

    @SuppressWarnings("deprecation") // URL(String) keeps the root's own scheme (jar:, jar:nested:) as it is
    private static URL inFolder(URL root, String fileName) throws IOException {
        String folder = root.toExternalForm();
        return new URL(folder.endsWith("/") ? folder + fileName : folder + "/" + fileName);
    }

    static List<Entry> list(ClassLoader classLoader, String folder, String suffix) {
        List<Entry> entries = new ArrayList<>();
        try {
            Enumeration<URL> roots = classLoader.getResources(folder);
            for (URL root : Collections.list(roots)) {
                if ("file".equals(root.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
                        for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                            entries.add(new Entry(file.getFileName().toString(), file.toUri().toURL()));
                        }
                    }
                } else if (root.openConnection() instanceof JarURLConnection connection) {
                    connection.setUseCaches(false);
                    String prefix = connection.getEntryName() + "/";
                    try (JarFile jar = connection.getJarFile()) {
                        for (JarEntry entry : Collections.list(jar.entries())) {
                            String path = entry.getName();
                            String fileName = path.substring(path.lastIndexOf('/') + 1);
                            if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0
                                    && fileName.endsWith(suffix)) {
                                entries.add(new Entry(fileName, inFolder(root, fileName)));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list classpath folder " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        entries.sort(Comparator.comparing(Entry::fileName));
        return entries;
    }
}
