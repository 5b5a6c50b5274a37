package dev.mediagc.spark;

import dev.mediagc.internal.reference.ColumnReference;
import dev.mediagc.internal.reference.IdentifierQuoting;
import dev.mediagc.internal.reference.QueryReference;
import dev.mediagc.internal.reference.SqlIdentifier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads one reference source with Spark's JDBC source, split into ranges of a numeric column when
 * asked, and turns its values into the hashes the mark holds ({@link MarkForms}). The SQL is the
 * one core's sources run ({@code SELECT col FROM table WHERE col IS NOT NULL}, the query as given),
 * with names quoted by core's rules; the ranges are Spark's: the first takes every value below the
 * first bound (and nulls), the last every value from the last bound up, so the bounds only spread
 * the work, they never leave a row out.
 */
final class ReferenceReader {

    static final String VALUE = "mediagc_value";
    static final String PART = "mediagc_part";

    private final SparkSession spark;
    private final String url;
    private final Map<String, String> properties;

    ReferenceReader(SparkSession spark, String url, Map<String, String> properties) {
        this.spark = spark;
        this.url = url;
        this.properties = properties;
    }

    /** The identity core gives the same source: what the plan's settings fingerprint names. */
    static String identity(ReferenceSpec spec) {
        return spec.column() != null
                ? new ColumnReference(SqlIdentifier.parseColumn(spec.column())).identity()
                : new QueryReference(spec.sql(), "--ref-sql", spec.index()).identity();
    }

    /** The name core gives the same source, for figures and messages. */
    static String name(ReferenceSpec spec) {
        return spec.column() != null
                ? new ColumnReference(SqlIdentifier.parseColumn(spec.column())).name()
                : new QueryReference(spec.sql(), "--ref-sql", spec.index()).name();
    }

    /** The source's values as mark rows ({@link MarkForms#SCHEMA}); lazily read, by the action that uses them. */
    Dataset<Row> markRows(ReferenceSpec spec, KeyRules rules) throws SQLException {
        String derivedTable = derivedTable(spec);
        DataFrameReader reader = spark.read().format("jdbc")
                .option("url", url)
                .option("dbtable", derivedTable)
                .option("fetchsize", "10000");
        properties.forEach(reader::option);
        String readOnly = readOnlySession(url);
        if (readOnly != null) {
            reader.option("sessionInitStatement", readOnly);
        }
        String partitionColumn = spec.partitionColumn() == null ? null
                : spec.column() != null ? PART : spec.partitionColumn();
        if (partitionColumn != null) {
            long[] bounds = bounds(derivedTable, partitionColumn);
            int partitions = spec.partitions() > 0 ? spec.partitions() : spark.sparkContext().defaultParallelism();
            if (bounds != null && bounds[0] < bounds[1] && partitions > 1) {
                reader.option("partitionColumn", partitionColumn)
                        .option("lowerBound", Long.toString(bounds[0]))
                        .option("upperBound", Long.toString(bounds[1] + 1))
                        .option("numPartitions", Integer.toString(partitions));
            }
        }
        Dataset<Row> rows = reader.load();
        String valueColumn = spec.column() != null ? VALUE : rows.schema().fields()[0].name();
        return rows.select(functions.col(quoted(valueColumn)).cast("string"))
                .mapPartitions(new MarkForms(rules), Encoders.row(MarkForms.SCHEMA));
    }

    private static String quoted(String sparkColumn) {
        return "`" + sparkColumn.replace("`", "``") + "`";
    }

    /** The source as a derived table Spark's JDBC source reads (and adds its range conditions to). */
    String derivedTable(ReferenceSpec spec) throws SQLException {
        if (spec.sql() != null) {
            QueryReference query = new QueryReference(spec.sql(), "--ref-sql", spec.index());
            return "(\n" + query.sql() + "\n) mediagc_q";
        }
        SqlIdentifier column = SqlIdentifier.parseColumn(spec.column());
        try (Connection connection = connect()) {
            IdentifierQuoting quoting = IdentifierQuoting.of(connection);
            String col = column.renderColumn(quoting);
            String part = spec.partitionColumn() == null ? ""
                    : ", " + partitionColumn(spec.partitionColumn(), quoting) + " AS " + PART;
            return "(SELECT " + col + " AS " + VALUE + part + " FROM " + column.renderTable(quoting)
                    + " WHERE " + col + " IS NOT NULL) mediagc_source";
        }
    }

    /** A column of the same table, named as core names columns (quoted as given, or folded when plain). */
    private static String partitionColumn(String name, IdentifierQuoting quoting) {
        return SqlIdentifier.parseColumn("t." + name).renderColumn(quoting);
    }

    /** The smallest and largest value of the partition column, or null when the source has no rows. */
    private long[] bounds(String derivedTable, String partitionColumn) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            String column = partitionColumn.equals(PART) ? PART
                    : IdentifierQuoting.of(connection).exact(partitionColumn);
            try (ResultSet rs = statement.executeQuery(
                    "SELECT MIN(" + column + "), MAX(" + column + ") FROM " + derivedTable)) {
                rs.next();
                java.math.BigDecimal min = rs.getBigDecimal(1);
                java.math.BigDecimal max = rs.getBigDecimal(2);
                if (min == null || max == null) {
                    return null;
                }
                return new long[] {
                        min.setScale(0, java.math.RoundingMode.FLOOR).longValueExact(),
                        max.setScale(0, java.math.RoundingMode.CEILING).longValueExact()};
            }
        }
    }

    /**
     * The statement that makes every later transaction of a session read-only, where the database
     * has one: a query that would write ({@code nextval()}, a function that inserts) fails its
     * range instead, as a sweep's read-only transactions make it fail. Null elsewhere: connect as
     * a user granted {@code SELECT} only.
     */
    static String readOnlySession(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
        }
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            return "SET SESSION TRANSACTION READ ONLY";
        }
        return null;
    }

    /** A read-only connection of the driver's own (quoting rules, the partition column's bounds). */
    Connection connect() throws SQLException {
        Properties props = new Properties();
        props.putAll(properties);
        Connection connection = DriverManager.getConnection(url, props);
        try {
            connection.setReadOnly(true);
            String readOnly = readOnlySession(url);
            if (readOnly != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(readOnly);
                }
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }
}
