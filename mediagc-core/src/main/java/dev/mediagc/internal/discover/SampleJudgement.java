package dev.mediagc.internal.discover;

import dev.mediagc.ValueExtraction;
import dev.mediagc.SampleMethod;
import dev.mediagc.ColumnFinding;
import dev.mediagc.internal.key.KeyNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges one column's sample against the store's keys. A value is a hit when its matching form
 * (or one of the lenient forms the sweep also marks) is a stored key, or when it ends, after a
 * {@code /}, with a stored key: then what comes before ({@code /media/},
 * {@code https://cdn.example.com/media/}) is a candidate prefix. A prefix counts only when it
 * explains at least {@link #MIN_PREFIX_VALUES} values and a tenth of the prefixed ones, so one
 * value that happens to end like a file name does not become a prefix for the whole database.
 */
final class SampleJudgement {

    /** Below this share of hits a column is at most weak. */
    static final double PROPOSE_RATIO = 0.10;
    /** Fewer hits than this never make a proposal, however small the sample. */
    static final int PROPOSE_MIN_HITS = 3;
    /**
     * A column read whole (a small table) is proposed from fewer hits when at least this share of
     * its values name stored objects: a three-row profile table of avatars is a file column.
     */
    static final double WHOLE_COLUMN_PROPOSE_RATIO = 0.5;
    static final int MIN_PREFIX_VALUES = 2;
    static final double MIN_PREFIX_SHARE = 0.10;
    private static final int SAMPLES_SHOWN = 3;

    private final StoredKeys stored;
    private final KeyNormalizer normalizer;
    /** Judges the values as holding keys inside (JSON, PHP, HTML) when they do not name keys themselves. */
    private final ContentJudgement inside = new ContentJudgement(this);

    SampleJudgement(StoredKeys stored, KeyNormalizer normalizer) {
        this.stored = stored;
        this.normalizer = normalizer;
    }

    ColumnFinding judge(String reference, String schema, String table, String column, String type, List<String> values) {
        return judge(reference, schema, table, column, type, values, SampleMethod.FIRST_ROWS);
    }

    ColumnFinding judge(String reference, String schema, String table, String column, String type, List<String> values,
            SampleMethod method) {
        int sampled = 0;
        int direct = 0;
        Map<String, Integer> prefixCounts = new LinkedHashMap<>();
        List<String> samples = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            sampled++;
            if (samples.size() < SAMPLES_SHOWN && !samples.contains(value)) {
                samples.add(value);
            }
            if (namesStoredKey(value)) {
                direct++;
                continue;
            }
            String prefix = prefixBeforeStoredKey(value.strip());
            if (prefix != null) {
                prefixCounts.merge(prefix, 1, Integer::sum);
            }
        }
        int prefixed = prefixCounts.values().stream().mapToInt(Integer::intValue).sum();
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : prefixCounts.entrySet()) {
            // A column read whole may name its few files behind a prefix once: kept when half its values carry it.
            boolean enough = entry.getValue() >= MIN_PREFIX_VALUES
                    || method == SampleMethod.WHOLE_COLUMN && entry.getValue() >= WHOLE_COLUMN_PROPOSE_RATIO * sampled;
            if (enough && entry.getValue() >= MIN_PREFIX_SHARE * prefixed) {
                kept.add(entry);
            }
        }
        kept.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        int read = sampled;
        int hits = direct + kept.stream().mapToInt(Map.Entry::getValue).sum();
        if (stored.sampled()) {
            int[] judged = judgedWithinListedRanges(values, kept.stream().map(Map.Entry::getKey).toList());
            sampled = judged[0];
            hits = judged[1];
        }
        ColumnFinding.Verdict verdict = verdict(hits, sampled, method);
        ColumnFinding asValues = new ColumnFinding(reference, schema, table, column, type, sampled, hits,
                kept.stream().map(Map.Entry::getKey).toList(), samples, verdict, method, read, ValueExtraction.COLUMN);
        // A column whose values are keys stays a plain ref; any other may hold its keys inside.
        return inside.judge(asValues, values);
    }

    /**
     * Proposed at {@link #PROPOSE_RATIO} and {@link #PROPOSE_MIN_HITS}; a column read whole, whose
     * every value was seen, also at {@link #WHOLE_COLUMN_PROPOSE_RATIO} with fewer hits. Proposing a
     * column that is not one keeps files; leaving out one that is loses them, so a small table's
     * file column is proposed rather than left as a comment.
     */
    static ColumnFinding.Verdict verdict(int hits, int sampled, SampleMethod method) {
        double ratio = sampled == 0 ? 0 : (double) hits / sampled;
        boolean enough = hits >= PROPOSE_MIN_HITS && ratio >= PROPOSE_RATIO
                || hits > 0 && method == SampleMethod.WHOLE_COLUMN && ratio >= WHOLE_COLUMN_PROPOSE_RATIO;
        return enough ? ColumnFinding.Verdict.PROPOSED : hits > 0 ? ColumnFinding.Verdict.WEAK : ColumnFinding.Verdict.NONE;
    }

    /** Whether only stretches of the store were listed. */
    boolean storeSampled() {
        return stored.sampled();
    }

    /**
     * When only stretches of the store were listed: {judged, hits} over the values whose key falls
     * within a listed stretch. The prefixes are settled first (from the hits, as for a full
     * listing), so each value names exactly one key: the value behind the longest kept prefix it
     * starts with, else the value itself. A hit is a hit wherever it lies (its key was listed); a
     * miss counts only inside the stretches, where the listing was complete, so keys left unlisted
     * never count against a column. A value whose lenient spellings straddle a stretch's edge is
     * left unjudged rather than guessed.
     */
    private int[] judgedWithinListedRanges(List<String> values, List<String> keptPrefixes) {
        List<String> longestFirst = new ArrayList<>(keptPrefixes);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        int judged = 0;
        int hits = 0;
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            if (namesStoredKey(value)) {
                judged++;
                hits++;
                continue;
            }
            String named = value.strip();
            String prefix = longestFirst.stream().filter(named::startsWith).findFirst().orElse(null);
            if (prefix != null) {
                String form = normalizer.normalize(named.substring(prefix.length()));
                if (form != null && stored.withinListedRanges(form)) {
                    judged++;
                    if (stored.contains(form)) {
                        hits++;
                    }
                }
                continue;
            }
            String form = normalizer.normalize(value);
            if (form != null && stored.withinListedRanges(form)
                    && normalizer.lenientForms(value, form).stream().allMatch(stored::withinListedRanges)) {
                judged++; // a miss: namesStoredKey said no
            }
        }
        return new int[] {judged, hits};
    }

    /** Whether the value names a stored key the way the sweep would read it without any prefix. */
    boolean namesStoredKey(String value) {
        if (stored.contains(normalizer.normalize(value))) {
            return true;
        }
        for (String form : normalizer.lenientForms(value)) {
            if (stored.contains(form)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The part of {@code value} before the longest ending (starting after a {@code /}) that is a
     * stored key, or null. Longest, so {@code /media/photos/a.jpg} gives {@code /media/} when
     * {@code photos/a.jpg} is stored, not {@code /media/photos/}.
     */
    String prefixBeforeStoredKey(String value) {
        for (int i = value.indexOf('/'); i >= 0 && i < value.length() - 1; i = value.indexOf('/', i + 1)) {
            String ending = value.substring(i + 1);
            if (ending.startsWith("/")) {
                continue; // "https://": the ending after the second slash is tried next
            }
            if (stored.contains(normalizer.normalize(ending))) {
                return value.substring(0, i + 1);
            }
        }
        return null;
    }
}
