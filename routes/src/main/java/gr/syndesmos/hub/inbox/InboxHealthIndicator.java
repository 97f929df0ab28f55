package gr.syndesmos.hub.inbox;

import gr.syndesmos.hub.deadletters.FailedMessagesHealthIndicator;
import gr.syndesmos.hub.municipality.Municipality;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.security.Operator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;

/**
 * {@code inboxes} in health: WARNING when an export has waited in a municipality's inbox folder longer than
 * {@code syndesmos.inbox.warning-age} (default 15 minutes): every file should leave the inbox, to {@code done/} or
 * {@code error/}, within a poll or two, so one that stays means intake is stuck or a file keeps changing. The same
 * age is the metric {@code syndesmos_inbox_oldest_file_age_seconds{municipality,flow}} (0 when the inbox is empty),
 * beside {@code syndesmos_inbox_files}. Scoped to the municipalities of the person asking.
 */
@Component("inboxesHealthIndicator")
public class InboxHealthIndicator implements HealthIndicator {

    /** One local inbox folder of one municipality's flow, and the files it takes. */
    record Inbox(String municipality, String flow, Path directory, String include) {
    }

    /** What an inbox holds now. */
    record Waiting(int files, long oldestAgeSeconds, String oldest) {
    }

    private static final AntPathMatcher PATTERNS = new AntPathMatcher();

    private final List<Inbox> inboxes = new ArrayList<>();
    private final Duration warningAge;
    private final Clock clock;

    @Autowired
    public InboxHealthIndicator(MunicipalityRegistry municipalities, MeterRegistry metrics,
            @Value("${syndesmos.inbox.warning-age:PT15M}") Duration warningAge) {
        this(municipalities, metrics, warningAge, Clock.systemUTC());
    }

    InboxHealthIndicator(MunicipalityRegistry municipalities, MeterRegistry metrics, Duration warningAge,
            Clock clock) {
        this.warningAge = warningAge;
        this.clock = clock;
        for (Municipality m : municipalities.all()) {
            m.flows().forEach((flow, use) -> {
                if (use != null && use.source() != null && "file-inbox".equals(use.source().connector())) {
                    Map<String, String> parameters = municipalities.templateParameters(m, flow, use.source());
                    Inbox inbox = new Inbox(m.code(), flow, Path.of(parameters.get("directory")),
                            parameters.get("include"));
                    inboxes.add(inbox);
                    Gauge.builder("syndesmos.inbox.oldest.file.age", inbox, i -> waiting(i).oldestAgeSeconds())
                            .baseUnit("seconds").tag("municipality", m.code()).tag("flow", flow)
                            .description("Age of the oldest export waiting in the inbox folder").register(metrics);
                    Gauge.builder("syndesmos.inbox.files", inbox, i -> waiting(i).files())
                            .tag("municipality", m.code()).tag("flow", flow)
                            .description("Exports waiting in the inbox folder").register(metrics);
                }
            });
        }
    }

    @Override
    public Health health() {
        Operator who = Operator.current();
        Map<String, Object> stuck = new LinkedHashMap<>();
        int waitingFiles = 0;
        for (Inbox inbox : inboxes) {
            if (who != null && !who.sees(inbox.municipality())) {
                continue;
            }
            Waiting waiting = waiting(inbox);
            waitingFiles += waiting.files();
            if (waiting.files() > 0 && waiting.oldestAgeSeconds() >= warningAge.toSeconds()) {
                stuck.put(inbox.municipality() + "/" + inbox.flow(), Map.of("files", waiting.files(),
                        "oldest", waiting.oldest(), "oldestAgeSeconds", waiting.oldestAgeSeconds()));
            }
        }
        Health.Builder health = stuck.isEmpty() ? Health.up() : Health.status(FailedMessagesHealthIndicator.WARNING);
        return health.withDetail("waitingFiles", waitingFiles).withDetail("warningAge", warningAge.toString())
                .withDetail("olderThanWarningAge", stuck).build();
    }

    /** The files of an inbox the connector would take (its pattern, not hidden, not in done/ or error/). */
    Waiting waiting(Inbox inbox) {
        if (!Files.isDirectory(inbox.directory())) {
            return new Waiting(0, 0, null);
        }
        Instant now = clock.instant();
        int files = 0;
        Instant oldest = null;
        String oldestName = null;
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(inbox.directory())) {
            for (Path file : listing) {
                String name = file.getFileName().toString();
                if (!Files.isRegularFile(file) || name.startsWith(".")
                        || (inbox.include() != null && !PATTERNS.match(inbox.include(), name))) {
                    continue;
                }
                files++;
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                if (oldest == null || modified.isBefore(oldest)) {
                    oldest = modified;
                    oldestName = name;
                }
            }
        } catch (IOException e) {
            return new Waiting(0, 0, null);
        }
        return new Waiting(files, oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toSeconds()),
                oldestName);
    }
}
