package dev.mediagc.reference;

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

    /** Rows whose lower-cased text matches one of {@code count} LIKE patterns (escape character {@code !}). */
    String like(int count) {
        String compared = dialect.binary("LOWER(" + dialect.asText(value) + ")");
        StringBuilder sql = new StringBuilder("SELECT ").append(value).append(" FROM ").append(from).append(" WHERE ");
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "" : " OR ").append(compared).append(" LIKE ? ESCAPE '!'");
        }
        return sql.toString();
    }
}
