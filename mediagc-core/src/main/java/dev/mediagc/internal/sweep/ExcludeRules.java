package dev.mediagc.internal.sweep;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;

/**
 * {@code --exclude} globs. A glob with a {@code /} is matched against the whole key
 * ({@code cache/**}); one without is matched against the file name at any depth ({@code *.tmp}).
 * {@code *} stays within a folder, {@code **} crosses folders. A run that ignores letter case (asked
 * to, or on a store that folds it) matches them ignoring case too: there {@code cache/**} also
 * names a folder listed as {@code Cache/}, which the application reaches as {@code cache/}. Public so
 * discover's coverage and the Spark job judge a key exactly as the sweep does.
 */
public final class ExcludeRules {

    private record Rule(String glob, PathMatcher matcher, boolean wholeKey) {
    }

    private final List<Rule> rules;
    private final boolean ignoreCase;

    /** Globs matched as written, letter case included. */
    public ExcludeRules(List<String> globs) {
        this(globs, false);
    }

    /** With {@code ignoreCase}, globs and keys are compared lower-cased (as the run's matching is). */
    public ExcludeRules(List<String> globs, boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
        this.rules = globs.stream()
                .map(g -> ignoreCase ? g.toLowerCase(Locale.ROOT) : g)
                .map(g -> new Rule(g, FileSystems.getDefault().getPathMatcher("glob:" + g), g.contains("/")))
                .toList();
    }

    public boolean excludes(String key) {
        if (rules.isEmpty()) {
            return false;
        }
        Path path;
        try {
            path = Path.of(ignoreCase ? key.toLowerCase(Locale.ROOT) : key);
        } catch (InvalidPathException e) {
            return true; // a key no rule can be checked against is kept, not acted on
        }
        Path name = path.getFileName();
        for (Rule rule : rules) {
            if (rule.matcher().matches(rule.wholeKey() || name == null ? path : name)) {
                return true;
            }
        }
        return false;
    }
}
