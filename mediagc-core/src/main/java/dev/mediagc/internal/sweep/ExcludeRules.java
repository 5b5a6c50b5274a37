package dev.mediagc.internal.sweep;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * {@code --exclude} globs. A glob with a {@code /} is matched against the whole key
 * ({@code cache/**}); one without is matched against the file name at any depth ({@code *.tmp}).
 * {@code *} stays within a folder, {@code **} crosses folders. Public so discover's coverage judges
 * a key exactly as the sweep does.
 */
public final class ExcludeRules {

    private record Rule(String glob, PathMatcher matcher, boolean wholeKey) {
    }

    private final List<Rule> rules;

    public ExcludeRules(List<String> globs) {
        this.rules = globs.stream()
                .map(g -> new Rule(g, FileSystems.getDefault().getPathMatcher("glob:" + g), g.contains("/")))
                .toList();
    }

    public boolean excludes(String key) {
        if (rules.isEmpty()) {
            return false;
        }
        Path path;
        try {
            path = Path.of(key);
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
