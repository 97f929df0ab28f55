package gr.syndesmos.connectors.db;

import java.util.List;

/** The validated parameters of one {@code db-poll} source (see {@code db-poll.connector.yaml}). */
record DbPollSettings(
        String jdbcUrl,
        JdbcLocation location,
        String username,
        String password,
        String table,
        String watermarkColumn,
        String keyColumn,
        List<String> columns,
        int batchSize,
        long pollDelayMillis,
        String watermarkName,
        String initialWatermark,
        int lagSeconds,
        int queryTimeoutSeconds,
        int connectTimeoutSeconds,
        String sourceName) {

    DbPollSettings {
        location = JdbcLocation.parse(jdbcUrl);
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("db-poll: 'username' is required");
        }
        table = SqlNames.table(table);
        watermarkColumn = SqlNames.column(watermarkColumn, "watermarkColumn");
        keyColumn = SqlNames.column(keyColumn, "keyColumn");
        columns = List.copyOf(columns);
        requirePositive(batchSize, "batchSize");
        requirePositive(queryTimeoutSeconds, "queryTimeoutSeconds");
        requirePositive(connectTimeoutSeconds, "connectTimeoutSeconds");
        if (lagSeconds < 0) {
            throw new IllegalArgumentException("db-poll: 'lagSeconds' must not be negative");
        }
        if (watermarkName == null || watermarkName.isBlank()) {
            throw new IllegalArgumentException("db-poll: 'watermarkName' is required");
        }
        if (initialWatermark != null && initialWatermark.isBlank()) {
            initialWatermark = null;
        }
        if (sourceName == null || sourceName.isBlank()) {
            sourceName = location.database() + ":" + table;
        }
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException("db-poll: '" + name + "' must be positive, not " + value);
        }
    }
}
