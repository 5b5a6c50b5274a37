package dev.mediagc.internal.reference;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * How one database wants a name written so that it can only be read as a name: its identifier
 * quote string, and how it folds a name written without quotes. Every part of a
 * {@code --ref TABLE.COLUMN} is quoted, so a column called {@code key} or {@code order} is a
 * column on every database; a part the user wrote unquoted is first folded the way the database
 * would have folded it (PostgreSQL lower-cases, H2 upper-cases), so quoting changes nothing about
 * which table or column the name finds.
 */
public record IdentifierQuoting(String quote, Folding unquotedFolding) {

    /** What a database does to the case of a name written without quotes. */
    public enum Folding { LOWER, UPPER, NONE }

    /** The way of the database behind {@code connection}, as its driver's metadata says. */
    public static IdentifierQuoting of(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        Folding folding = metadata.storesUpperCaseIdentifiers() ? Folding.UPPER
                : metadata.storesLowerCaseIdentifiers() ? Folding.LOWER : Folding.NONE;
        String quote = metadata.getIdentifierQuoteString();
        quote = quote == null || quote.isBlank() ? null : quote.strip();
        if (Dialect.of(connection) == Dialect.SQLITE) {
            // SQLite reports ", but reads a "name" that matches no column as a string literal: a
            // misspelt column would yield that text for every row instead of failing. A `name`
            // that matches nothing is an error.
            quote = "`";
        }
        return new IdentifierQuoting(quote, folding);
    }

    /** A name exactly as given, e.g. one the user quoted, or a label the database reported. */
    public String exact(String name) {
        String q = quote == null ? "\"" : quote;
        return q + name.replace(q, q + q) + q;
    }

    /**
     * A name the user wrote without quotes (a plain identifier, see {@link SqlIdentifier}), folded
     * as the database folds such names, then quoted; left bare on a database that quotes nothing.
     */
    public String folded(String plainName) {
        if (quote == null) {
            return plainName;
        }
        return exact(switch (unquotedFolding) {
            case LOWER -> plainName.toLowerCase(Locale.ROOT);
            case UPPER -> plainName.toUpperCase(Locale.ROOT);
            case NONE -> plainName;
        });
    }
}
