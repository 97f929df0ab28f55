package gr.syndesmos.connectors.db;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Table and column names go into SQL text (a JDBC parameter cannot name a table), so they are accepted only as plain
 * identifiers: letters (Greek too), digits, {@code _} and {@code $}, not starting with a digit; a table may be
 * qualified with its schema ({@code public.apofaseis}). Anything else (quotes, spaces, operators) is refused, which
 * shuts out SQL injection through the connector's parameters.
 */
final class SqlNames {

    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]{0,62}");

    private SqlNames() {
    }

    static String table(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("db-poll: 'table' is required");
        }
        String[] parts = name.trim().split("\\.", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("db-poll: table '" + name + "' has too many parts (at most catalog.schema.table)");
        }
        for (String part : parts) {
            requireIdentifier(part, "table", name);
        }
        return name.trim();
    }

    static String column(String name, String parameter) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("db-poll: '" + parameter + "' is required");
        }
        requireIdentifier(name.trim(), parameter, name);
        return name.trim();
    }

    /** {@code *} or a comma-separated list of plain column names. */
    static List<String> columns(String list) {
        if (list == null || list.isBlank() || list.trim().equals("*")) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String part : list.split(",")) {
            names.add(column(part, "columns"));
        }
        return names;
    }

    private static void requireIdentifier(String part, String parameter, String whole) {
        if (!IDENTIFIER.matcher(part).matches()) {
            throw new IllegalArgumentException("db-poll: '" + parameter + "' must be a plain name (letters, digits, _ ; "
                    + "schema-qualified with '.'), not '" + whole + "'");
        }
    }
}
