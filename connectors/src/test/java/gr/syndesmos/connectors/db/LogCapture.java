package gr.syndesmos.connectors.db;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** What one logger wrote while a test ran (the connectors' failure messages are part of what they promise). */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private LogCapture(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
    }

    public static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    public List<String> messages(Level level) {
        return events.stream().filter(e -> e.getLevel().equals(level)).map(ILoggingEvent::getFormattedMessage).toList();
    }

    public List<String> all() {
        return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
