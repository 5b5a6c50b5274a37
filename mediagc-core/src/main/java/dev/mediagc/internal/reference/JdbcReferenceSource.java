package dev.mediagc.internal.reference;

import dev.mediagc.ReferenceSourceException;
import dev.mediagc.spi.ReferenceSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common part of sources read over JDBC: a checked read-only transaction (see
 * {@link ReadOnlyTransaction}), rows streamed with the driver's streaming mode rather than loaded
 * whole, and point look-ups in chunks that never fail on a type or collation difference.
 */
abstract class JdbcReferenceSource implements ReferenceSource {

    /** Rows per round trip while streaming; large enough to amortise, small enough for the heap. */
    static final int FETCH_SIZE = 10_000;
    /** Values bound per point look-up statement; below every driver's parameter limit. */
    private static final int LOOKUP_CHUNK = 500;
    private static final Logger log = LoggerFactory.getLogger(JdbcReferenceSource.class);

    private final DataSource dataSource;
    private final int queryTimeoutSeconds;

    JdbcReferenceSource(DataSource dataSource, int queryTimeoutSeconds) {
        this.dataSource = dataSource;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /** A connection of the source's own DataSource; a source made without one only serves {@link #lookUpOn}. */
    private Connection openConnection() throws SQLException {
        if (dataSource == null) {
            throw new IllegalStateException(name() + " has no DataSource: it serves look-ups on a caller's connection only");
        }
        return dataSource.getConnection();
    }

    /** The statement that yields every value in its first column. */
    abstract String streamingSql(Connection connection) throws SQLException;

    /** The expression naming the value in a look-up, e.g. {@code avatar} or {@code mediagc_q."path"}. */
    abstract String lookUpValue(Connection connection) throws SQLException;

    /** What a look-up selects from: the table, or the user's query as a derived table. */
    abstract String lookUpFrom(Connection connection) throws SQLException;

    /**
     * Whether look-ups compare the value cast to text under a binary collation. They start with the
     * plain comparison (it keeps the column's index and matches what it always matched) and switch
     * for good the first time the database refuses it over a type or collation.
     */
    private volatile boolean castInLookUps;

    @Override
    public void stream(ReferenceSink sink) throws ReferenceSourceException {
        try (Connection connection = openConnection();
             ReadOnlyTransaction transaction = ReadOnlyTransaction.begin(connection)) {
            if (PostgresCopy.usableOn(connection)) {
                PostgresCopy.stream(connection, streamingSql(connection), queryTimeoutSeconds, sink);
                return;
            }
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                enableStreaming(connection, statement);
                statement.setQueryTimeout(queryTimeoutSeconds);
                try (ResultSet rows = statement.executeQuery(streamingSql(connection))) {
                    while (rows.next()) {
                        sink.accept(rows.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new ReferenceSourceException(name(), describe(e), e);
        } catch (RuntimeException e) {
            throw new ReferenceSourceException(name(), e.toString(), e);
        }
    }

    @Override
    public Set<String> lookUp(Collection<String> spellings, boolean ignoreCase) throws ReferenceSourceException {
        if (spellings.isEmpty()) {
            return new HashSet<>();
        }
        try (Connection connection = openConnection();
             ReadOnlyTransaction transaction = ReadOnlyTransaction.begin(connection)) {
            return lookUp(connection, transaction, spellings, ignoreCase);
        } catch (SQLException e) {
            throw new ReferenceSourceException(name(), describe(e), e);
        }
    }

    /**
     * Of the given raw spellings, the ones some row holds right now, read on a connection the
     * caller already holds (cleanup on change asks inside the ORM's session, not through a
     * DataSource of its own). Exactly the statements of {@link #lookUp}, in a checked read-only
     * transaction of their own, so a query that tries to write fails here as it does in a sweep.
     *
     * <p>The connection must have no transaction in progress (auto-commit on, or just committed
     * or rolled back): PostgreSQL refuses to make a running transaction read-only, and MySQL's
     * {@code START TRANSACTION} would commit it. It is handed back with its flags as it came.
     */
    public Set<String> lookUpOn(Connection connection, Collection<String> spellings) throws SQLException {
        return lookUpOn(connection, spellings, false);
    }

    /**
     * As {@link #lookUpOn(Connection, Collection)}, ignoring letter case with {@code ignoreCase}
     * exactly as {@link #lookUp(Collection, boolean)} does: the spellings are given lower-cased
     * ({@code KeyNormalizer.of(prefixes, true).spellingsOf(key)}) and so are the ones returned.
     * Cleanup on change asks so on a store that folds case.
     */
    public Set<String> lookUpOn(Connection connection, Collection<String> spellings, boolean ignoreCase)
            throws SQLException {
        if (spellings.isEmpty()) {
            return new HashSet<>();
        }
        try (ReadOnlyTransaction transaction = ReadOnlyTransaction.begin(connection)) {
            return lookUp(connection, transaction, spellings, ignoreCase);
        }
    }

    /**
     * As {@link #lookUpOn(Connection, Collection, boolean)}, inside a read-only transaction the
     * caller began on {@code connection} ({@link ReadOnlyTransaction#begin}) and ends itself, so
     * that several sources are asked in one: cleanup on change asks every mapped column and extra
     * reference about one key.
     */
    public Set<String> lookUpWithin(Connection connection, ReadOnlyTransaction transaction, Collection<String> spellings,
                                    boolean ignoreCase) throws SQLException {
        if (spellings.isEmpty()) {
            return new HashSet<>();
        }
        return lookUp(connection, transaction, spellings, ignoreCase);
    }

    private Set<String> lookUp(Connection connection, ReadOnlyTransaction transaction, Collection<String> spellings,
                               boolean ignoreCase) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(spellings);
        LookUpQueries queries = new LookUpQueries(transaction.dialect(), lookUpValue(connection), lookUpFrom(connection));
        for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
            Map<String, String> garbled = transaction.dialect() == Dialect.MYSQL
                    ? mojibakeSpellings(chunk, ignoreCase) : Map.of();
            List<String> asked = new ArrayList<>(chunk);
            asked.addAll(garbled.keySet());
            for (String row : exactMatches(connection, transaction, queries, asked, ignoreCase)) {
                found.add(row);
                String meant = garbled.get(row);
                if (meant != null) {
                    found.add(meant); // the spelling the garbled row stands for
                }
            }
        }
        if (ignoreCase) {
            found.addAll(caseFoldedMatches(connection, queries, all, transaction.dialect() == Dialect.MYSQL));
        }
        return found;
    }

    /** The latin1 mojibake of each non-ASCII spelling (lower-cased with ignore-case), mapped to the spelling. */
    private static Map<String, String> mojibakeSpellings(List<String> spellings, boolean ignoreCase) {
        Map<String, String> garbled = new HashMap<>();
        for (String spelling : spellings) {
            String mojibake = dev.mediagc.internal.key.Mojibake.of(spelling);
            if (mojibake != null) {
                garbled.put(ignoreCase ? mojibake.toLowerCase(Locale.ROOT) : mojibake, spelling);
            }
        }
        garbled.keySet().removeAll(spellings);
        return garbled;
    }

    /** Rows equal to a spelling (lower-cased by the database with {@code ignoreCase}). */
    private Set<String> exactMatches(Connection connection, ReadOnlyTransaction transaction, LookUpQueries queries,
                                     List<String> chunk, boolean ignoreCase) throws SQLException {
        if (!castInLookUps) {
            try {
                return rows(connection, queries.equalTo(chunk.size(), ignoreCase, false), chunk, ignoreCase);
            } catch (SQLTimeoutException e) {
                throw e;
            } catch (SQLException e) {
                log.info("{}: look-ups compare the value as text from now on, the database refused the plain "
                        + "comparison: {}", name(), describe(e));
                castInLookUps = true;
                transaction.restart();
            }
        }
        return rows(connection, queries.equalTo(chunk.size(), ignoreCase, true), chunk, ignoreCase);
    }

    /**
     * With ignore-case, SQL's {@code lower()} is not Java's, so for spellings beyond ASCII the rows
     * beyond ASCII are read once (one scan per look-up, not per chunk) and Java's case folding
     * decides; on MySQL/MariaDB a row that is the latin1 mojibake of a spelling counts too.
     */
    private Set<String> caseFoldedMatches(Connection connection, LookUpQueries queries, List<String> spellings,
                                          boolean alsoMojibake) throws SQLException {
        Set<String> wanted = new HashSet<>();
        for (String spelling : spellings) {
            if (!JavaCaseFolding.isAscii(spelling)) {
                wanted.add(spelling);
            }
        }
        Set<String> kept = new HashSet<>();
        if (wanted.isEmpty()) {
            return kept;
        }
        try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            enableStreaming(connection, statement);
            statement.setQueryTimeout(queryTimeoutSeconds);
            try (ResultSet rows = statement.executeQuery(queries.beyondAscii())) {
                while (rows.next()) {
                    String row = rows.getString(1);
                    if (row == null || JavaCaseFolding.isAscii(row)) {
                        continue;
                    }
                    String folded = JavaCaseFolding.match(row, wanted);
                    String repaired = folded == null && alsoMojibake ? dev.mediagc.internal.key.Mojibake.repair(row) : null;
                    if (repaired != null) {
                        folded = JavaCaseFolding.match(repaired, wanted);
                    }
                    if (folded != null) {
                        kept.add(folded);
                    }
                }
            }
        }
        return kept;
    }

    private Set<String> rows(Connection connection, String sql, List<String> parameters, boolean lowerCase)
            throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(queryTimeoutSeconds);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String value = rows.getString(1);
                    if (value != null) {
                        found.add(lowerCase ? value.toLowerCase(Locale.ROOT) : value);
                    }
                }
            }
        }
        return found;
    }

    /** Puts the statement in the driver's row-streaming mode. */
    static void enableStreaming(Connection connection, Statement statement) throws SQLException {
        String driver = connection.getMetaData().getDriverName().toLowerCase(Locale.ROOT);
        if (driver.contains("mysql") && !driver.contains("mariadb")) {
            // MySQL Connector/J streams row by row only with this magic value.
            statement.setFetchSize(Integer.MIN_VALUE);
        } else {
            statement.setFetchSize(FETCH_SIZE);
        }
    }

    static String placeholders(int count) {
        return String.join(",", java.util.Collections.nCopies(count, "?"));
    }

    static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        return e.getSQLState() == null ? message : message + " (SQLState " + e.getSQLState() + ")";
    }
}
