package gr.syndesmos.hub.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A stand-in's own database on the local PostgreSQL (a municipality's registers, its registry): made if missing,
 * in the municipality's encoding, and loaded from its seed script if its schema is missing. The seed runs as the
 * administrative account, so that it can also create the roles and grants the municipality gives the hub.
 */
public final class StandInDatabase {

    private StandInDatabase() {
    }

    /**
     * @param encoding the database's encoding, e.g. {@code ISO_8859_7} (with the C locale) or {@code UTF8}
     * @param schema a schema the seed makes: when it exists, the database is taken as seeded
     * @param seed the classpath resource of the seed script
     * @return whether it was seeded now
     */
    public static boolean prepare(String adminUrl, String adminUser, String database, String encoding,
            String schema, String seed) throws SQLException, IOException {
        try (Connection admin = DriverManager.getConnection(adminUrl, adminUser, null);
                Statement statement = admin.createStatement()) {
            boolean exists;
            try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, database);
                try (ResultSet rs = query.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                statement.execute("CREATE DATABASE " + database + " ENCODING '" + encoding + "' LC_COLLATE 'C' "
                        + "LC_CTYPE 'C' TEMPLATE template0");
            }
        }
        try (Connection db = DriverManager.getConnection(url(adminUrl, database), adminUser, null);
                Statement statement = db.createStatement()) {
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
                query.setString(1, schema);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (InputStream script = StandInDatabase.class.getResourceAsStream(seed)) {
                if (script == null) {
                    throw new IOException("no seed " + seed);
                }
                // The driver runs a script of several statements (and $$-quoted blocks) as it is.
                statement.execute(new String(script.readAllBytes(), StandardCharsets.UTF_8));
            }
            return true;
        }
    }

    /** The administrative URL with another database. */
    public static String url(String adminUrl, String database) {
        return adminUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
    }
}
