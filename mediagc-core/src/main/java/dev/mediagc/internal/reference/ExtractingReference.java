package dev.mediagc.internal.reference;

import dev.mediagc.ReferenceSourceException;
import dev.mediagc.spi.ReferenceSource;

import dev.mediagc.spi.UnreadableValueException;
import dev.mediagc.spi.ValueExtractor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A column or query whose values hold file keys inside them (a JSON document, PHP-serialized
 * metadata, an HTML or Markdown body): every value is read as a character stream, one at a time,
 * and handed to a {@link ValueExtractor}; the keys it finds are what the source yields.
 *
 * <p>Point look-ups cannot compare whole values. They select the rows holding, literally, every
 * run of ASCII letters and digits of some spelling's file name ({@code 2024/05/photo-150x150.jpg}
 * asks for rows {@code LIKE '%photo%' AND LIKE '%150x150%' AND LIKE '%jpg%'}), extract those rows
 * and return every key found: a superset, which only keeps files. Escaping (JSON {@code \u00e9},
 * {@code \/}, HTML {@code &amp;}, percent-encoding) never touches letters and digits, so an escaped
 * spelling is still found; a name without any letter or digit makes the look-up read every row.
 *
 * <p>A value the extractor cannot read (bad JSON, a truncated serialization) could name a live
 * file. By default the whole source fails once every value has been read, naming how many values
 * and a sample of them, so nothing is acted on; with {@code allowUnreadable} they are skipped,
 * counted and sampled in the report's warnings, and files only they name may be listed as orphans.
 */
public final class ExtractingReference implements ReferenceSource {

    /** Rows per round trip: bodies can be megabytes each, so far fewer than for plain keys. */
    static final int FETCH_SIZE = 50;
    /** LIKE conditions per look-up statement; below every driver's parameter limit. */
    private static final int LOOKUP_PARAMETERS = 400;
    private static final int SAMPLES = 5;
    private static final int SAMPLE_CHARS = 60;

    private final DataSource dataSource;
    private final JdbcReferenceSource values;
    private final ValueExtractor extractor;
    private final boolean allowUnreadable;
    private final int queryTimeoutSeconds;
    private final String setting;
    private volatile List<String> warnings = List.of();

    private ExtractingReference(DataSource dataSource, JdbcReferenceSource values, ValueExtractor extractor,
                                boolean allowUnreadable, int queryTimeoutSeconds, String setting) {
        this.dataSource = dataSource;
        this.values = values;
        this.extractor = extractor;
        this.allowUnreadable = allowUnreadable;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.setting = setting;
    }

    /** The keys inside every value of {@code column}. */
    public static ExtractingReference ofColumn(DataSource dataSource, SqlIdentifier column, ValueExtractor extractor,
                                               boolean allowUnreadable, int queryTimeoutSeconds) {
        return new ExtractingReference(dataSource, new ColumnReference(dataSource, column, queryTimeoutSeconds),
                extractor, allowUnreadable, queryTimeoutSeconds, "`allow-unreadable-values`");
    }

    /** The keys inside the first column of every row of {@code sql}; {@code setting} names where the query came from. */
    public static ExtractingReference ofQuery(DataSource dataSource, String sql, String setting, int index,
                                              ValueExtractor extractor, boolean allowUnreadable, int queryTimeoutSeconds) {
        return new ExtractingReference(dataSource,
                new QueryReference(dataSource, sql, setting, index, queryTimeoutSeconds),
                extractor, allowUnreadable, queryTimeoutSeconds, "`allow-unreadable-values`");
    }

