package gr.syndesmos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
