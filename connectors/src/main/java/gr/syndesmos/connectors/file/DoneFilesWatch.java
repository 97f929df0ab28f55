package gr.syndesmos.connectors.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches exports for a while after they were read and moved to {@code done/}: a writer that only paused (a clerk
 * copying over a slow share, an exporter writing in place) goes on writing into the moved file, and its remaining
 * records would never reach the hub. A file that changes in {@code done/} is reported and put back in the inbox under
 * its name, so it is read again: its records already published are recognised, the rest are published. One watch per
 * inbox, started and stopped with its Camel context; every watch shares one daemon thread.
 */
public class DoneFilesWatch extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DoneFilesWatch.class);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "done-files-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** A file moved to done/, where it came from, and what it was when it was read. */
    record Watched(Path inbox, FileSnapshot read, Instant until) {
    }

    private final Map<Path, Watched> watched = new ConcurrentHashMap<>();
    private final Duration watchFor;
    private final Duration every;
    private final Clock clock;
    private ScheduledFuture<?> checks;

    public DoneFilesWatch(Duration watchFor, Duration every) {
        this(watchFor, every, Clock.systemUTC());
    }

    DoneFilesWatch(Duration watchFor, Duration every, Clock clock) {
        this.watchFor = watchFor;
        this.every = every;
        this.clock = clock;
    }

    @Override
    protected void doStart() {
        if (!every.isZero() && !watchFor.isZero()) {
            checks = TIMER.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() {
        if (checks != null) {
            checks.cancel(false);
            checks = null;
        }
        watched.clear();
    }

    /** Starts watching a file just moved from {@code inbox} to {@code done}, read as {@code read}. */
    public void watch(Path done, Path inbox, FileSnapshot read) {
        if (!watchFor.isZero()) {
            watched.put(done, new Watched(inbox, read, clock.instant().plus(watchFor)));
        }
    }

    /** One look at every watched file. */
    void check() {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<Path, Watched>> it = watched.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Watched> entry = it.next();
            Path done = entry.getKey();
            Watched w = entry.getValue();
            try {
                if (!Files.exists(done)) {
                    it.remove();
                    continue;
                }
                FileSnapshot current = FileSnapshot.of(done);
                if (!current.equals(w.read())) {
                    it.remove();
                    readAgain(done, w, current);
                } else if (now.isAfter(w.until())) {
                    it.remove();
                }
            } catch (RuntimeException | IOException e) {
                LOG.warn("Could not check {} after it was read: {}", done, e.getMessage());
                it.remove();
            }
        }
    }

    private void readAgain(Path done, Watched w, FileSnapshot changed) throws IOException {
        Path back = w.inbox();
        if (Files.exists(back)) {
            // Another file took the name meanwhile: keep the extension, so the inbox's pattern still matches.
            String name = back.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String stamp = "-continued-" + clock.instant().toEpochMilli();
            back = back.resolveSibling(dot > 0 ? name.substring(0, dot) + stamp + name.substring(dot) : name + stamp);
        }
        Files.move(done, back, StandardCopyOption.ATOMIC_MOVE);
        LOG.warn("{} changed after it was read and moved to done/ (size {} -> {} bytes): its writer had only paused."
                + " It is back in the inbox as {} and will be read again; records already published are recognised,"
                + " the rest are published.", done.getFileName(), w.read().size(), changed.size(), back.getFileName());
    }

    int watching() {
        return watched.size();
    }
}