    @Override
    public String name() {
        return values.name() + " (" + extractor.describe() + ")";
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void stream(ReferenceSink sink) throws ReferenceSourceException {
        Unreadable unreadable = new Unreadable();
        try (Connection connection = dataSource.getConnection();
             ReadOnlyTransaction transaction = ReadOnlyTransaction.begin(connection);
             Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            streamRows(connection, statement);
            try (ResultSet rows = statement.executeQuery(values.streamingSql(connection))) {
                extractAll(rows, sink, unreadable);
            }
        } catch (SQLException e) {
            throw new ReferenceSourceException(name(), JdbcReferenceSource.describe(e), e);
        } catch (IOException | RuntimeException e) {
            throw new ReferenceSourceException(name(), e.toString(), e);
        }
        settle(unreadable, "");
    }

    @Override
    public Set<String> lookUp(Collection<String> spellings, boolean ignoreCase) throws ReferenceSourceException {
        Set<String> found = new HashSet<>();
        if (spellings.isEmpty()) {
            return found;
        }
        Set<List<String>> wanted = new LinkedHashSet<>();
        boolean everyRow = false;
        for (String spelling : spellings) {
            List<String> runs = letterAndDigitRuns(fileName(spelling));
            if (runs.isEmpty()) {
                everyRow = true; // nothing literal to pre-filter on: read every row
                break;
            }
            wanted.add(runs);
        }
        Unreadable unreadable = new Unreadable();
        try (Connection connection = dataSource.getConnection();
             ReadOnlyTransaction transaction = ReadOnlyTransaction.begin(connection)) {
            if (everyRow) {
                try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    streamRows(connection, statement);
                    try (ResultSet rows = statement.executeQuery(values.streamingSql(connection))) {
                        extractAll(rows, found::add, unreadable);
                    }
                }
            } else {
                String text = transaction.dialect().asText(values.lookUpValue(connection));
                String select = "SELECT " + values.lookUpValue(connection) + " FROM " + values.lookUpFrom(connection)
                        + " WHERE ";
                List<List<String>> groups = new ArrayList<>(wanted);
                int from = 0;
                while (from < groups.size()) {
                    List<String> parameters = new ArrayList<>();
                    List<String> alternatives = new ArrayList<>();
                    while (from < groups.size() && parameters.size() < LOOKUP_PARAMETERS) {
                        alternatives.add(allRunsIn(groups.get(from), text, transaction.dialect(), ignoreCase, parameters));
                        from++;
                    }
                    try (PreparedStatement statement = connection.prepareStatement(select
                            + String.join(" OR ", alternatives), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                        streamRows(connection, statement);
                        for (int i = 0; i < parameters.size(); i++) {
                            statement.setString(i + 1, parameters.get(i));
                        }
                        try (ResultSet rows = statement.executeQuery()) {
                            extractAll(rows, found::add, unreadable);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new ReferenceSourceException(name(), JdbcReferenceSource.describe(e), e);
        } catch (IOException | RuntimeException e) {
            throw new ReferenceSourceException(name(), e.toString(), e);
        }
        settle(unreadable, " while re-checking candidates");
        return found;
    }

    /**
     * {@code (T LIKE ? AND T LIKE ? ...)} for the runs, their parameters added. The runs hold only
     * ASCII letters and digits, so no LIKE wildcard or escape character can be among them. With
     * ignore-case the row is compared lower- and upper-cased: one of the two matches even where the
     * database's case mapping of {@code I} is not ASCII's (a Turkish locale).
     */
    private static String allRunsIn(List<String> runs, String text, Dialect dialect, boolean ignoreCase,
                                    List<String> parameters) {
        List<String> conditions = new ArrayList<>();
        for (String run : runs) {
            if (ignoreCase) {
                conditions.add("(LOWER(" + text + ") LIKE ? OR UPPER(" + text + ") LIKE ?)");
                parameters.add("%" + run.toLowerCase(Locale.ROOT) + "%");
                parameters.add("%" + run.toUpperCase(Locale.ROOT) + "%");
            } else {
                conditions.add(dialect.binary(text) + " LIKE ?");
                parameters.add("%" + run + "%");
            }
        }
        return "(" + String.join(" AND ", conditions) + ")";
    }

    /** The part after the last slash. */
    static String fileName(String spelling) {
        return spelling.substring(spelling.lastIndexOf('/') + 1);
    }

    /**
     * The maximal runs of ASCII letters and digits in {@code name}, distinct and sorted; runs of one
     * character are left out when longer ones exist (they filter nothing).
     */
    static List<String> letterAndDigitRuns(String name) {
        Set<String> runs = new java.util.TreeSet<>();
        int start = -1;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : ' ';
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (letterOrDigit && start < 0) {
                start = i;
            } else if (!letterOrDigit && start >= 0) {
                runs.add(name.substring(start, i));
                start = -1;
            }
        }
        if (runs.stream().anyMatch(r -> r.length() > 1)) {
            runs.removeIf(r -> r.length() == 1);
        }
        return List.copyOf(runs);
    }

    /** Puts the statement in the driver's row-streaming mode, a few rows per round trip. */
    private void streamRows(Connection connection, Statement statement) throws SQLException {
        JdbcReferenceSource.enableStreaming(connection, statement);
        if (statement.getFetchSize() > FETCH_SIZE) {
            statement.setFetchSize(FETCH_SIZE);
        }
        statement.setQueryTimeout(queryTimeoutSeconds);
    }

    private void extractAll(ResultSet rows, ReferenceSink keys, Unreadable unreadable) throws SQLException, IOException {
        long row = 0;
        while (rows.next()) {
            row++;
            Reader reader = characters(rows);
            if (reader == null) {
                continue;
            }
            SampleKeepingReader value = new SampleKeepingReader(reader, SAMPLE_CHARS);
            try (Reader buffered = new BufferedReader(value, 8192)) {
                extractor.extract(buffered, keys::accept);
            } catch (UnreadableValueException e) {
                unreadable.add(row, e.getMessage(), value.sample());
            }
        }
    }

    private static Reader characters(ResultSet rows) throws SQLException {
        try {
            return rows.getCharacterStream(1);
        } catch (SQLFeatureNotSupportedException e) {
            String value = rows.getString(1);
            return value == null ? null : new StringReader(value);
        }
    }

    /** Fails the source over unreadable values unless they are allowed; then they become a warning. */
    private void settle(Unreadable unreadable, String when) throws ReferenceSourceException {
        if (unreadable.count == 0) {
            if (when.isEmpty()) {
                warnings = List.of();
            }
            return;
        }
        String what = unreadable.count + " value(s) of " + name() + " could not be read" + when + ", e.g. "
                + String.join("; ", unreadable.samples);
        if (!allowUnreadable) {
            throw new ReferenceSourceException(name(), what + ". A value that cannot be read could name a live file, "
                    + "so nothing was acted on; fix those values, or set " + setting + " to skip them (files only "
                    + "they name are then listed as orphans)", null);
        }
        if (when.isEmpty()) {
            warnings = List.of(what + "; skipped (" + setting + "): files only they name are listed as orphans");
        }
    }

    /** Unreadable values met in one read: how many, and the first few. */
    private static final class Unreadable {
        long count;
        final List<String> samples = new ArrayList<>();

        void add(long row, String reason, String start) {
            count++;
            if (samples.size() < SAMPLES) {
                samples.add("the value starting '" + start + "' (value " + row + " as read): " + reason);
            }
        }
    }

    /** Passes characters through, keeping the first few (controls escaped) to name the value in a message. */
    private static final class SampleKeepingReader extends java.io.FilterReader {
        private final StringBuilder sample = new StringBuilder();
        private final int keep;

        SampleKeepingReader(Reader in, int keep) {
            super(in);
            this.keep = keep;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                keep((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            for (int i = 0; i < read && sample.length() < keep; i++) {
                keep(buffer[offset + i]);
            }
            return read;
        }

        private void keep(char c) {
            if (sample.length() < keep) {
                sample.append(Character.isISOControl(c) ? ' ' : c);
            }
        }

        String sample() {
            return sample.length() < keep ? sample.toString() : sample + "…";
        }
    }
}
