package gr.syndesmos.mappings.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder one mapping is read from: {@code mapping.yml} and the files beside it (code lists, layout). Either a
 * classpath folder shipped with the hub or a folder of the hub's configuration directory; messages name the file
 * the way an operator finds it.
 */
public interface MappingSource {

    /** Opens a file of the folder. */
    InputStream open(String name) throws IOException;

    boolean exists(String name);

    /** The file as messages name it: {@code mappings/9318/council-decisions/mapping.yml} or an absolute path. */
    String describe(String name);

    /** {@code classpath:mappings/<code>/<flow>/}. */
    static MappingSource classpath(String municipalityCode, String flow) {
        String folder = MappingLoader.folder(municipalityCode, flow);
        ClassLoader loader = MappingSource.class.getClassLoader();
        return new MappingSource() {
            @Override
            public InputStream open(String name) {
                InputStream in = loader.getResourceAsStream(folder + name);
                if (in == null) {
                    throw new IllegalArgumentException("classpath:" + folder + name + " does not exist");
                }
                return in;
            }

            @Override
            public boolean exists(String name) {
                return loader.getResource(folder + name) != null;
            }

            @Override
            public String describe(String name) {
                return folder + name;
            }
        };
    }

    /** {@code <root>/<code>/<flow>/}, e.g. {@code $SYNDESMOS_CONFIG_DIR/mappings/9310/council-decisions/}. */
    static MappingSource directory(Path root, String municipalityCode, String flow) {
        Path folder = root.resolve(municipalityCode).resolve(flow).toAbsolutePath().normalize();
        return new MappingSource() {
            @Override
            public InputStream open(String name) throws IOException {
                Path file = folder.resolve(name);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(file + " does not exist");
                }
                return Files.newInputStream(file);
            }

            @Override
            public boolean exists(String name) {
                return Files.isRegularFile(folder.resolve(name));
            }

            @Override
            public String describe(String name) {
                return folder.resolve(name).toString();
            }
        };
    }
}
