package gr.syndesmos.connectors.db;

import java.util.Objects;
import org.apache.camel.Exchange;

/**
 * The bean of the {@value #ID} Kamelet: reads the next batch of rows after the stored watermark ({@link DbRowQuery})
 * and, once the hub took the batch, moves the watermark. Java because a watermark with a key tie-break, a lag, and a
 * pool per source that survives a dead connection are no SQL component's options.
 *
 * <p>The hub gets body {@code List<Map<String,Object>>} and header {@value #SOURCE_HEADER} (the source's name). A full
 * batch asks for the next one at once (the scheduler's greedy poll); otherwise the next poll comes after
 * {@code pollDelayMillis}.
 */
public final class DbPollSource {

    public static final String ID = "db-poll";
    public static final String SOURCE_HEADER = "SyndesmosSource";

    private String jdbcUrl;
    private String username;
    private String password = "";
    private String table;
    private String watermarkColumn;
    private String keyColumn;
    private String columns = "*";
    private int batchSize = 500;
    private long pollDelayMillis = 5000;
    private String watermarkName;
    private String initialWatermark;
    private int lagSeconds;
    private int queryTimeoutSeconds = 30;
    private int connectTimeoutSeconds = 10;
    private String sourceName;
    private DbRowQuery query;
    private boolean closedWithTheContext;

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public void setPassword(String password) {
        this.password = Objects.requireNonNullElse(password, "");
    }

    public void setTable(String table) {
        this.table = table;
    }

    public void setWatermarkColumn(String watermarkColumn) {
        this.watermarkColumn = watermarkColumn;
    }

    public void setKeyColumn(String keyColumn) {
        this.keyColumn = keyColumn;
    }

    public void setColumns(String columns) {
        this.columns = columns;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public void setPollDelayMillis(long pollDelayMillis) {
        this.pollDelayMillis = pollDelayMillis;
    }

    public void setWatermarkName(String watermarkName) {
        this.watermarkName = watermarkName;
    }

    public void setInitialWatermark(String initialWatermark) {
        this.initialWatermark = initialWatermark;
    }

    public void setLagSeconds(int lagSeconds) {
        this.lagSeconds = lagSeconds;
    }

    public void setQueryTimeoutSeconds(int queryTimeoutSeconds) {
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    public void setConnectTimeoutSeconds(int connectTimeoutSeconds) {
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    public void setSourceName(String sourceName) {
        this.sourceName = sourceName;
    }

    /** Checks the settings when the Kamelet's route is made: a bad one stops the hub's start, naming it. */
    public void open() {
        query = new DbRowQuery(new DbPollSettings(jdbcUrl, null, username, password, table, watermarkColumn,
                keyColumn, SqlNames.columns(columns), batchSize, pollDelayMillis, watermarkName, initialWatermark,
                lagSeconds, queryTimeoutSeconds, connectTimeoutSeconds, sourceName));
    }

    /** Closes the source's pool. */
    public void close() {
        if (query != null) {
            query.stop();
        }
    }

    DbRowQuery query() {
        return query;
    }

    /** Puts the next batch on the exchange. */
    public synchronized void poll(Exchange exchange) throws Exception {
        if (!closedWithTheContext) {
            // The pool is closed when Camel stops even if the route is never removed.
            exchange.getContext().addService(query, true, false);
            closedWithTheContext = true;
        }
        query.process(exchange);
    }

    /** After the hub took the batch: move the watermark, and ask for the next batch at once if this one was full. */
    public void saveWatermark(Exchange exchange) {
        Watermark watermark = exchange.getProperty(DbRowQuery.PENDING_WATERMARK, Watermark.class);
        String name = exchange.getProperty(DbRowQuery.WATERMARK_NAME, String.class);
        DbRowQuery.store(exchange).save(name, watermark);
        if (exchange.getProperty(DbRowQuery.BATCH_FULL, false, Boolean.class)) {
            exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, true);
        }
    }
}
