package dev.mediagc.internal.reference;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The first column of every row of an arbitrary query, e.g.
 * {@code SELECT CONCAT(folder, '/', name) FROM media}. Point look-ups wrap the query as a derived
 * table, so they see exactly what the sweep saw.
 */
public final class QueryReference extends JdbcReferenceSource {

    private final String sql;
    private final String name;
    private volatile String firstColumnLabel;

    public QueryReference(DataSource dataSource, String sql, int index, int queryTimeoutSeconds) {
        this(dataSource, sql, "`ref-sql`", index, queryTimeoutSeconds);
    }

    /**
     * A query read only on a connection the caller holds ({@link #lookUpOn}), e.g. by cleanup on
     * change; {@code setting} names where it came from in the message refusing it.
     */
    public QueryReference(String sql, String setting, int index) {
        this(null, sql, setting, index, 0);
    }

    /** {@code setting} names where the query came from (an option, a property) in the message refusing it. */
    public QueryReference(DataSource dataSource, String sql, String setting, int index, int queryTimeoutSeconds) {
        super(dataSource, queryTimeoutSeconds);
        this.sql = SingleStatement.require(sql, setting);
        this.name = "query #" + index;
        if (!this.sql.toLowerCase(Locale.ROOT).stripLeading().matches("(?s)(select|with)\\b.*")) {
            throw new IllegalArgumentException(setting + " must be a SELECT (or WITH ... SELECT) query: " + sql);
        }
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The query's text with every run of blanks made one space: the same query keeps its identity
     * wherever it stands among the options and however it is wrapped over lines. (A "query #N"
     * name would move with the option's position.)
     */
    @Override
    public String identity() {
        return "query " + sql.strip().replaceAll("\\s+", " ");
    }

    public String sql() {
        return sql;
    }

    @Override
    String streamingSql(Connection connection) {
        return sql;
    }

    @Override
    String lookUpValue(Connection connection) throws SQLException {
        return "mediagc_q." + IdentifierQuoting.of(connection).exact(firstColumnLabel(connection));
    }

    @Override
    String lookUpFrom(Connection connection) {
        return derivedTable(sql);
    }

    /**
     * {@code sql} as a derived table. The line breaks keep a trailing {@code -- comment} from
     * swallowing the closing parenthesis.
     */
    static String derivedTable(String sql) {
        return "(\n" + sql + "\n) mediagc_q";
    }

    /** The label the database gives the query's first column, read from an empty execution. */
    private String firstColumnLabel(Connection connection) throws SQLException {
        if (firstColumnLabel == null) {
            try (Statement statement = connection.createStatement();
                 ResultSet empty = statement.executeQuery("SELECT * FROM " + derivedTable(sql) + " WHERE 1 = 0")) {
                firstColumnLabel = empty.getMetaData().getColumnLabel(1);
            }
        }
        return firstColumnLabel;
    }
}
