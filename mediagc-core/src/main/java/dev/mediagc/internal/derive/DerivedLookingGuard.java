package dev.mediagc.internal.derive;

import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.mark.MarkSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks for orphan candidates that sit beside referenced objects and look derived from them, the
 * sign that the references name only originals: {@code photo-150x150.jpg} beside a referenced
 * {@code photo.jpg}, {@code …/small/x.png} beside a referenced {@code …/original/x.png}, a folder
 * named by a referenced key ({@code va/ri/variants/KEY/…}), a referenced key's path under a few
 * more folders ({@code styles/thumbnail/public/2024/photo.jpg}). It groups them by the derived
 * rule that would keep them, so a refusal can name that rule.
 *
 * <p>Cheap by design: it is fed the normal forms of referenced objects during the listing (only
 * the name of the folder holding each is counted) and then the spooled candidates, and asks the
 * mark set a few dozen hashes per candidate. It never lists again and never changes a decision
 * by itself: it refuses the run or warns.
 */
public final class DerivedLookingGuard {

    /** Refused above this many derived-looking candidates (see DESIGN.md: one lost live file is the incident). */
    public static final int MAX_LOOKING = 5;
    /** ... or above this share of all candidates, whichever is larger, for very large sweeps. */
    public static final double MAX_LOOKING_SHARE = 0.001;
    /** Folder names holding the most referenced files, tried as the sibling an original sits in. */
    static final int SIBLING_NAMES = 16;
    /** Distinct folder names counted; later new names are not (the common ones show up early). */
    static final int NAME_TABLE_LIMIT = 4096;
    /** Distinct suggested rules kept; more are counted in the total only. */
    static final int GROUP_LIMIT = 1000;
    static final int SAMPLES = 3;
    private static final String SUFFIX_SEPARATORS = "-_@.";
    private static final int MAX_STEMS = 8;

    private final Map<String, long[]> referencedFolderNames = new HashMap<>();
    private List<String> siblingNames;
    /** The mark set the candidates are looked up in, and its look-up view for mostly absent keys. */
    private MarkSet probedSet;
    private MarkSet.Probe probe;
    /** Where each of the candidate's '/'-separated segments starts and ends, as String.split("/") cuts them. */
    private int[] segmentStarts = new int[16];
    private int[] segmentEnds = new int[16];
    /** The hash states of the owners in sibling folders, one per sibling name. */
    private long[] siblingStates = new long[SIBLING_NAMES];
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private long looking;
    private long candidates;

    /** One suggested rule, how many candidates it would keep, and examples. */
    public static final class Group {
        private final String rule;
        private long count;
        private final List<String> samples = new ArrayList<>();
        private final List<String> owners = new ArrayList<>();

        private Group(String rule) {
            this.rule = rule;
        }

        public String rule() { return rule; }
        public long count() { return count; }
        public List<String> samples() { return List.copyOf(samples); }
        public List<String> owners() { return List.copyOf(owners); }

        private void add(String sample, String owner, long n) {
            count += n;
            if (samples.size() < SAMPLES) {
                samples.add(sample);
                owners.add(owner);
            }
        }
    }

    /** A referenced object, by its normal form: the name of its folder is counted. */
    public void referenced(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        String folderName = key.substring(key.lastIndexOf('/', slash - 1) + 1, slash);
        long[] count = referencedFolderNames.get(folderName);
        if (count != null) {
            count[0]++;
        } else if (referencedFolderNames.size() < NAME_TABLE_LIMIT) {
            referencedFolderNames.put(folderName, new long[] {1});
        }
    }

    /** An orphan candidate: {@code rawKey} as listed, {@code key} its normal form. */
    public void candidate(String rawKey, String key, MarkSet marks) {
        candidates++;
        if (key == null) {
            return;
        }
        siblingNames();
        if (probedSet != marks) {
            probe = marks.probe();
            probedSet = marks;
        }
        Suggestion found = look(key, probe);
        if (found != null) {
            looking++;
            Group group = groups.get(found.rule());
            if (group == null && groups.size() < GROUP_LIMIT) {
                group = new Group(found.rule());
                groups.put(found.rule(), group);
            }
            if (group != null) {
                group.add(rawKey, found.owner(), 1);
            }
        }
    }

