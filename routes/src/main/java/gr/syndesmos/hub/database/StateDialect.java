package gr.syndesmos.hub.database;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The two databases the state store runs on, where their SQL differs: the upsert. PostgreSQL's
 * {@code insert … on conflict} is atomic against a concurrent insert of the same key; H2's standard {@code merge}
 * is not, so a writer there that loses such a race gets a duplicate key and runs its merge again.
 */
public enum StateDialect {
    POSTGRESQL, H2;

    /** The dialect of the database behind this template (anything but PostgreSQL is taken as H2). */
    public static StateDialect of(JdbcTemplate jdbc) {
        String product = jdbc.execute((ConnectionCallback<String>) connection ->
                connection.getMetaData().getDatabaseProductName());
        return "PostgreSQL".equals(product) ? POSTGRESQL : H2;
    }
}
