package gr.syndesmos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and memory of a process from {@code /proc} (Linux): the benchmark charges each step the CPU its own
 * process spent, which on a shared 2-core machine is steadier than wall time.
 */
final class ProcessStats {

    /** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux the hub runs on (USER_HZ). */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** User plus system CPU time of a process, in nanoseconds; -1 if it is gone. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of a process's threads by what they do, in nanoseconds, from each thread's name as the kernel keeps it
     * (its first 15 characters): deliveries and ingest run on Camel's threads, the state database's commits on the
     * group-commit writer, the broker on Artemis's threads, and the JVM's compilers and collector on their own.
     */
    static Map<String, Long> cpuNanosByRole(long pid) {
        Map<String, Long> roles = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1_000_000_000L
                            / TICKS_PER_SECOND;
                    roles.merge(role(name), nanos, Long::sum);
                } catch (IOException | RuntimeException threadGone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException | RuntimeException processGone) {
            return Map.of();
        }
        return roles;
    }

    /** The difference of two readings of {@link #cpuNanosByRole}. */
    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> spent = new TreeMap<>();
        after.forEach((role, nanos) -> spent.put(role, nanos - before.getOrDefault(role, 0L)));
        return spent;
    }

    private static String role(String thread) {
        if (thread.startsWith("Camel")) {
            return "pipeline (ingest, delivery, HTTP calls)";
        }
        if (thread.startsWith("state-group")) {
            return "state database commits";
        }
        if (thread.startsWith("C1 ") || thread.startsWith("C2 ")) {
            return "JIT compilers";
        }
        if (thread.startsWith("G1 ") || thread.startsWith("GC ") || thread.startsWith("VM Thread")) {
            return "garbage collector";
        }
        if (thread.startsWith("Thread-") || thread.startsWith("activemq") || thread.startsWith("Activemq")) {
            return "broker";
        }
        if (thread.startsWith("HttpClient")) {
            return "HTTP client I/O";
        }
        return "other";
    }

    /** Peak resident set size (VmHWM) of a process in kB, or -1. */
    static long peakRssKb(long pid) {
        return statusField(Path.of("/proc", Long.toString(pid), "status"), "VmHWM:");
    }

    static long selfPeakRssKb() {
        return statusField(Path.of("/proc/self/status"), "VmHWM:");
    }

    private static long statusField(Path status, String name) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return -1;
    }
}
