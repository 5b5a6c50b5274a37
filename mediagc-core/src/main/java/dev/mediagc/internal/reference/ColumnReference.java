package dev.mediagc.internal.reference;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Every value of one table column: {@code TABLE.COLUMN} or {@code SCHEMA.TABLE.COLUMN}. */
public final class ColumnReference extends JdbcReferenceSource {

    private final SqlIdentifier column;

    public ColumnReference(DataSource dataSource, SqlIdentifier column, int queryTimeoutSeconds) {
        super(dataSource, queryTimeoutSeconds);
        this.column = column;
    }

    /** A column read only on a connection the caller holds ({@link #lookUpOn}), e.g. by cleanup on change. */
    public ColumnReference(SqlIdentifier column) {
        this(null, column, 0);
    }

    @Override
    public String name() {
        return column.toString();
    }

    @Override
    String streamingSql(Connection connection) throws SQLException {
        IdentifierQuoting quoting = IdentifierQuoting.of(connection);
        String col = column.renderColumn(quoting);
        return "SELECT " + col + " FROM " + column.renderTable(quoting) + " WHERE " + col + " IS NOT NULL";
    }

    @Override
    String lookUpValue(Connection connection) throws SQLException {
        return column.renderColumn(IdentifierQuoting.of(connection));
    }

    @Override
    String lookUpFrom(Connection connection) throws SQLException {
        return column.renderTable(IdentifierQuoting.of(connection));
    }
}
