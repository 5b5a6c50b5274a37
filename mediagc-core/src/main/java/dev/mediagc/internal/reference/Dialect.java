package dev.mediagc.internal.reference;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What mediagc must say differently to each database it reads: how to make a value text under a
 * binary collation, so a look-up can never fail on a type ({@code integer = character varying}) or
 * a collation ({@code Illegal mix of collations}) difference.
 */
enum Dialect {
    POSTGRESQL, MYSQL, SQLITE, H2, OTHER;

    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return MYSQL;
        }
        if (p.contains("sqlite")) {
            return SQLITE;
        }
        if (p.equals("h2")) {
            return H2;
        }
        return OTHER;
    }

    /** {@code value} as text, whatever its column type. */
    String asText(String value) {
        return switch (this) {
            case POSTGRESQL -> "CAST(" + value + " AS text)";
            case MYSQL -> "CONVERT(" + value + " USING utf8mb4)";
            case SQLITE -> "CAST(" + value + " AS TEXT)";
            case H2 -> "CAST(" + value + " AS VARCHAR)";
            case OTHER -> value;
        };
    }

    /** A text expression compared byte for byte (code point for code point), whatever the column's collation. */
    String binary(String textExpression) {
        return switch (this) {
            case POSTGRESQL -> textExpression + " COLLATE \"C\"";
            case MYSQL -> textExpression + " COLLATE utf8mb4_bin";
            case SQLITE -> textExpression + " COLLATE BINARY";
            case H2, OTHER -> textExpression;
        };
    }
}
