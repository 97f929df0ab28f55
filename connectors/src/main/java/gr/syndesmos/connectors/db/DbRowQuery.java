package gr.syndesmos.connectors.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading half of one {@code db-poll} source: reads the next batch of rows after the stored watermark and puts
 * it on the exchange, with the watermark to save once the handler has taken the batch ({@link
 * DbPollSource#saveWatermark}). A database that cannot be reached or answered too slowly is reported as a
 * WARN naming host, database and user (never the password) and stops this poll; the next poll tries again, and since
 * the watermark did not move, nothing is lost.
 *
 * <p>One instance per route (a route-template bean); it owns a one-connection Hikari pool, opened on first use and
 * closed when the route stops.
 */
public final class DbRowQuery extends ServiceSupport implements Processor {

    static final String PENDING_WATERMARK = "SyndesmosPendingWatermark";
    static final String WATERMARK_NAME = "SyndesmosWatermarkName";
    static final String BATCH_FULL = "SyndesmosBatchFull";

    private static final Logger LOG = LoggerFactory.getLogger(DbRowQuery.class);
    /** While a failure persists, repeat the WARN at most this often (DEBUG in between), so a night-long outage does not flood the log. */
    private static final long REPEAT_WARNING_MILLIS = 60_000;

    private final DbPollSettings settings;
    private HikariDataSource dataSource;
    private ColumnKind watermarkKind;
    private ColumnKind keyKind;
    private int failedPolls;
    private String lastFailure;
    private long lastWarningAt;

    public DbRowQuery(DbPollSettings settings) {
        this.settings = settings;
    }

    DbPollSettings settings() {
        return settings;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        // Poll again at once only when a full batch was handed on successfully (set by saveWatermark).
        exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, false);
        Optional<Watermark> from = store(exchange).get(settings.watermarkName());
        Batch batch;
        try {
            batch = readBatch(from);
        } catch (SQLException | RuntimeException e) {
            reportFailure(e, from);
            exchange.setRouteStop(true);
            return;
        }
        reportRecovery();
        if (batch.rows().isEmpty()) {
            exchange.setRouteStop(true);
            return;
        }
        exchange.getMessage().setBody(batch.rows());
        exchange.getMessage().setHeader(DbPollSource.SOURCE_HEADER, settings.sourceName());
        exchange.setProperty(PENDING_WATERMARK, batch.last());
        exchange.setProperty(WATERMARK_NAME, settings.watermarkName());
        exchange.setProperty(BATCH_FULL, batch.rows().size() == settings.batchSize());
        LOG.debug("db-poll {}: {} rows after {}", settings.watermarkName(), batch.rows().size(), from.orElse(null));
    }

    static WatermarkStore store(Exchange exchange) {
        WatermarkStore store = exchange.getContext().getRegistry()
                .lookupByNameAndType(WatermarkStore.BEAN_NAME, WatermarkStore.class);
        if (store == null) {
            throw new IllegalStateException("db-poll needs a WatermarkStore in the Camel registry under '"
                    + WatermarkStore.BEAN_NAME + "'");
        }
        return store;
    }

    record Batch(List<Map<String, Object>> rows, Watermark last) {
    }

    Batch readBatch(Optional<Watermark> from) throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            resolveColumnKinds(connection);
            boolean lag = settings.lagSeconds() > 0;
            if (lag && !watermarkKind.isTemporal()) {
                throw new IllegalArgumentException("db-poll: 'lagSeconds' applies to a date/time watermark column; '"
                        + settings.watermarkColumn() + "' is " + watermarkKind);
            }
            String sql = selectSql(from.isPresent(), settings.initialWatermark() != null, lag);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setQueryTimeout(settings.queryTimeoutSeconds());
                statement.setFetchSize(settings.batchSize());
                int index = 1;
                if (from.isPresent()) {
                    watermarkKind.bind(statement, index++, from.get().value());
                    watermarkKind.bind(statement, index++, from.get().value());
                    keyKind.bind(statement, index++, from.get().key());
                } else if (settings.initialWatermark() != null) {
                    watermarkKind.bind(statement, index++, settings.initialWatermark());
                }
                if (lag) {
                    statement.setInt(index, settings.lagSeconds());
                }
                return rows(statement);
            }
        }
    }

    private Batch rows(PreparedStatement statement) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        String lastWatermark = null;
        String lastKey = null;
        try (ResultSet resultSet = statement.executeQuery()) {
            ResultSetMetaData metaData = resultSet.getMetaData();
            int count = metaData.getColumnCount();
            int watermarkIndex = indexOf(metaData, settings.watermarkColumn());
            int keyIndex = indexOf(metaData, settings.keyColumn());
            while (resultSet.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= count; column++) {
                    row.put(metaData.getColumnLabel(column), resultSet.getObject(column));
                }
                rows.add(row);
                lastWatermark = watermarkKind.read(resultSet, watermarkIndex);
                lastKey = keyKind.read(resultSet, keyIndex);
            }
        }
        if (!rows.isEmpty() && lastKey == null) {
            throw new IllegalStateException("db-poll: key column '" + settings.keyColumn() + "' is NULL in a row of "
                    + settings.table() + "; the key must be unique and not null");
        }
        return new Batch(rows, rows.isEmpty() ? null : new Watermark(lastWatermark, lastKey));
    }

    private static int indexOf(ResultSetMetaData metaData, String column) throws SQLException {
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            if (metaData.getColumnLabel(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        throw new IllegalStateException("db-poll: the query did not return column '" + column + "'");
    }

    private void resolveColumnKinds(Connection connection) throws SQLException {
        if (watermarkKind != null) {
            return;
        }
        String probe = "select " + settings.watermarkColumn() + ", " + settings.keyColumn() + " from "
                + settings.table() + " where 1 = 0";
        try (PreparedStatement statement = connection.prepareStatement(probe)) {
            statement.setQueryTimeout(settings.queryTimeoutSeconds());
            try (ResultSet resultSet = statement.executeQuery()) {
                ResultSetMetaData metaData = resultSet.getMetaData();
                watermarkKind = ColumnKind.of(metaData, 1);
                keyKind = ColumnKind.of(metaData, 2);
            }
        }
    }

    /**
     * Portable SQL for PostgreSQL and MariaDB: rows strictly after (watermark, key), in that order. Rows whose
     * watermark is NULL are never read (they have no place in the order).
     */
    String selectSql(boolean afterWatermark, boolean fromInitial, boolean lag) {
        String wm = settings.watermarkColumn();
        String key = settings.keyColumn();
        StringBuilder sql = new StringBuilder("select ").append(selectList()).append(" from ").append(settings.table())
                .append(" where ").append(wm).append(" is not null");
        if (afterWatermark) {
            sql.append(" and (").append(wm).append(" > ? or (").append(wm).append(" = ? and ").append(key).append(" > ?))");
        } else if (fromInitial) {
            sql.append(" and ").append(wm).append(" >= ?");
        }
        if (lag) {
            // The database's own clock: the hub's clock may differ from the one that stamped the rows.
            sql.append(" and ").append(wm).append(switch (settings.location().dialect()) {
                case POSTGRESQL -> " <= current_timestamp - ? * interval '1 second'";
                case MARIADB -> " <= now(6) - interval ? second";
            });
        }
        sql.append(" order by ").append(wm).append(", ").append(key).append(" limit ").append(settings.batchSize());
        return sql.toString();
    }

    private String selectList() {
        if (settings.columns().isEmpty()) {
            return "*";
        }
        Set<String> names = new LinkedHashSet<>(settings.columns());
        if (names.stream().noneMatch(settings.watermarkColumn()::equalsIgnoreCase)) {
            names.add(settings.watermarkColumn());
        }
        if (names.stream().noneMatch(settings.keyColumn()::equalsIgnoreCase)) {
            names.add(settings.keyColumn());
        }
        return String.join(", ", names);
    }

    private synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("db-poll " + settings.watermarkName());
            config.setJdbcUrl(settings.jdbcUrl());
            config.setUsername(settings.username());
            config.setPassword(settings.password());
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(0);
            // Start without a connection: an unreachable database is a WARN per poll, never a failed start.
            config.setInitializationFailTimeout(-1);
            long connectMillis = settings.connectTimeoutSeconds() * 1000L;
            config.setConnectionTimeout(Math.max(250, connectMillis));
            config.setValidationTimeout(Math.max(250, connectMillis / 2));
            config.setReadOnly(true);
            // A read that hangs (server gone silent) ends at the socket timeout: the query's own time plus time to
            // deliver the cancel request.
            int socketSeconds = settings.queryTimeoutSeconds() + settings.connectTimeoutSeconds();
            // Driver properties as strings: the PostgreSQL driver ignores non-string values (Properties.getProperty).
            switch (settings.location().dialect()) {
                case POSTGRESQL -> {
                    config.addDataSourceProperty("connectTimeout", String.valueOf(settings.connectTimeoutSeconds()));
                    config.addDataSourceProperty("loginTimeout", String.valueOf(settings.connectTimeoutSeconds()));
                    config.addDataSourceProperty("socketTimeout", String.valueOf(socketSeconds));
                    config.addDataSourceProperty("ApplicationName", "syndesmos db-poll " + settings.watermarkName());
                }
                case MARIADB -> {
                    config.addDataSourceProperty("connectTimeout", String.valueOf(connectMillis));
                    config.addDataSourceProperty("socketTimeout", String.valueOf(socketSeconds * 1000L));
                }
            }
            dataSource = new HikariDataSource(config);
        }
        return dataSource;
    }

    private void reportFailure(Exception e, Optional<Watermark> from) {
        failedPolls++;
        String reason = reason(e);
        long now = System.currentTimeMillis();
        // "timed out after 10001ms" and "...10000ms" are the same failure.
        String kind = reason.replaceAll("\\d+", "#");
        boolean repeat = kind.equals(lastFailure) && now - lastWarningAt < REPEAT_WARNING_MILLIS;
        String message = "db-poll {}: cannot read {} from {} as user '{}' (attempt {}): {}. Nothing was read, the "
                + "watermark stays at {}; trying again in {} ms.";
        Object[] arguments = {settings.watermarkName(), settings.table(), settings.location(), settings.username(),
                failedPolls, reason, from.map(Object::toString).orElse("the beginning"), settings.pollDelayMillis()};
        if (repeat) {
            LOG.debug(message, arguments);
        } else {
            LOG.warn(message, arguments);
            lastWarningAt = now;
        }
        lastFailure = kind;
    }

    private void reportRecovery() {
        if (failedPolls > 0) {
            LOG.info("db-poll {}: {} answers again after {} failed polls", settings.watermarkName(),
                    settings.location(), failedPolls);
            failedPolls = 0;
            lastFailure = null;
        }
    }

    /** The messages of the cause chain, without repeats; drivers do not put the password in them. */
    static String reason(Throwable e) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable t = e; t != null && messages.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (messages.stream().noneMatch(m -> m.contains(text))) {
                messages.add(text);
            }
        }
        return String.join(": ", messages);
    }

    @Override
    protected synchronized void doStop() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
        watermarkKind = null;
        keyKind = null;
    }
}
