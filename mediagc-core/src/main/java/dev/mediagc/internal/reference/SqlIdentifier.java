package dev.mediagc.internal.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A dotted name such as {@code profile.avatar}, {@code public.profile.avatar} or
 * {@code "Media"."FileName"}. Quoted parts keep their exact case; unquoted parts are folded the
 * way the database folds unquoted names, exactly as in the application's own SQL. Every part is
 * rendered quoted ({@link IdentifierQuoting}), so reserved words ({@code key}, {@code order}) work
 * as names; unquoted parts must be plain identifiers, so nothing a user types can turn into SQL.
 */
public record SqlIdentifier(List<Part> parts) {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /** One segment of a dotted name. */
    public record Part(String name, boolean quoted) {
        String render(IdentifierQuoting quoting) {
            return quoted ? quoting.exact(name) : quoting.folded(name);
        }
    }

    public SqlIdentifier {
        parts = List.copyOf(parts);
    }

    /** Parses {@code TABLE.COLUMN} or {@code SCHEMA.TABLE.COLUMN}, quotes {@code "} or {@code `}. */
    public static SqlIdentifier parseColumn(String text) {
        List<Part> parts = parse(text);
        if (parts.size() < 2 || parts.size() > 3) {
            throw new IllegalArgumentException("reference '" + text
                    + "' must be TABLE.COLUMN or SCHEMA.TABLE.COLUMN");
        }
        return new SqlIdentifier(parts);
    }

    private static List<Part> parse(String text) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i <= n) {
            if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '`')) {
                char quote = text.charAt(i);
                StringBuilder name = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("reference '" + text + "' has an unclosed " + quote);
                    }
                    char c = text.charAt(i);
                    if (c == quote) {
                        if (i + 1 < n && text.charAt(i + 1) == quote) {
                            name.append(quote);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    name.append(c);
                    i++;
                }
                if (name.length() == 0) {
                    throw new IllegalArgumentException("reference '" + text + "' has an empty quoted name");
                }
                parts.add(new Part(name.toString(), true));
            } else {
                int end = text.indexOf('.', i);
                if (end < 0) {
                    end = n;
                }
                String name = text.substring(i, end).strip();
                if (!PLAIN.matcher(name).matches()) {
                    throw new IllegalArgumentException("reference '" + text + "': '" + name
                            + "' is not a plain identifier; quote it like \"" + name + "\"");
                }
                parts.add(new Part(name, false));
                i = end;
            }
            if (i >= n) {
                break;
            }
            if (text.charAt(i) != '.') {
                throw new IllegalArgumentException("reference '" + text + "': expected '.' at position " + (i + 1));
            }
            i++;
            if (i == n) {
                throw new IllegalArgumentException("reference '" + text + "' ends with '.'");
            }
        }
        return parts;
    }

    public Part column() {
        return parts.get(parts.size() - 1);
    }

    /** The table, schema-qualified when given, every part quoted the database's way. */
    public String renderTable(IdentifierQuoting quoting) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size() - 1; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(parts.get(i).render(quoting));
        }
        return sb.toString();
    }

    public String renderColumn(IdentifierQuoting quoting) {
        return column().render(quoting);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(part.quoted() ? '"' + part.name() + '"' : part.name());
        }
        return sb.toString();
    }
}
