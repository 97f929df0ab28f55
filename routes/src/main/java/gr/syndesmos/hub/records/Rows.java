package gr.syndesmos.hub.records;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Database rows as JSON objects: lower-camel keys whatever case the database reports, nulls left out. */
public final class Rows {

    private Rows() {
    }

    public static Map<String, Object> readable(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            if (value != null) {
                out.put(camel(column), value instanceof java.sql.Timestamp ts ? ts.toInstant() : value);
            }
        });
        return out;
    }

    static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
