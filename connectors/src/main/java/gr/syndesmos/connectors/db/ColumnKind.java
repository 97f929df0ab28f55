package gr.syndesmos.connectors.db;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/**
 * The kinds of watermark and key column {@code db-poll} understands, and how each one's value is written into a
 * {@link Watermark} string and bound back as a query parameter of the column's own type (so the database compares
 * like with like, and an index on the column is used).
 */
enum ColumnKind {

    /** PostgreSQL {@code timestamptz}: an instant; kept in UTC, ISO-8601 with offset and up to nanoseconds. */
    OFFSET_TIMESTAMP {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }

        @Override
        Object parse(String value) {
            try {
                return OffsetDateTime.parse(value);
            } catch (DateTimeParseException withoutOffset) {
                // An initialWatermark written without offset is read as UTC.
                return ((LocalDateTime) LOCAL_TIMESTAMP.parse(value)).atOffset(ZoneOffset.UTC);
            }
        }
    },
    /** {@code timestamp} (PostgreSQL), {@code datetime}/{@code timestamp} (MariaDB): wall-clock, no offset. */
    LOCAL_TIMESTAMP {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            LocalDateTime value = rs.getObject(column, LocalDateTime.class);
            return value == null ? null : value.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }

        @Override
        Object parse(String value) {
            try {
                return LocalDateTime.parse(value);
            } catch (DateTimeParseException dateOnly) {
                return LocalDate.parse(value).atStartOfDay();
            }
        }
    },
    DATE {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            LocalDate value = rs.getObject(column, LocalDate.class);
            return value == null ? null : value.toString();
        }

        @Override
        Object parse(String value) {
            return LocalDate.parse(value);
        }
    },
    INTEGER {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            BigDecimal value = rs.getBigDecimal(column);
            return value == null ? null : value.toBigInteger().toString();
        }

        @Override
        Object parse(String value) {
            BigDecimal number = new BigDecimal(value.trim());
            // A long keeps PostgreSQL on the column's integer index (bigint > numeric would not use it).
            return number.toBigIntegerExact().bitLength() < 64 ? (Object) number.longValueExact() : number;
        }
    },
    DECIMAL {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            BigDecimal value = rs.getBigDecimal(column);
            return value == null ? null : value.toPlainString();
        }

        @Override
        Object parse(String value) {
            return new BigDecimal(value.trim());
        }
    },
    UUID_VALUE {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            return rs.getString(column);
        }

        @Override
        Object parse(String value) {
            return UUID.fromString(value);
        }
    },
    TEXT {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            return rs.getString(column);
        }

        @Override
        Object parse(String value) {
            return value;
        }
    };

    /** The column's value in the current row as a watermark string, or null when the column is NULL. */
    abstract String read(ResultSet rs, int column) throws SQLException;

    /** The Java value of a watermark string that JDBC binds as this kind of column. */
    abstract Object parse(String value);

    boolean isTemporal() {
        return this == OFFSET_TIMESTAMP || this == LOCAL_TIMESTAMP || this == DATE;
    }

    void bind(PreparedStatement statement, int index, String value) throws SQLException {
        Object parsed = parse(value);
        if (parsed instanceof String text) {
            statement.setString(index, text);
        } else if (parsed instanceof Long number) {
            statement.setLong(index, number);
        } else if (parsed instanceof BigDecimal number) {
            statement.setBigDecimal(index, number);
        } else {
            statement.setObject(index, parsed);
        }
    }

    static ColumnKind of(ResultSetMetaData metaData, int column) throws SQLException {
        String typeName = String.valueOf(metaData.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        // The PostgreSQL driver reports timestamptz as Types.TIMESTAMP; only its type name tells them apart.
        if (typeName.equals("timestamptz") || typeName.contains("with time zone")) {
            return OFFSET_TIMESTAMP;
        }
        if (typeName.equals("uuid")) {
            return UUID_VALUE;
        }
        return switch (metaData.getColumnType(column)) {
            case Types.TIMESTAMP_WITH_TIMEZONE -> OFFSET_TIMESTAMP;
            case Types.TIMESTAMP -> LOCAL_TIMESTAMP;
            case Types.DATE -> DATE;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
            default -> TEXT;
        };
    }
}
