package gr.syndesmos.connectors.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** The machine's two real database servers, and a uniquely named table per test in each. */
enum TestDatabase {

    POSTGRESQL("PostgreSQL", 5432, "jdbc:postgresql://127.0.0.1:%d/test", "postgres", "timestamptz", ""),
    MARIADB("MariaDB", 3306, "jdbc:mariadb://127.0.0.1:%d/test", "root", "datetime(6)", " character set utf8mb4");

    static final OffsetDateTime BASE = OffsetDateTime.of(2026, 11, 20, 23, 0, 0, 0, ZoneOffset.UTC);

    final String title;
    final int port;
    final String urlPattern;
    final String user;
    final String defaultTimestampType;
    final String tableOptions;

    TestDatabase(String title, int port, String urlPattern, String user, String defaultTimestampType, String tableOptions) {
        this.title = title;
        this.port = port;
        this.urlPattern = urlPattern;
        this.user = user;
        this.defaultTimestampType = defaultTimestampType;
        this.tableOptions = tableOptions;
    }

    void assumeRunning() {
        RequiredServer.assumeListening(title, "127.0.0.1", port);
    }

    String url() {
        return url(port);
    }

    String url(int viaPort) {
        return urlPattern.formatted(viaPort);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, "");
    }

    /** A new table {@code (id bigint primary key, changed_at <watermarkType>, title varchar)}; returns its name. */
    String createTable(String watermarkType) throws SQLException {
        String name = "syndesmos_poll_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table " + name + " (id bigint primary key, changed_at " + watermarkType
                    + ", title varchar(200))" + tableOptions);
        }
        return name;
    }

    void dropTable(String name) throws SQLException {
        if (name != null) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("drop table if exists " + name);
            }
        }
    }

    /** Inserts row {@code id} whose watermark is {@code step} units (microseconds, or 1 for integers) after a base. */
    void insert(String table, String watermarkType, long id, long step) throws SQLException {
        try (Connection c = connect();
             PreparedStatement p = c.prepareStatement("insert into " + table + " (id, changed_at, title) values (?, ?, ?)")) {
            p.setLong(1, id);
            p.setObject(2, watermarkValue(watermarkType, step));
            p.setString(3, "Απόφαση " + id);
            p.executeUpdate();
        }
    }

    static Object watermarkValue(String watermarkType, long step) {
        if (watermarkType.equals("bigint")) {
            return 1000 + step;
        }
        OffsetDateTime at = BASE.plusNanos(step * 1000);
        if (watermarkType.equals("timestamptz")) {
            return at;
        }
        return LocalDateTime.ofInstant(at.toInstant(), ZoneOffset.UTC);
    }
}
