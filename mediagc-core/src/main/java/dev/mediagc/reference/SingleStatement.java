package dev.mediagc.reference;

/**
 * Refuses SQL that holds more than one statement, so a {@code --ref-sql} can never smuggle a write
 * behind its SELECT ({@code SELECT ...; DELETE ...}). Some drivers run every statement, SQLite's
 * silently runs only the first: both are wrong for a tool that promises to only read.
 *
 * <p>A {@code ;} counts unless it is inside a string literal, a quoted identifier, a comment or a
 * PostgreSQL dollar-quoted string. Dialects disagree about backslashes in strings and about
 * {@code $}, so the text is scanned under each reading and refused if any finds a second
 * statement: a false refusal costs a rewrite, a false acceptance could cost data.
 */
final class SingleStatement {

    private SingleStatement() {
    }

    /**
     * {@code sql} without its trailing {@code ;} (and blanks), or an {@link IllegalArgumentException}
     * when it holds a statement separator anywhere else.
     */
    static String require(String sql, String what) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        for (boolean backslashEscapes : new boolean[] {false, true}) {
            for (boolean dollarQuotes : new boolean[] {false, true}) {
                int at = separator(s, backslashEscapes, dollarQuotes);
                if (at >= 0 && !onlyCommentsAfter(s, at + 1, backslashEscapes, dollarQuotes)) {
                    throw new IllegalArgumentException(what + " must be a single statement, but it has a ';' followed by "
                            + "more SQL at position " + (at + 1) + "; give each query its own option: " + sql);
                }
            }
        }
        return s;
    }

    /** Whether nothing but blanks, comments and further {@code ;} follow {@code from}. */
    private static boolean onlyCommentsAfter(String s, int from, boolean backslashEscapes, boolean dollarQuotes) {
        Scanner scanner = new Scanner(s, from, backslashEscapes, dollarQuotes);
        int c;
        while ((c = scanner.nextCodeChar()) >= 0) {
            if (c != ';' && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first {@code ;} outside literals and comments, or -1. */
    private static int separator(String s, boolean backslashEscapes, boolean dollarQuotes) {
        Scanner scanner = new Scanner(s, 0, backslashEscapes, dollarQuotes);
        int c;
        while ((c = scanner.nextCodeChar()) >= 0) {
            if (c == ';') {
                return scanner.position - 1;
            }
        }
        return -1;
    }

    /** Walks the text, handing out only characters that are SQL code (not literal, identifier or comment). */
    private static final class Scanner {
        private final String s;
        private final boolean backslashEscapes;
        private final boolean dollarQuotes;
        int position;

        Scanner(String s, int from, boolean backslashEscapes, boolean dollarQuotes) {
            this.s = s;
            this.position = from;
            this.backslashEscapes = backslashEscapes;
            this.dollarQuotes = dollarQuotes;
        }

        /** The next code character, or -1 at the end; an unclosed literal or comment runs to the end. */
        int nextCodeChar() {
            int n = s.length();
            while (position < n) {
                char c = s.charAt(position);
                if (c == '\'' || c == '"' || c == '`') {
                    skipQuoted(c);
                } else if (c == '-' && position + 1 < n && s.charAt(position + 1) == '-') {
                    skipLine();
                } else if (c == '#' && backslashEscapes) {
                    skipLine(); // MySQL's other line comment; read only under the MySQL-like reading
                } else if (c == '/' && position + 1 < n && s.charAt(position + 1) == '*') {
                    skipBlockComment();
                } else if (c == '$' && dollarQuotes && dollarTagAt(position) != null) {
                    skipDollarQuoted(dollarTagAt(position));
                } else {
                    position++;
                    return c;
                }
            }
            return -1;
        }

        private void skipQuoted(char quote) {
            int n = s.length();
            position++;
            while (position < n) {
                char c = s.charAt(position++);
                if (c == '\\' && backslashEscapes && quote != '`') {
                    position++;
                } else if (c == quote) {
                    if (position < n && s.charAt(position) == quote) {
                        position++; // doubled quote stands for itself
                    } else {
                        return;
                    }
                }
            }
        }

        private void skipLine() {
            int end = s.indexOf('\n', position);
            position = end < 0 ? s.length() : end + 1;
        }

        /** Block comments nest in PostgreSQL; counting nesting only ever hides less, never more, elsewhere. */
        private void skipBlockComment() {
            int n = s.length();
            int depth = 0;
            while (position < n) {
                if (s.startsWith("/*", position)) {
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