    /** The folder names tried as an original's sibling folder, fixed at the first candidate. */
    List<String> siblingNames() {
        if (siblingNames == null) {
            siblingNames = referencedFolderNames.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
                    .limit(SIBLING_NAMES).map(Map.Entry::getKey).toList();
        }
        return siblingNames;
    }

    /** The rule that would keep a candidate, and the referenced key it looks derived from. */
    record Suggestion(String rule, String owner) {
    }

    /*
     * The look-ups below hash each possible owner without building it as a String: the owners of
     * one candidate share their beginnings (its folder, its stem, the folders above it), so the
     * hash state after a shared beginning is kept and continued (KeyHash.feed). Strings are built
     * only for the owner found, to word the suggestion. The order of the look-ups, and so the
     * suggestion made, is that of the specification in DerivedLookingGuardEquivalenceTest.
     */

    Suggestion look(String key, MarkSet.Probe marks) {
        int length = key.length();
        int slash = key.lastIndexOf('/');
        int nameStart = slash + 1;
        int lastDot = key.lastIndexOf('.');
        int baseEnd = lastDot > nameStart ? lastDot : length;
        boolean inFolder = slash > 0;
        long dirState = inFolder ? KeyHash.feed(KeyHash.feed(KeyHash.start(), key, 0, slash), '/') : KeyHash.start();
        // photo-150x150.jpg, photo-scaled.jpg, photo@2x.jpg beside photo.jpg
        int stemEnd = stemWithSuffix(dirState, key, nameStart, baseEnd, marks);
        if (stemEnd >= 0) {
            return stemSuggestion(KeyParts.of(key).dir(), "", key, nameStart, stemEnd, baseEnd);
        }
        // photo.jpg.webp beside photo.jpg
        if (baseEnd < length && marks.contains(KeyHash.finish(KeyHash.feed(dirState, key, nameStart, baseEnd)))) {
            KeyParts parts = KeyParts.of(key);
            return new Suggestion("{dir}/{name}.* <- {dir}/{name}", join(parts.dir(), parts.base()));
        }
        if (inFolder) {
            Suggestion s = besideTheFolder(key, slash, nameStart, baseEnd, marks);
            if (s != null) {
                return s;
            }
        }
        return underAReferencedKey(key, marks);
    }

    /** 5/conversions/photo-thumb.jpg beside 5/photo.jpg; …/small/x.png beside …/original/x.png. */
    private Suggestion besideTheFolder(String key, int slash, int nameStart, int baseEnd, MarkSet.Probe marks) {
        int length = key.length();
        int parentSlash = key.lastIndexOf('/', slash - 1);
        boolean grandparentEmpty = parentSlash <= 0;
        long grandparentState = grandparentEmpty ? KeyHash.start()
                : KeyHash.feed(KeyHash.feed(KeyHash.start(), key, 0, parentSlash), '/');
        int stemEnd = stemWithSuffix(grandparentState, key, nameStart, baseEnd, marks);
        if (stemEnd >= 0) {
            KeyParts parts = KeyParts.of(key);
            return stemSuggestion(parts.grandparent(), escape(parts.folder()) + "/", key, nameStart, stemEnd, baseEnd);
        }
        int folderStart = parentSlash + 1;
        int folderLength = slash - folderStart;
        // The owners gp/SIBLING/name for every sibling at once: their hash states advance over the
        // name side by side, independent chains the processor runs in parallel, instead of one
        // name-long chain per sibling.
        List<String> siblings = siblingNames;
        int count = siblings.size();
        if (siblingStates.length < count) {
            siblingStates = new long[count];
        }
        long[] states = siblingStates;
        for (int k = 0; k < count; k++) {
            String sibling = siblings.get(k);
            long state = KeyHash.feed(grandparentState, sibling, 0, sibling.length());
            states[k] = grandparentEmpty && sibling.isEmpty() ? state : KeyHash.feed(state, '/');
        }
        for (int i = nameStart; i < length; i++) {
            char c = key.charAt(i);
            for (int k = 0; k < count; k++) {
                states[k] = KeyHash.feed(states[k], c);
            }
        }
        for (int k = 0; k < count; k++) {
            String sibling = siblings.get(k);
            if (sibling.length() == folderLength && key.regionMatches(folderStart, sibling, 0, folderLength)) {
                continue;
            }
            if (marks.contains(KeyHash.finish(states[k]))) {
                KeyParts parts = KeyParts.of(key);
                return new Suggestion("{path}/{style}/{name} <- {path}/" + escape(sibling) + "/{name}",
                        join(join(parts.grandparent(), sibling), parts.name()));
            }
        }
        return null;
    }

