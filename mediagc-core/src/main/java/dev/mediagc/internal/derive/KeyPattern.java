package dev.mediagc.internal.derive;

import dev.mediagc.DerivedRuleException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One side of a derived rule: literal text, named placeholders ({@code {stem}}), and on the
 * derived side the globs {@code *} (within one folder, maybe empty) and {@code **} (across
 * folders, maybe empty). A placeholder matches one or more characters: without {@code /}, except
 * the path-like ones ({@code {path}}, {@code {dir}}, {@code {key}} and any name ending in
 * {@code path} or {@code dir}) which may span folders; {@code {ext}} holds no dot either. A
 * path-like placeholder just before a {@code /} may also match nothing, slash included, so
 * {@code {dir}/{stem}.{ext}} names {@code photo.jpg} at the root as well as {@code 2024/05/photo.jpg}.
 *
 * <p>{@link #bindings} finds every way a key matches, not only the first: {@code my-photo-150x150.jpg}
 * against {@code {stem}-*.{ext}} binds stem to {@code my} and to {@code my-photo}, and either owner
 * may be the referenced one. Backslash escapes {@code \{ \} \* \\}.
 */
final class KeyPattern {

    /** Matching steps allowed per key; a pattern that needs more for one key keeps the key. */
    static final int STEP_BUDGET = 20_000;
    /** Distinct bindings enumerated per key; more and the key is kept rather than half-checked. */
    static final int MAX_BINDINGS = 64;

    sealed interface Token permits Literal, Placeholder, Star, DoubleStar {
    }

    record Literal(String text) implements Token {
    }

    /**
     * @param emptyBeforeSlash may match nothing, together with the {@code /} that follows it
     */
    record Placeholder(String name, boolean pathLike, boolean noDot, boolean emptyBeforeSlash) implements Token {
    }

    record Star() implements Token {
    }

    record DoubleStar() implements Token {
    }

    /** Thrown when a key needs more steps or bindings than allowed: the caller keeps the key. */
    static final class TooAmbiguous extends Exception {
        TooAmbiguous() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private final List<Token> tokens;

    private KeyPattern(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = List.copyOf(tokens);
    }

    String text() {
        return text;
    }

    List<Token> tokens() {
        return tokens;
    }

    /** Placeholder names in order of first appearance. */
    Set<String> placeholderNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Token t : tokens) {
            if (t instanceof Placeholder p) {
                names.add(p.name());
            }
        }
        return names;
    }

    boolean hasGlob() {
        return tokens.stream().anyMatch(t -> t instanceof Star || t instanceof DoubleStar);
    }

    static boolean isPathLike(String name) {
        return name.equals("key") || name.endsWith("path") || name.endsWith("dir");
    }

    /** Parses one side; {@code side} names it in error messages. */
    static KeyPattern parse(String text, String side) {
        if (text.isEmpty()) {
            throw new DerivedRuleException("the " + side + " side is empty");
        }
        List<Token> tokens = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 >= text.length() || "{}*\\".indexOf(text.charAt(i + 1)) < 0) {
                    throw new DerivedRuleException("the " + side + " side has a '\\' that escapes nothing at position "
                            + (i + 1) + "; write \\{ \\} \\* or \\\\");
                }
                literal.append(text.charAt(++i));
            } else if (c == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new DerivedRuleException("the " + side + " side opens a placeholder '{' at position " + (i + 1)
                            + " and never closes it");
                }
                String name = text.substring(i + 1, close);
                if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                    throw new DerivedRuleException("'{" + name + "}' on the " + side + " side is not a placeholder: "
                            + "names are letters, digits and _, starting with a letter, e.g. {stem}");
                }
                flush(literal, tokens);
                if (!tokens.isEmpty() && tokens.get(tokens.size() - 1) instanceof Placeholder before
                        && before.pathLike() && isPathLike(name)) {
                    throw new DerivedRuleException("{" + before.name() + "}{" + name + "} on the " + side
                            + " side: two placeholders that may span folders cannot touch; put a / or text between them");
                }
                tokens.add(new Placeholder(name, isPathLike(name), name.equals("ext"), false));
                i = close;
            } else if (c == '}') {
                throw new DerivedRuleException("the " + side + " side has a '}' without its '{' at position " + (i + 1));
            } else if (c == '*') {
                flush(literal, tokens);
                if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    if (i + 2 < text.length() && text.charAt(i + 2) == '*') {
                        throw new DerivedRuleException("the " + side + " side has '***'; use * (within a folder) or ** "
                                + "(across folders)");
                    }
                    tokens.add(new DoubleStar());
                    i++;
                } else {
                    tokens.add(new Star());
                }
            } else {
                literal.append(c);
            }
        }
        flush(literal, tokens);
        // A path-like placeholder right before a "/" may stand for nothing: {dir}/x.jpg names x.jpg too.
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i) instanceof Placeholder p && p.pathLike()
                    && tokens.get(i + 1) instanceof Literal next && next.text().startsWith("/")) {
                tokens.set(i, new Placeholder(p.name(), true, p.noDot(), true));
            }
        }
        return new KeyPattern(text, tokens);
    }

    private static void flush(StringBuilder literal, List<Token> tokens) {
        if (!literal.isEmpty()) {
            tokens.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /**
     * Every distinct binding of placeholders under which {@code key} matches the whole pattern;
     * empty when it does not match. Literals compare ignoring case when asked.
     */
    List<Map<String, String>> bindings(String key, boolean ignoreCase) throws TooAmbiguous {
        Matcher matcher = new Matcher(key, ignoreCase);
        matcher.match(0, 0);
        return matcher.results;
    }

    /** Renders the pattern (an owner side: no globs) with the placeholders bound. */
    String render(Map<String, String> binding) {
        StringBuilder out = new StringBuilder();
        boolean skipSlash = false;
        for (Token t : tokens) {
            if (t instanceof Literal l) {
                out.append(skipSlash && l.text().startsWith("/") ? l.text().substring(1) : l.text());
                skipSlash = false;
            } else if (t instanceof Placeholder p) {
                String value = binding.get(p.name());
                out.append(value);
                skipSlash = value.isEmpty();
            }
        }
        return out.toString();
    }

    private final class Matcher {
        private final String key;
        private final boolean ignoreCase;
        private final Map<String, String> bound = new HashMap<>();
        private final List<Map<String, String>> results = new ArrayList<>();
        private int steps;

        Matcher(String key, boolean ignoreCase) {
            this.key = key;
            this.ignoreCase = ignoreCase;
        }

        void match(int tokenIndex, int pos) throws TooAmbiguous {
            if (++steps > STEP_BUDGET) {
                throw new TooAmbiguous();
            }
            if (tokenIndex == tokens.size()) {
                if (pos == key.length() && !results.contains(bound)) {
                    if (results.size() == MAX_BINDINGS) {
                        throw new TooAmbiguous();
                    }
                    results.add(Map.copyOf(bound));
                }
                return;
            }
            Token token = tokens.get(tokenIndex);
            if (token instanceof Literal l) {
                if (key.regionMatches(ignoreCase, pos, l.text(), 0, l.text().length())) {
                    match(tokenIndex + 1, pos + l.text().length());
                }
            } else if (token instanceof Placeholder p) {
                matchPlaceholder(p, tokenIndex, pos);
            } else {
                boolean crossesFolders = token instanceof DoubleStar;
                for (int end = pos; end <= key.length(); end++) {
                    match(tokenIndex + 1, end);
                    if (end < key.length() && key.charAt(end) == '/' && !crossesFolders) {
                        break;
                    }
                }
            }
        }

        private void matchPlaceholder(Placeholder p, int tokenIndex, int pos) throws TooAmbiguous {
            String already = bound.get(p.name());
            if (already != null) {
                // The same name twice binds the same text: {a}/{b}/{a}{b}{rest} ties folders to the name.
                if (already.isEmpty()) {
                    skipEmpty(tokenIndex, pos);
                } else if (key.regionMatches(ignoreCase, pos, already, 0, already.length())) {
                    match(tokenIndex + 1, pos + already.length());
                }
                return;
            }
            if (p.emptyBeforeSlash()) {
                bound.put(p.name(), "");
                skipEmpty(tokenIndex, pos);
                bound.remove(p.name());
            }
            for (int end = pos + 1; end <= key.length(); end++) {
                char last = key.charAt(end - 1);
                if ((last == '/' && !p.pathLike()) || (last == '.' && p.noDot())) {
                    break;
                }
                bound.put(p.name(), key.substring(pos, end));
                match(tokenIndex + 1, end);
                bound.remove(p.name());
            }
        }

        /** An empty path-like placeholder takes the slash after it with it. */
        private void skipEmpty(int tokenIndex, int pos) throws TooAmbiguous {
            if (tokenIndex + 1 < tokens.size() && tokens.get(tokenIndex + 1) instanceof Literal next
                    && next.text().startsWith("/")) {
                if (key.regionMatches(ignoreCase, pos, next.text(), 1, next.text().length() - 1)) {
                    match(tokenIndex + 2, pos + next.text().length() - 1);
                }
            } else {
                match(tokenIndex + 1, pos);
            }
        }
    }
}
