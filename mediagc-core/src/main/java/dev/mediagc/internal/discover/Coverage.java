package dev.mediagc.internal.discover;

import dev.mediagc.internal.derive.DerivedRule;
import dev.mediagc.internal.derive.DerivedRules;
import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.MarkIncompleteException;
import dev.mediagc.StoreCoverage;
import dev.mediagc.internal.mark.MarkSet;
import dev.mediagc.internal.mark.Marker;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.internal.sweep.ExcludeRules;
import dev.mediagc.internal.sweep.SweepSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a configuration explains of a store: every object (or every object of a sample of keys)
 * classified as the sweep would, into referenced, kept by a derived rule, excluded, or
 * unexplained. It marks the configured references with the sweep's own {@link Marker} (read-only
 * transactions) and judges each key with the sweep's normaliser, {@link DerivedRules} and
 * {@link ExcludeRules}, in the sweep's order; it never takes the sweep lock, binds the store, writes
 * figures, a journal or a report: it only reads. Young objects are not set apart: an upload in
 * flight is unexplained here as it would be a young orphan there.
 *
 * <p>The unexplained objects are kept (up to a cap) for {@link LeftoverProposal} to group, and
 * {@link #with} re-judges them under more rules without marking again: a rule or an exclude can
 * only move an unexplained object, never one the references already explain.
 */
public final class Coverage implements StoreCoverage {

    /** Unexplained objects kept in memory at most; past it they are counted only. */
    public static final int DEFAULT_UNEXPLAINED_KEPT = 1_000_000;
    /** Folder names holding the most referenced objects, tried as the folder an original sits in. */
    static final int SIBLING_NAMES = 16;
    private static final int NAME_TABLE_LIMIT = 4096;
    /** The folder named for objects at the top of the store. */
    public static final String ROOT = "";


    private final boolean sample;
    private final long objects;
    private final long referenced;
    private final long derived;
    private final long excluded;
    private final long unexplainedCount;
    private final List<Unexplained> unexplained;
    private final Map<String, Long> derivedByRule;
    private final Map<String, Long> explainedByTopFolder;
    private final Map<String, Long> unexplainedByTopFolder;
    private final List<String> siblingNames;
    private final MarkSet marks;
    private final KeyNormalizer normalizer;

    private Coverage(Tallies t, MarkSet marks, KeyNormalizer normalizer) {
        this.sample = t.sample;
        this.objects = t.objects;
        this.referenced = t.referenced;
        this.derived = t.derived;
        this.excluded = t.excluded;
        this.unexplainedCount = t.unexplainedCount;
        this.unexplained = List.copyOf(t.unexplained);
        this.derivedByRule = Map.copyOf(t.derivedByRule);
        this.explainedByTopFolder = Map.copyOf(t.explainedByTopFolder);
        this.unexplainedByTopFolder = Map.copyOf(t.unexplainedByTopFolder);
        this.siblingNames = t.siblingNames != null ? t.siblingNames : t.referencedFolderNames.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(SIBLING_NAMES).map(Map.Entry::getKey).toList();
        this.marks = marks;
        this.normalizer = normalizer;
    }

    /** Marks the references of {@code settings} and judges every object its store lists. */
    public static Coverage measure(SweepSettings settings) throws IOException, MarkIncompleteException {
        return measure(settings, DEFAULT_UNEXPLAINED_KEPT);
    }

    /** As {@link #measure(SweepSettings)}, keeping at most {@code unexplainedKept} unexplained objects. */
    public static Coverage measure(SweepSettings settings, int unexplainedKept) throws IOException, MarkIncompleteException {
        Marker.Result mark = mark(settings);
        Tallies tallies = new Tallies(settings, mark.marks(), false, unexplainedKept);
        dev.mediagc.internal.store.ManagedStore.of(settings.store()).list(new ListingVisitor() {
            /** The last key offered without attributes that neither the mark nor a rule explains. */
            private String neither;

            @Override
            public boolean acceptWithoutAttributes(String rawKey) {
                if (tallies.explainedWithoutAttributes(rawKey)) {
                    return true;
                }
                neither = rawKey;
                return false;
            }

            @Override
            public void object(StoredObject object) {
                tallies.judge(object.key(), object.key().equals(neither));
            }
        });
        return new Coverage(tallies, mark.marks(), settings.normalizer());
    }

    /**
     * Marks the references of {@code settings} and judges the given keys, a sample of the store's
     * (or all of them): the shares are then estimates for the whole store.
     */
    public static Coverage measureSample(SweepSettings settings, Iterable<String> sampledKeys)
            throws MarkIncompleteException {
        Marker.Result mark = mark(settings);
        Tallies tallies = new Tallies(settings, mark.marks(), true, DEFAULT_UNEXPLAINED_KEPT);
        for (String key : sampledKeys) {
            tallies.judge(key, false);
        }
        return new Coverage(tallies, mark.marks(), settings.normalizer());
    }

    private static Marker.Result mark(SweepSettings settings) throws MarkIncompleteException {
        return new Marker(settings.sources(), settings.normalizer(), settings.allowEmptySource(), settings.progress()).mark();
    }

    /**
     * These figures with more derived rules and excludes added after the configured ones, as a
     * sweep reading them all would judge: only unexplained objects can move. Unexplained objects
     * past the cap stay unexplained (the figures are then a lower bound of what the rules explain).
     */
    @Override
    public Coverage with(List<String> moreDerivedRules, List<String> moreExcludes) {
        DerivedRules rules = DerivedRules.of(moreDerivedRules.stream().map(DerivedRule::parse).toList(), normalizer);
        ExcludeRules excludes = new ExcludeRules(moreExcludes, normalizer.ignoresCase());
        Tallies t = new Tallies(sample);
        t.objects = objects;
        t.referenced = referenced;
        t.derived = derived;
        t.excluded = excluded;
        t.unexplainedCount = unexplainedCount;
        t.derivedByRule.putAll(derivedByRule);
        t.explainedByTopFolder.putAll(explainedByTopFolder);
        t.unexplainedByTopFolder.putAll(unexplainedByTopFolder);
        t.siblingNames = siblingNames;
        for (Unexplained u : unexplained) {
            DerivedRule keeper = u.key() == null ? null : rules.keeper(u.key(), marks);
            if (keeper == null && !excludes.excludes(u.raw())) {
                t.unexplained.add(u);
                continue;
            }
            t.unexplainedCount--;
            t.unexplainedByTopFolder.merge(topFolder(u.raw()), -1L, Long::sum);
            t.unexplainedByTopFolder.values().removeIf(n -> n == 0);
            if (keeper != null) {
                t.derived++;
                t.derivedByRule.merge(keeper.text(), 1L, Long::sum);
                t.explainedByTopFolder.merge(topFolder(u.raw()), 1L, Long::sum);
            } else {
                t.excluded++;
            }
        }
        return new Coverage(t, marks, normalizer);
    }

    /** Whether the keys judged were a sample of the store's rather than its whole listing. */
    @Override
    public boolean sample() {
        return sample;
    }

    /** Objects judged (listed, or sampled). */
    @Override
    public long objects() {
        return objects;
    }

    @Override
    public long referenced() {
        return referenced;
    }

    /** Objects no reference names that a derived rule keeps. */
    @Override
    public long derived() {
        return derived;
    }

    @Override
    public long excluded() {
        return excluded;
    }

    @Override
    public long unexplainedCount() {
        return unexplainedCount;
    }

    /** The unexplained objects kept, in listing order (all of them unless past the cap). */
    @Override
    public List<Unexplained> unexplained() {
        return unexplained;
    }

    /** Whether more objects were unexplained than were kept. */
    @Override
    public boolean unexplainedCapped() {
        return unexplained.size() < unexplainedCount;
    }

    /** Objects each derived rule kept, by the rule's text. */
    @Override
    public Map<String, Long> derivedByRule() {
        return derivedByRule;
    }

    /** Unexplained objects by top folder ({@code cache/}, {@link #ROOT} for the top), most first. */
    @Override
    public Map<String, Long> unexplainedByTopFolder() {
        Map<String, Long> sorted = new LinkedHashMap<>();
        unexplainedByTopFolder.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Objects of a top folder the references or the rules explain: none means the database never names that folder. */
    @Override
    public long explainedIn(String topFolder) {
        return explainedByTopFolder.getOrDefault(topFolder, 0L);
    }

    /** The top folders holding at least one object the references or the rules explain. */
    @Override
    public java.util.Set<String> explainedTopFolders() {
        java.util.Set<String> folders = new java.util.TreeSet<>();
        explainedByTopFolder.forEach((folder, count) -> {
            if (count > 0) {
                folders.add(folder);
            }
        });
        return folders;
    }

    /** Share of the objects referenced or kept by a rule. */
    @Override
    public double explainedShare() {
        return share(referenced + derived);
    }

    @Override
    public double unexplainedShare() {
        return share(unexplainedCount);
    }

    private double share(long n) {
        return objects == 0 ? 0 : (double) n / objects;
    }

    /** The folder names that hold the most referenced objects, for finding style folders beside them. */
    List<String> siblingNames() {
        return siblingNames;
    }

    MarkSet marks() {
        return marks;
    }

    KeyNormalizer normalizer() {
        return normalizer;
    }

    /** Whether the normal form {@code key} is referenced (no side effect beyond the seen bit). */
    boolean isReferenced(String key) {
        return key != null && marks.contains(KeyHash.of(key));
    }

    /**
     * One line: "the references explain 97.1% of the 1,234 objects (93.0% referenced, 4.1% kept by
     * derived rules); 0.4% excluded; 2.5% unexplained (31), by folder: cache/ 20, photos/ 11".
     */
    @Override
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "the references explain %s of the %,d %s (%s referenced, %s kept by "
                        + "derived rules); %s excluded; %s unexplained (%,d)", percent(explainedShare()), objects,
                sample ? "sampled objects (shares are estimates for the store)" : "objects", percent(share(referenced)),
                percent(share(derived)), percent(share(excluded)), percent(unexplainedShare()), unexplainedCount));
        Map<String, Long> folders = unexplainedByTopFolder();
        if (!folders.isEmpty()) {
            text.append(", by folder: ");
            int shown = 0;
            for (Map.Entry<String, Long> e : folders.entrySet()) {
                if (shown == 8) {
                    text.append(String.format(Locale.ROOT, ", %d more folder(s)", folders.size() - shown));
                    break;
                }
                text.append(shown++ == 0 ? "" : ", ").append(folderName(e.getKey()))
                        .append(String.format(Locale.ROOT, " %,d", e.getValue()));
            }
        }
        return text.toString();
    }

    /**
     * The coverage behind {@code coverage}: {@link dev.mediagc.MediaGc#coverage} always measures
     * one of these, and the proposals of what is left need its marks.
     */
    public static Coverage of(StoreCoverage coverage) {
        if (coverage instanceof Coverage measured) {
            return measured;
        }
        throw new IllegalArgumentException("not a coverage measured by mediagc: " + coverage.getClass().getName());
    }

    /** A top folder as shown: {@code cache/}, or {@code (top)} for objects at the top of the store. */
    public static String folderName(String topFolder) {
        return topFolder.equals(ROOT) ? "(top)" : topFolder;
    }

    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** The first folder of a raw key with its slash ({@code cache/}), or {@link #ROOT}. */
    static String topFolder(String rawKey) {
        int slash = rawKey.indexOf('/');
        return slash < 0 ? ROOT : rawKey.substring(0, slash + 1);
    }

    /** Counts while judging; judges one key as the sweep's listing does. */
    private static final class Tallies {
        final boolean sample;
        long objects;
        long referenced;
        long derived;
        long excluded;
        long unexplainedCount;
        final List<Unexplained> unexplained = new ArrayList<>();
        final Map<String, Long> derivedByRule = new TreeMap<>();
        final Map<String, Long> explainedByTopFolder = new TreeMap<>();
        final Map<String, Long> unexplainedByTopFolder = new TreeMap<>();
        final Map<String, Long> referencedFolderNames = new LinkedHashMap<>();
        /** Set when re-judging: the names found by the first listing. */
        List<String> siblingNames;
        private final SweepSettings settings;
        private final MarkSet marks;
        private final ExcludeRules excludes;
        private final int unexplainedKept;

        Tallies(boolean sample) {
            this.sample = sample;
            this.settings = null;
            this.marks = null;
            this.excludes = null;
            this.unexplainedKept = Integer.MAX_VALUE;
        }

        Tallies(SweepSettings settings, MarkSet marks, boolean sample, int unexplainedKept) {
            this.sample = sample;
            this.settings = settings;
            this.marks = marks;
            this.excludes = settings.excludeRules();
            this.unexplainedKept = unexplainedKept;
        }

        /** Counts the key if the mark or a rule explains it, which needs no attributes; false otherwise. */
        boolean explainedWithoutAttributes(String rawKey) {
            String key = settings.normalizer().normalize(rawKey);
            if (key == null) {
                return false;
            }
            if (marks.recordSeen(KeyHash.of(key)) != MarkSet.Match.ABSENT) {
                objects++;
                countReferenced(rawKey, key);
                return true;
            }
            DerivedRule keeper = settings.derivedRules().keeper(key, marks);
            if (keeper != null) {
                objects++;
                countDerived(rawKey, keeper);
                return true;
            }
            return false;
        }

        /** Judges a key; {@code neitherMarkedNorDerived} when that was just found for it. */
        void judge(String rawKey, boolean neitherMarkedNorDerived) {
            if (!neitherMarkedNorDerived && explainedWithoutAttributes(rawKey)) {
                return;
            }
            objects++;
            if (excludes.excludes(rawKey)) {
                excluded++;
                return;
            }
            unexplainedCount++;
            unexplainedByTopFolder.merge(topFolder(rawKey), 1L, Long::sum);
            if (unexplained.size() < unexplainedKept) {
                unexplained.add(new Unexplained(rawKey, settings.normalizer().normalize(rawKey)));
            }
        }

        private void countReferenced(String rawKey, String key) {
            referenced++;
            explainedByTopFolder.merge(topFolder(rawKey), 1L, Long::sum);
            int slash = key.lastIndexOf('/');
            if (slash > 0) {
                String folderName = key.substring(key.lastIndexOf('/', slash - 1) + 1, slash);
                if (referencedFolderNames.containsKey(folderName) || referencedFolderNames.size() < NAME_TABLE_LIMIT) {
                    referencedFolderNames.merge(folderName, 1L, Long::sum);
                }
            }
        }

        private void countDerived(String rawKey, DerivedRule keeper) {
            derived++;
            derivedByRule.merge(keeper.text(), 1L, Long::sum);
            explainedByTopFolder.merge(topFolder(rawKey), 1L, Long::sum);
        }
    }
}
