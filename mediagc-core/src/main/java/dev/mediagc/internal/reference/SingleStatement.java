package dev.mediagc.internal.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * Refuses SQL that holds more than one statement, so a {@code --ref-sql} can never smuggle a write
 * behind its SELECT ({@code SELECT ...; DELETE ...}). Some drivers run every statement, SQLite's
 * silently runs only the first: both are wrong for a tool that promises to only read.
 *
 * <p>A {@code ;} counts unless it is inside a string literal, a quoted identifier, a comment or a
 * PostgreSQL dollar-quoted string. Databases (and their modes) disagree about backslashes in
 * strings, {@code $}, nested block comments, {@code --} without a blank after it, {@code #} and
 * {@code [...]}, so the text is scanned under every mix of those rules and refused if any reading
 * finds a second statement: a false refusal costs a rewrite, a false acceptance could cost data.
 */
final class SingleStatement {

    private SingleStatement() {
    }

    /**
     * {@code sql} up to its terminating {@code ;} (stripped; any comment after it dropped), or an
     * {@link IllegalArgumentException} when it holds a second statement, a MySQL executable comment,
     * or a {@code ;} that ends the statement under some databases' rules only.
     */
    static String require(String sql, String what) {
        String s = sql.strip();
        for (Reading reading : Reading.ALL) {
            int executable = executableComment(s, reading);
            if (executable >= 0) {
                throw new IllegalArgumentException(what + " holds a MySQL executable comment (/*! ... */) at position "
                        + (executable + 1) + ", which the server runs as SQL; write it as plain SQL: " + sql);
            }
            int at = separator(s, reading);
            if (at >= 0 && !onlyCommentsAfter(s, at + 1, reading)) {
                throw new IllegalArgumentException(what + " must be a single statement, but it has a ';' followed by "
                        + "more SQL at position " + (at + 1) + "; give each query its own option: " + sql);
            }
        }
        // Cut only where every reading agrees the statement ends: cutting where one database sees
        // the end but another reads on (inside a literal or comment) could hand that one a
        // different, still valid query.
        int end = separator(s, Reading.ALL.get(0));
        for (Reading reading : Reading.ALL) {
            int at = separator(s, reading);
            if (at != end) {
                int first = end < 0 ? at : at < 0 ? end : Math.min(at, end);
                throw new IllegalArgumentException(what + " has a ';' at position " + (first + 1) + " that ends the "
                        + "statement under some databases' rules but is inside a literal or comment under others; "
                        + "write it so that every database reads it alike: " + sql);
            }
        }
        return end < 0 ? s : s.substring(0, end).strip();
    }

    /** Whether nothing but blanks, comments and further {@code ;} follow {@code from}. */
    private static boolean onlyCommentsAfter(String s, int from, Reading reading) {
        Scanner scanner = new Scanner(s, from, reading);
        int c;
        while ((c = scanner.nextCodeChar()) >= 0) {
            if (c != ';' && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first {@code ;} outside literals and comments, or -1. */
    private static int separator(String s, Reading reading) {
        Scanner scanner = new Scanner(s, 0, reading);
        int c;
        while ((c = scanner.nextCodeChar()) >= 0) {
            if (c == ';') {
                return scanner.position - 1;
            }
        }
        return -1;
    }

    /** The index of the first {@code /*!} or {@code /*M!} comment, or -1. */
    private static int executableComment(String s, Reading reading) {
        Scanner scanner = new Scanner(s, 0, reading);
        while (scanner.nextCodeChar() >= 0 && scanner.executableCommentAt < 0) {
            // read on
        }
        return scanner.executableCommentAt;
    }

    /**
     * One mix of lexical rules. {@code backslashEscapes}: MySQL (without NO_BACKSLASH_ESCAPES),
     * PostgreSQL's E'' strings. {@code dollarQuotes}: PostgreSQL. {@code nestedComments}:
     * PostgreSQL nests block comments, MySQL/MariaDB and SQLite end one at the first {@code *}{@code /}.
     * {@code mysqlComments}: {@code #} starts a line comment and {@code --} does only when a blank
     * or control character follows ({@code 1 --1} is {@code 1 - -1}). {@code bracketIdentifiers}:
     * SQLite and SQL Server quote identifiers as {@code [...]}.
     */
    private record Reading(boolean backslashEscapes, boolean dollarQuotes, boolean nestedComments,
                           boolean mysqlComments, boolean bracketIdentifiers) {

        /** Every combination: a server's modes mix these rules, and an extra reading can only refuse more. */
        static final List<Reading> ALL = all();

        private static List<Reading> all() {
            List<Reading> all = new ArrayList<>();
            for (int bits = 0; bits < 32; bits++) {
                all.add(new Reading((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0));
            }
            return List.copyOf(all);
        }
    }

    /** Walks the text, handing out only characters that are SQL code (not literal, identifier or comment). */
    private static final class Scanner {
        private final String s;
        private final Reading reading;
        int position;
        int executableCommentAt = -1;

        Scanner(String s, int from, Reading reading) {
            this.s = s;
            this.position = from;
            this.reading = reading;
        }

        /** The next code character, or -1 at the end; an unclosed literal or comment runs to the end. */
        int nextCodeChar() {
            int n = s.length();
            while (position < n) {
                char c = s.charAt(position);
                if (c == '\'' || c == '"' || c == '`') {
                    skipQuoted(c);
                } else if (c == '[' && reading.bracketIdentifiers()) {
                    skipQuoted(']');
                } else if (c == '-' && s.startsWith("--", position) && (!reading.mysqlComments() || blankOrEndAt(position + 2))) {
                    skipLine();
                } else if (c == '#' && reading.mysqlComments()) {
                    skipLine();
                } else if (c == '/' && s.startsWith("/*", position)) {
                    if (executableCommentAt < 0 && (s.startsWith("/*!", position) || s.regionMatches(true, position, "/*M!", 0, 4))) {
                        executableCommentAt = position;
                    }
                    skipBlockComment();
                } else if (c == '$' && reading.dollarQuotes() && dollarTagAt(position) != null) {
                    skipDollarQuoted(dollarTagAt(position));
                } else {
                    position++;
                    return c;
                }
            }
            return -1;
        }

        /** MySQL's test after {@code --}: ASCII blank or control character (or the end), nothing wider. */
        private boolean blankOrEndAt(int i) {
            return i >= s.length() || s.charAt(i) <= ' ' || s.charAt(i) == 0x7f;
        }

        /** From an opening quote (or {@code [}) to {@code close}, which stands for itself when doubled. */
        private void skipQuoted(char close) {
            int n = s.length();
            position++;
            while (position < n) {
                char c = s.charAt(position++);
                if (c == '\\' && reading.backslashEscapes() && close != '`' && close != ']') {
                    position++;
                } else if (c == close) {
                    if (position < n && s.charAt(position) == close) {
                        position++;
                    } else {
                        return;
                    }
                }
            }
        }

        /** To the end of the line; PostgreSQL ends a line comment at a carriage return too. */
        private void skipLine() {
            while (position < s.length() && s.charAt(position) != '\n' && s.charAt(position) != '\r') {
                position++;
            }
        }

        private void skipBlockComment() {
            int n = s.length();
            int depth = 0;
            while (position < n) {
                if (s.startsWith("/*", position) && (depth == 0 || reading.nestedComments())) {
                    depth++;
                    position += 2;
                } else if (s.startsWith("*/", position)) {
                    depth--;
                    position += 2;
                    if (depth == 0) {
                        return;
                    }
                } else {
                    position++;
                }
            }
        }

        /** {@code $$} or {@code $tag$} starting at {@code i}, not inside an identifier such as {@code a$b}. */
        private String dollarTagAt(int i) {
            if (i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_')) {
                return null;
            }
            int j = i + 1;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            if (j >= s.length() || s.charAt(j) != '$' || (j > i + 1 && Character.isDigit(s.charAt(i + 1)))) {
                return null;
            }
            return s.substring(i, j + 1);
        }

        private void skipDollarQuoted(String tag) {
            int end = s.indexOf(tag, position + tag.length());
            position = end < 0 ? s.length() : end + tag.length();
        }
    }
}
