package dev.mediagc.internal.reference.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of JSONPath that names where file keys sit in a document, matched against the path of
 * each node while the document streams past (no tree is built):
 * {@code $}, {@code .name}, {@code ['name']}, {@code .*}, {@code [*]}, {@code [2]} and the
 * recursive {@code ..name} / {@code ..*} / {@code ..[*]}. Filters, slices and unions are refused
 * with a message rather than half supported.
 */
public final class JsonPath {

    /** One step; {@code anyDepth} for the steps written after {@code ..}. */
    private record Step(String field, int index, boolean anyChild, boolean anyDepth) {
        boolean matches(Object element) {
            if (anyChild) {
                return true;
            }
            if (field != null) {
                return field.equals(element);
            }
            return element instanceof Integer i && i == index;
        }
    }

    private final String text;
    private final List<Step> steps;

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is not supported. */
    public static JsonPath parse(String text) {
        String path = text == null ? "" : text.strip();
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("JSON path '" + text + "' must start with $, e.g. $.images[*].path");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        int n = path.length();
        while (i < n) {
            boolean anyDepth = false;
            char c = path.charAt(i);
            if (c == '.') {
                i++;
                if (i < n && path.charAt(i) == '.') {
                    anyDepth = true;
                    i++;
                }
                if (i < n && path.charAt(i) == '[') {
                    if (!anyDepth) {
                        throw unsupported(text, "'.[' (write [..] or .name)");
                    }
                    c = '[';
                } else {
                    int start = i;
                    while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
                        i++;
                    }
                    String name = path.substring(start, i);
                    if (name.isEmpty()) {
                        throw unsupported(text, "an empty name");
                    }
                    steps.add(name.equals("*") ? new Step(null, -1, true, anyDepth) : new Step(name, -1, false, anyDepth));
                    continue;
                }
            }
            if (c != '[') {
                throw unsupported(text, "'" + c + "' at position " + (i + 1));
            }
            int close = closingBracket(path, i, text);
            String inside = path.substring(i + 1, close).strip();
            i = close + 1;
            if (inside.equals("*")) {
                steps.add(new Step(null, -1, true, anyDepth));
            } else if (inside.matches("\\d{1,9}")) {
                steps.add(new Step(null, Integer.parseInt(inside), false, anyDepth));
            } else if (inside.length() >= 2 && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
                    && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
                steps.add(new Step(inside.substring(1, inside.length() - 1), -1, false, anyDepth));
            } else {
                throw unsupported(text, "[" + inside + "] (supported: [*], [N], ['name'])");
            }
        }
        return new JsonPath(path, steps);
    }

    private static int closingBracket(String path, int open, String text) {
        char quote = 0;
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ']') {
                return i;
            }
        }
        throw new IllegalArgumentException("JSON path '" + text + "' has an unclosed [");
    }

    private static IllegalArgumentException unsupported(String text, String what) {
        return new IllegalArgumentException("JSON path '" + text + "': " + what + " is not supported; use $, .name, "
                + "['name'], .*, [*], [N] and ..name");
    }

    /**
     * Whether the node at {@code path} (field names as strings, array positions as integers, root
     * first) is one this path selects.
     */
    public boolean selects(List<Object> path) {
        return matches(0, path, 0);
    }

    private boolean matches(int step, List<Object> path, int at) {
        if (step == steps.size()) {
            return at == path.size();
        }
        Step s = steps.get(step);
        if (!s.anyDepth()) {
            return at < path.size() && s.matches(path.get(at)) && matches(step + 1, path, at + 1);
        }
        for (int k = at; k < path.size(); k++) {
            if (s.matches(path.get(k)) && matches(step + 1, path, k + 1)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
