package dev.mediagc.internal.discover;

import dev.mediagc.StoreCoverage;
import dev.mediagc.internal.derive.DerivedRule;
import dev.mediagc.DerivedRuleException;
import dev.mediagc.internal.derive.DerivedRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to do about the objects a configuration leaves unexplained. First derived rules: the
 * patterns {@link DerivedPatternHints} sees beside referenced keys, each checked with the real
 * {@link DerivedRules} against the objects still unexplained and proposed only when it explains
 * at least {@link #MIN_EXPLAINED} of them (so two orphans that happen to be named
 * {@code photo-2.jpg} make no rule), most explaining first, each counted on what the rules before
 * it left. Then the rest by top folder: a top folder in which nothing is referenced or derived
 * (by the configured or the proposed rules) is a folder the database never names (a cache, a
 * plugin's files) and is proposed as an exclude, but only when it holds at least
 * {@link #MIN_EXPLAINED} objects and its name is not shaped like a folder that does hold
 * referenced objects: uploads filed by date ({@code 2023-01/}, {@code 2024/}) put every orphan of
 * a month into a folder of its own, and an exclude there would hide exactly what the sweep is
 * for. A top folder that also holds referenced objects holds uploads, and its unexplained objects
 * are what a sweep is for (orphans, or references discover did not find), so no exclude is
 * proposed there either.
 *
 * <p>Both kinds of proposal can only keep files. {@link #after()} is the coverage with them added.
 */
public final class LeftoverProposal {

    /** A rule must explain at least this many unexplained objects to be proposed. */
    public static final int MIN_EXPLAINED = 3;
    static final int SAMPLES = 3;

    /** A validated derived rule: how many unexplained objects it explains, and examples beside their owners. */
    public record ProposedRule(String rule, long explained, List<String> samples, List<String> owners) {
    }

    /** An exclude for a top folder nothing in which is referenced or derived. */
    public record ProposedExclude(String glob, String folder, long objects, List<String> samples) {
    }

    /** A top folder whose unexplained objects sit beside referenced ones: left to the sweep. */
    public record LeftFolder(String folder, long unexplained, long explained, List<String> samples) {
    }

    private final List<ProposedRule> rules;
    private final List<ProposedExclude> excludes;
    private final List<LeftFolder> leftFolders;
    private final Coverage after;

    private LeftoverProposal(List<ProposedRule> rules, List<ProposedExclude> excludes, List<LeftFolder> leftFolders,
                             Coverage after) {
        this.rules = List.copyOf(rules);
        this.excludes = List.copyOf(excludes);
        this.leftFolders = List.copyOf(leftFolders);
        this.after = after;
    }

    public static LeftoverProposal of(StoreCoverage measured) {
        Coverage coverage = Coverage.of(measured);
        List<Coverage.Unexplained> pool = new ArrayList<>(coverage.unexplained());
        List<ProposedRule> rules = proposeRules(coverage, pool);
        // A folder the rules explain objects in holds derived files of the database's files: what is
        // left there are derived files of orphans, for the sweep, not a folder to exclude.
        Coverage withRules = coverage.with(rules.stream().map(ProposedRule::rule).toList(), List.of());
        Map<String, List<Coverage.Unexplained>> byFolder = new HashMap<>();
        for (Coverage.Unexplained u : pool) {
            byFolder.computeIfAbsent(Coverage.topFolder(u.raw()), f -> new ArrayList<>()).add(u);
        }
        java.util.Set<String> uploadShapes = new java.util.HashSet<>();
        withRules.explainedTopFolders().forEach(folder -> uploadShapes.add(shape(folder)));
        List<ProposedExclude> excludes = new ArrayList<>();
        List<LeftFolder> left = new ArrayList<>();
        byFolder.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<Coverage.Unexplained>> e) -> e.getValue().size())
                        .reversed().thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    String folder = e.getKey();
                    List<String> samples = e.getValue().stream().limit(SAMPLES).map(Coverage.Unexplained::raw).toList();
                    long explained = withRules.explainedIn(folder);
                    // Objects at the top share no folder: an exclude for them would be '*', every name at any depth.
                    boolean separateFolder = explained == 0 && e.getValue().size() >= MIN_EXPLAINED
                            && !uploadShapes.contains(shape(folder));
                    if (!folder.equals(Coverage.ROOT) && separateFolder) {
                        excludes.add(new ProposedExclude(globFor(folder), folder, e.getValue().size(), samples));
                    } else {
                        left.add(new LeftFolder(folder, e.getValue().size(), explained, samples));
                    }
                });
        Coverage after = coverage.with(rules.stream().map(ProposedRule::rule).toList(),
                excludes.stream().map(ProposedExclude::glob).toList());
        return new LeftoverProposal(rules, excludes, left, after);
    }

    /**
     * Greedy: the hinted rules, most hinted first, each kept when the real rule explains enough of
     * the objects still unexplained; what it explains leaves the pool.
     */
    private static List<ProposedRule> proposeRules(Coverage coverage, List<Coverage.Unexplained> pool) {
        DerivedPatternHints hints = new DerivedPatternHints(coverage);
        Map<String, Long> hinted = new LinkedHashMap<>();
        for (Coverage.Unexplained u : pool) {
            if (u.key() != null) {
                hints.of(u.key()).forEach(h -> hinted.merge(h.rule(), 1L, Long::sum));
            }
        }
        List<String> order = hinted.entrySet().stream().filter(e -> e.getValue() >= MIN_EXPLAINED)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        List<ProposedRule> proposed = new ArrayList<>();
        for (String text : order) {
            DerivedRules rule;
            try {
                rule = DerivedRules.of(List.of(DerivedRule.parse(text)), coverage.normalizer());
            } catch (DerivedRuleException e) {
                continue; // a hint the rule syntax cannot say (an odd folder name): not proposed
            }
            List<Coverage.Unexplained> explained = pool.stream()
                    .filter(u -> u.key() != null && rule.keeper(u.key(), coverage.marks()) != null).toList();
            if (explained.size() < MIN_EXPLAINED) {
                continue;
            }
            List<String> samples = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            for (Coverage.Unexplained u : explained.subList(0, Math.min(SAMPLES, explained.size()))) {
                samples.add(u.raw());
                owners.add(rule.ownersOf(u.key()).stream().map(DerivedRules.Owner::key)
                        .filter(coverage::isReferenced).findFirst().orElse("?"));
            }
            proposed.add(new ProposedRule(rule.rules().get(0).text(), explained.size(), samples, owners));
            Set<Coverage.Unexplained> gone = new HashSet<>(explained);
            pool.removeIf(gone::contains);
        }
        return proposed;
    }

    /** A folder name with each run of digits as one {@code 0}: {@code 2023-01/} and {@code 2024-12/} share a shape. */
    static String shape(String topFolder) {
        return topFolder.replaceAll("[0-9]+", "0");
    }

    /** {@code cache/} as the exclude {@code cache/**}, glob characters in the name escaped. */
    static String globFor(String topFolder) {
        StringBuilder glob = new StringBuilder();
        for (char c : topFolder.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                glob.append('\\');
            }
            glob.append(c);
        }
        return glob.append("**").toString();
    }

    public List<ProposedRule> derivedRules() {
        return rules;
    }

    public List<ProposedExclude> excludes() {
        return excludes;
    }

    /** Top folders whose unexplained objects are left to the sweep, most first. */
    public List<LeftFolder> leftFolders() {
        return leftFolders;
    }

    /** The coverage with the proposed rules and excludes added to the configuration's. */
    public Coverage after() {
        return after;
    }
}
