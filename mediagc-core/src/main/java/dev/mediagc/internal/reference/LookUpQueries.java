package dev.mediagc.internal.reference;

/** The SQL of point look-ups for one source on one database. */
final class LookUpQueries {

    private final Dialect dialect;
    private final String value;
    private final String from;

    LookUpQueries(Dialect dialect, String value, String from) {
        this.dialect = dialect;
        this.value = value;
        this.from = from;
    }

    /**
     * Rows whose value equals one of {@code count} parameters; lower-cased by the database with
     * {@code ignoreCase}; with {@code asText}, cast to text and compared under a binary collation,
     * so an integer column or a latin1 one cannot make the statement fail.
     */
    String equalTo(int count, boolean ignoreCase, boolean asText) {
        String compared;
        if (asText) {
            String text = dialect.asText(value);
            compared = dialect.binary(ignoreCase ? "LOWER(" + text + ")" : text);
        } else {
            compared = ignoreCase ? "LOWER(" + value + ")" : value;
        }
        return "SELECT " + value + " FROM " + from + " WHERE " + compared
                + " IN (" + JdbcReferenceSource.placeholders(count) + ")";
    }

    /**
     * Rows whose value holds a character beyond ASCII (all rows where that cannot be said in SQL):
     * the only rows Java's case folding can match to a spelling beyond ASCII.
     */
    String beyondAscii() {
        String text = dialect.asText(value);
        String condition = switch (dialect) {
            case POSTGRESQL -> text + " COLLATE \"C\" ~ '[^\\x01-\\x7f]'";
            case MYSQL -> "LENGTH(" + text + ") <> CHAR_LENGTH(" + text + ")";
            case SQLITE -> "length(CAST(" + value + " AS BLOB)) <> length(" + text + ")";
            case H2 -> "OCTET_LENGTH(" + text + ") <> CHAR_LENGTH(" + text + ")";
            case OTHER -> value + " IS NOT NULL";
        };
        return "SELECT " + value + " FROM " + from + " WHERE " + condition;
    }
}
