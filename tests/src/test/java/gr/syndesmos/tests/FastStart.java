package gr.syndesmos.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * The packaged hub as Spring Boot extracts it ({@code java -Djarmode=tools -jar syndesmos-hub.jar extract}), with a
 * class-data-sharing archive from one training run ({@code -XX:ArchiveClassesAtExit},
 * {@code -Dspring.context.exit=onRefresh}): the same application and classes, started in about half the time (5 s
 * instead of 10 here), which the end-to-end tests, starting some thirty hubs, feel. Made once per test run under
 * {@code target/hub-launch}; where a step fails the hubs start from what exists (the extracted jar, or the packaged
 * jar itself), and a line says so.
 */
final class FastStart {

    private static FastStart prepared;

    private final List<String> javaArguments;

    private FastStart(List<String> javaArguments) {
        this.javaArguments = List.copyOf(javaArguments);
    }

    /** How to run the hub packaged as {@code jar}: the JVM's arguments from {@code -jar} (or the archive) on. */
    static synchronized FastStart of(Path jar) {
        if (prepared == null) {
            prepared = prepare(jar);
        }
        return prepared;
    }

    List<String> javaArguments() {
        return javaArguments;
    }

    private static FastStart prepare(Path jar) {
        Path folder = Path.of("target", "hub-launch").toAbsolutePath();
        Path application = folder.resolve("application");
        Path extracted = application.resolve(jar.getFileName());
        Path archive = folder.resolve("syndesmos-hub.jsa");
        try {
            FileSystemUtils.deleteRecursively(folder);
            Files.createDirectories(folder);
            run(folder.resolve("extract.log"), Map.of(), List.of("-Djarmode=tools", "-jar", jar.toString(),
                    "extract", "--destination", application.toString()));
        } catch (IOException | RuntimeException e) {
            System.out.println("Hubs start from the packaged jar (could not extract it: " + e.getMessage() + ")");
            return new FastStart(List.of("-jar", jar.toString()));
        }
        try {
            // Refreshes the application context once (every bean made, nothing started) and writes the classes it
            // loaded into the archive.
            Path training = folder.resolve("training");
            run(folder.resolve("training.log"), Map.of(
                    "SYNDESMOS_DATA_DIR", training.resolve("data").toString(),
                    "SYNDESMOS_CONFIG_DIR", training.resolve("no-config").toString(),
                    "SERVER_PORT", Integer.toString(HubProcess.freePort()),
                    "SYNDESMOS_BROKER_PORT", Integer.toString(HubProcess.freePort()),
                    "SYNDESMOS_USERS", HubProcess.TEST_USERS.toString()),
                    List.of("-Xmx512m", "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                            "-jar", extracted.toString()));
            if (!Files.exists(archive)) {
                throw new IllegalStateException("no archive written");
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("Hubs start from the extracted jar without a class-data archive ("
                    + e.getMessage() + "; see " + folder.resolve("training.log") + ")");
            return new FastStart(List.of("-jar", extracted.toString()));
        }
        return new FastStart(List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString()));
    }

    private static void run(Path log, Map<String, String> env, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(HubProcess.javaBin());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not end within 3 minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " ended with status " + process.exitValue());
        }
    }
}