    /**
     * va/ri/variants/KEY/digest with KEY referenced; photo.jpg/thumb.png with photo.jpg referenced;
     * styles/thumbnail/public/2024/photo.jpg with 2024/photo.jpg referenced.
     */
    private Suggestion underAReferencedKey(String key, MarkSet.Probe marks) {
        int segments = cutSegments(key);
        long prefixState = KeyHash.start();
        boolean prefixEmpty = true;
        for (int i = 0; i < segments - 1; i++) {
            int from = segmentStarts[i];
            int to = segmentEnds[i];
            long folderKeyState = KeyHash.feed(prefixEmpty ? KeyHash.start() : KeyHash.feed(prefixState, '/'), key, from, to);
            if (marks.contains(KeyHash.finish(folderKeyState))) {
                return new Suggestion("{key}/** <- {key}", folderKey(key.split("/"), i));
            }
            if (i > 0 && marks.contains(KeyHash.finish(KeyHash.feed(KeyHash.start(), key, from, to)))) {
                return new Suggestion(escape(folderKey(key.split("/"), i - 1)) + "/{key}/** <- {key}",
                        key.substring(from, to));
            }
            prefixState = folderKeyState;
            prefixEmpty = prefixEmpty && from == to;
        }
        for (int i = 0; i < segments - 1; i++) {
            int at = segmentStarts[i + 1];
            if (marks.contains(KeyHash.finish(KeyHash.feed(KeyHash.start(), key, at, key.length())))) {
                return new Suggestion(escape(key.substring(0, at)) + "{path} <- {path}", key.substring(at));
            }
        }
        return null;
    }

    /** The segments as {@code key.split("/")} has them (trailing empty ones dropped); returns their count. */
    private int cutSegments(String key) {
        int count = 0;
        int from = 0;
        int slash;
        while ((slash = key.indexOf('/', from)) >= 0) {
            addSegment(count++, from, slash);
            from = slash + 1;
        }
        if (count == 0) {
            addSegment(0, 0, key.length());
            return 1;
        }
        addSegment(count++, from, key.length());
        while (count > 0 && segmentStarts[count - 1] == segmentEnds[count - 1]) {
            count--;
        }
        return count;
    }

    private void addSegment(int index, int from, int to) {
        if (index == segmentStarts.length) {
            segmentStarts = Arrays.copyOf(segmentStarts, index * 2);
            segmentEnds = Arrays.copyOf(segmentEnds, index * 2);
        }
        segmentStarts[index] = from;
        segmentEnds[index] = to;
    }

    /** The first {@code i + 1} segments joined, an empty leading one dropped as the look-up does. */
    private static String folderKey(String[] segments, int i) {
        StringBuilder prefix = new StringBuilder();
        for (int j = 0; j <= i; j++) {
            if (!prefix.isEmpty()) {
                prefix.append('/');
            }
            prefix.append(segments[j]);
        }
        return prefix.toString();
    }

    /**
     * The end of the first stem of the name's base (cut before one of -_@. after its first
     * character, at most MAX_STEMS tried) whose {@code stem + ext} after {@code folderState} is
     * marked, or -1.
     */
    private static int stemWithSuffix(long folderState, String key, int baseStart, int baseEnd, MarkSet.Probe marks) {
        int tried = 0;
        long stemState = baseEnd > baseStart ? KeyHash.feed(folderState, key.charAt(baseStart)) : folderState;
        for (int i = baseStart + 1; i < baseEnd && tried < MAX_STEMS; i++) {
            char c = key.charAt(i);
            if (SUFFIX_SEPARATORS.indexOf(c) >= 0) {
                tried++;
                if (marks.contains(KeyHash.finish(KeyHash.feed(stemState, key, baseEnd, key.length())))) {
                    return i;
                }
            }
            stemState = KeyHash.feed(stemState, c);
        }
        return -1;
    }

