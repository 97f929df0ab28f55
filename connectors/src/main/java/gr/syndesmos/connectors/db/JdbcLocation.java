package gr.syndesmos.connectors.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host, port and database of a JDBC URL, for log messages and the source's default name. The URL itself is never
 * logged: operators sometimes put a password in its query string.
 */
record JdbcLocation(Dialect dialect, String host, String port, String database) {

    enum Dialect { POSTGRESQL, MARIADB }

    private static final Pattern URL =
            Pattern.compile("jdbc:(postgresql|mariadb)://([^/:?,]+)(?::(\\d+))?(?:[^/?]*)/?([^?;]*)?.*");

    static JdbcLocation parse(String jdbcUrl) {
        Matcher m = jdbcUrl == null ? null : URL.matcher(jdbcUrl.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("db-poll: 'jdbcUrl' must look like jdbc:postgresql://host:5432/database "
                    + "or jdbc:mariadb://host:3306/database");
        }
        Dialect dialect = m.group(1).equals("postgresql") ? Dialect.POSTGRESQL : Dialect.MARIADB;
        String port = m.group(3) != null ? m.group(3) : dialect == Dialect.POSTGRESQL ? "5432" : "3306";
        String database = m.group(4) == null ? "" : m.group(4);
        return new JdbcLocation(dialect, m.group(2), port, database);
    }

    @Override
    public String toString() {
        return "database '" + database + "' on " + host + ":" + port;
    }
}