    private static Suggestion stemSuggestion(String dir, String subfolder, String key, int baseStart, int stemEnd,
                                             int baseEnd) {
        String ext = key.substring(baseEnd);
        String extPattern = ext.isEmpty() ? "" : ".{ext}";
        char c = key.charAt(stemEnd);
        return new Suggestion("{dir}/" + subfolder + "{stem}" + c + "*" + extPattern + " <- {dir}/{stem}" + extPattern,
                join(dir, key.substring(baseStart, stemEnd) + ext));
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** A literal in rule notation (discover writes its proposed rules with it too). */
    public static String escape(String literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if ("{}*\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** What the guard found, once every candidate was seen. */
    public Finding finish() {
        probe = null; // its filter (a byte or two per reference) is not needed past the look-ups
        probedSet = null;
        return new Finding(looking, candidates, merged());
    }

    /**
     * Suggestions that differ only in one literal folder of the derived side are one rule with a
     * placeholder there: styles/thumbnail/public/{path} and styles/medium/public/{path} are
     * styles/{style}/public/{path}.
     */
    private List<Group> merged() {
        List<Group> all = new ArrayList<>(groups.values());
        Map<String, List<Group>> byShape = new LinkedHashMap<>();
        for (Group g : all) {
            for (String shape : shapes(g.rule())) {
                byShape.computeIfAbsent(shape, s -> new ArrayList<>()).add(g);
            }
        }
        List<Map.Entry<String, List<Group>>> shared = byShape.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .sorted(Comparator.comparingLong((Map.Entry<String, List<Group>> e) ->
                        e.getValue().stream().mapToLong(Group::count).sum()).reversed())
                .toList();
        List<Group> result = new ArrayList<>();
        java.util.Set<Group> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Map.Entry<String, List<Group>> e : shared) {
            List<Group> members = e.getValue().stream().filter(g -> !used.contains(g)).toList();
            if (members.size() < 2) {
                continue;
            }
            Group merged = new Group(e.getKey());
            for (Group g : members) {
                used.add(g);
                merged.count += g.count;
                for (int i = 0; i < g.samples.size() && merged.samples.size() < SAMPLES; i++) {
                    merged.samples.add(g.samples.get(i));
                    merged.owners.add(g.owners.get(i));
                }
            }
            result.add(merged);
        }
        all.stream().filter(g -> !used.contains(g)).forEach(result::add);
        result.sort(Comparator.comparingLong(Group::count).reversed());
        return result;
    }

    /** The rule with each literal folder of its derived side in turn made a placeholder. */
    private static List<String> shapes(String rule) {
        int arrow = rule.indexOf(" " + DerivedRule.ARROW + " ");
        String[] folders = rule.substring(0, arrow).split("/", -1);
        String placeholder = rule.contains("{style}") ? "{variant}" : "{style}";
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < folders.length - 1; i++) {
            if (!folders[i].isEmpty() && !folders[i].contains("{") && !folders[i].contains("*")
                    && !folders[i].contains("\\")) {
                String[] copy = folders.clone();
                copy[i] = placeholder;
                shapes.add(String.join("/", copy) + rule.substring(arrow));
            }
        }
        return shapes;
    }

    /** The guard's verdict. */
    public record Finding(long looking, long candidates, List<Group> groups) {

        /** How many derived-looking candidates are let through without a refusal. */
        public long limit() {
            return Math.max(MAX_LOOKING, (long) (candidates * MAX_LOOKING_SHARE));
        }

        public boolean refuses() {
            return looking > limit();
        }

        /** One line: the count, the top patterns with samples, and the rules that would keep them. */
        public String message() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("%,d of %,d orphan candidates look derived from referenced files (thumbnails, "
                    + "sizes, styles, variants), over the %,d this guard lets through: the references seem to miss "
                    + "derived files; nothing was changed. ", looking, candidates, limit()));
            List<Group> top = groups.subList(0, Math.min(3, groups.size()));
            for (int i = 0; i < top.size(); i++) {
                Group g = top.get(i);
                out.append(i == 0 ? "" : "; ").append(String.format("%,d like ", g.count()));
                for (int s = 0; s < g.samples().size(); s++) {
                    out.append(s == 0 ? "" : ", ").append(g.samples().get(s));
                }
                out.append(" (beside referenced ").append(g.owners().get(0)).append("), kept by `derived` '")
                        .append(g.rule()).append("'");
            }
            if (groups.size() > top.size()) {
                out.append("; and ").append(groups.size() - top.size()).append(" more pattern(s)");
            }
            return out.append(". Add the `derived` rule(s) that fit; if these files really are orphans, look at the "
                    + "orphan list and set `force`").toString();
        }
    }
}
