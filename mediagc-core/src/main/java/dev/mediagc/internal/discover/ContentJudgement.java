package dev.mediagc.internal.discover;

import dev.mediagc.ValueExtraction;
import dev.mediagc.ColumnFinding;
import dev.mediagc.internal.discover.ContainedStrings.Contents;
import dev.mediagc.internal.discover.ContainedStrings.Found;
import dev.mediagc.internal.discover.ContainedStrings.Shape;
import dev.mediagc.internal.reference.extract.JsonExtractor;
import dev.mediagc.internal.reference.extract.JsonPath;
import dev.mediagc.internal.reference.extract.PhpSerializedExtractor;
import dev.mediagc.internal.reference.extract.TextExtractor;
import dev.mediagc.spi.UnreadableValueException;
import dev.mediagc.spi.ValueExtractor;
import dev.mediagc.internal.reference.extract.WordPressAttachmentExtractor;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges whether a column's values hold stored keys inside them (JSON documents, PHP-serialized
 * arrays, HTML or Markdown bodies) and, if so, which of the sweep's extractors reads them and with
 * what argument. It works in two steps. First it explores: it reads each value by its shape, asks
 * which contained strings name stored keys (as they are or behind a prefix) and from where they
 * came derives the extractor's argument: a JSON path, a PHP key, text prefixes. Then it checks:
 * it runs that very extractor, as the sweep would, over the whole sample, and only what that
 * finds counts as a hit. So the ratio reported is the one the proposal achieves, and a path that
 * would miss keys shows as fewer hits rather than as a silent loss.
 */
final class ContentJudgement {

    private static final int EXCERPT_CHARS = 72;
    private static final int EXCERPT_BEFORE = 20;
    private static final int SAMPLES_SHOWN = 3;

    private final SampleJudgement keys;

    ContentJudgement(SampleJudgement keys) {
        this.keys = keys;
    }

    /**
     * The better of {@code raw} (the column judged as holding keys as its values) and the column
     * judged as holding them inside its values.
     */
    ColumnFinding judge(ColumnFinding raw, List<String> values) {
        ColumnFinding inside = inside(raw, values);
        if (inside == null || inside.hits() == 0) {
            return raw;
        }
        if (raw.verdict() == ColumnFinding.Verdict.PROPOSED) {
            // Values that are keys make it a plain ref, which marks those values only: say that
            // others hold keys inside, whose files that ref would leave unmarked.
            return readInside(raw, raw.hits(), raw.prefixes(), raw.samples(), raw.verdict(), new ValueExtraction(ValueExtraction.Kind.COLUMN,
                            null, List.of(), 0, 0, inside.hits() + " other sampled value(s) hold stored keys inside, read as "
                            + inside.extraction().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                            + ", which ref does not read: split the column with ref-sql queries"));
        }
        boolean better = inside.verdict().ordinal() < raw.verdict().ordinal()
                || (inside.verdict() == raw.verdict() && inside.hits() > raw.hits());
        return better ? inside : raw;
    }

    /** One shape's exploration: per value, the contained strings naming a stored key, and behind which prefix. */
    private static final class Exploration {
        final List<List<Match>> perValue = new ArrayList<>();
        final List<Contents> contents = new ArrayList<>();
        /** Per prefix ("" for none), how many values hold a string behind it. */
        final Map<String, Integer> prefixValues = new LinkedHashMap<>();
        List<String> kept = List.of();
        int candidateHits;

        void add(Contents value, List<Match> matches) {
            contents.add(value);
            perValue.add(matches);
            matches.stream().map(Match::prefix).distinct().forEach(p -> prefixValues.merge(p, 1, Integer::sum));
        }

        /** Keeps the prefixes the same rule as for plain values accepts, and counts the values they (or none) explain. */
        void settle() {
            int prefixed = 0;
            for (List<Match> matches : perValue) {
                if (matches.stream().anyMatch(m -> !m.prefix().isEmpty())) {
                    prefixed++;
                }
            }
            List<String> keep = new ArrayList<>();
            for (Map.Entry<String, Integer> entry : prefixValues.entrySet()) {
                if (!entry.getKey().isEmpty() && entry.getValue() >= SampleJudgement.MIN_PREFIX_VALUES
                        && entry.getValue() >= SampleJudgement.MIN_PREFIX_SHARE * prefixed) {
                    keep.add(entry.getKey());
                }
            }
            keep.sort((a, b) -> prefixValues.get(b) - prefixValues.get(a));
            kept = List.copyOf(keep);
            candidateHits = (int) perValue.stream().filter(matches -> matches.stream().anyMatch(this::accepted)).count();
        }

        boolean accepted(Match match) {
            return match.prefix().isEmpty() || kept.contains(match.prefix());
        }

        boolean hasUnprefixed() {
            return prefixValues.containsKey("");
        }
    }

    /** A contained string that names a stored key behind {@code prefix} ("" when it names one as it is). */
    private record Match(Found found, String prefix) {
    }

    private ColumnFinding inside(ColumnFinding raw, List<String> values) {
        Map<Shape, Exploration> explored = new EnumMap<>(Shape.class);
        for (String value : values) {
            if (value == null || value.isBlank() || keys.namesStoredKey(value)) {
                continue;
            }
            Contents contents = ContainedStrings.of(value);
            if (contents == null) {
                continue;
            }
            List<Match> matches = new ArrayList<>();
            for (Found found : contents.strings()) {
                Match match = match(found);
                if (match != null) {
                    matches.add(match);
                }
            }
            explored.computeIfAbsent(contents.shape(), shape -> new Exploration()).add(contents, matches);
        }
        Shape best = null;
        for (Map.Entry<Shape, Exploration> entry : explored.entrySet()) {
            entry.getValue().settle();
            if (entry.getValue().candidateHits > 0
                    && (best == null || entry.getValue().candidateHits > explored.get(best).candidateHits)) {
                best = entry.getKey();
            }
        }
        if (best == null) {
            return null;
        }
        Exploration exploration = explored.get(best);
        return switch (best) {
            case JSON -> checked(raw, values, ValueExtraction.Kind.JSON, JsonPaths.covering(acceptedPaths(exploration)),
                    exploration.kept, List.of(), null);
            case PHP -> php(raw, values, exploration);
            case TEXT -> text(raw, values, exploration);
        };
    }

    private Match match(Found found) {
        String text = found.text().strip();
        if (keys.namesStoredKey(text)) {
            return new Match(found, "");
        }
        String prefix = keys.prefixBeforeStoredKey(text);
        return prefix == null ? null : new Match(found, prefix);
    }

    private static List<List<Object>> acceptedPaths(Exploration exploration) {
        List<List<Object>> paths = new ArrayList<>();
        for (List<Match> matches : exploration.perValue) {
            matches.stream().filter(exploration::accepted).forEach(m -> paths.add(m.found().at()));
        }
        return paths;
    }

    private ColumnFinding php(ColumnFinding raw, List<String> values, Exploration exploration) {
        if (wordPressAttachments(exploration)) {
            return checked(raw, values, ValueExtraction.Kind.WP_ATTACHMENT, null, exploration.kept, List.of(),
                    "WordPress attachment metadata: sizes are bare names beside the upload, which ref-wp-attachment joins");
        }
        String key = commonKey(acceptedPaths(exploration));
        if (key == null) {
            // No one key holds them all (a list at the top, keys at several places): ref-php cannot
            // express that, and a key that covers some of them would leave the others' files unmarked.
            return readInside(raw, exploration.candidateHits, exploration.kept, List.of(), ColumnFinding.Verdict.WEAK,
                    new ValueExtraction(ValueExtraction.Kind.PHP, null, List.of(), 0, 0,
                            "no one PHP key holds every stored key found; write one ref-sql or ref-php per place after review"));
        }
        return checked(raw, values, ValueExtraction.Kind.PHP, key, exploration.kept, List.of(), null);
    }

    /**
     * WordPress's {@code _wp_attachment_metadata}: a top-level {@code file} naming a stored key and
     * {@code sizes} whose {@code file}s are bare names. {@code ref-php} with key {@code file} would
     * mark those bare names, which name nothing, and the thumbnails would be listed as orphans.
     */
    private static boolean wordPressAttachments(Exploration exploration) {
        for (int i = 0; i < exploration.perValue.size(); i++) {
            boolean topFile = exploration.perValue.get(i).stream()
                    .anyMatch(m -> exploration.accepted(m) && m.found().at().equals(List.of("file")));
            boolean sizes = exploration.contents.get(i).strings().stream().anyMatch(f -> f.at().size() == 3
                    && "sizes".equals(f.at().get(0)) && "file".equals(f.at().get(2)));
            if (topFile && sizes) {
                return true;
            }
        }
        return false;
    }

    /**
     * The PHP key that every found key sits under, the outermost one when several do (so that
     * strings elsewhere under it, unseen in the sample, are marked too); null when there is none.
     */
    static String commonKey(List<List<Object>> paths) {
        if (paths.isEmpty()) {
            return null;
        }
        Set<Object> common = new LinkedHashSet<>(paths.get(0));
        for (List<Object> path : paths) {
            common.retainAll(path);
        }
        return common.isEmpty() ? null : common.iterator().next().toString();
    }

    private ColumnFinding text(ColumnFinding raw, List<String> values, Exploration exploration) {
        String note = exploration.hasUnprefixed() && !exploration.kept.isEmpty()
                ? "some links are relative paths without the prefix; text-prefix reads those only when no prefix is set"
                : null;
        return checked(raw, values, ValueExtraction.Kind.TEXT, null, List.of(), exploration.kept, note);
    }

    /**
     * Runs the proposed extractor over the sample as the sweep would and builds the finding from
     * what it finds: hits, keys, values it cannot read, excerpts around the keys.
     */
    private ColumnFinding checked(ColumnFinding raw, List<String> values, ValueExtraction.Kind kind, String argument,
            List<String> stripPrefixes, List<String> textPrefixes, String note) {
        ValueExtractor extractor = switch (kind) {
            case JSON -> new JsonExtractor(JsonPath.parse(argument));
            case PHP -> new PhpSerializedExtractor(argument);
            case WP_ATTACHMENT -> new WordPressAttachmentExtractor();
            case TEXT -> new TextExtractor(textPrefixes);
            case COLUMN -> throw new IllegalArgumentException("a plain column is judged by SampleJudgement");
        };
        int hits = 0;
        int unreadable = 0;
        Set<String> found = new LinkedHashSet<>();
        List<String> samples = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            List<String> named = new ArrayList<>();
            try {
                extractor.extract(new StringReader(value), key -> {
                    if (names(key, kind, stripPrefixes)) {
                        named.add(key);
                    }
                });
            } catch (UnreadableValueException e) {
                unreadable++;
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!named.isEmpty()) {
                hits++;
                found.addAll(named);
                String excerpt = excerpt(value, named.get(0));
                if (samples.size() < SAMPLES_SHOWN && !samples.contains(excerpt)) {
                    samples.add(excerpt);
                }
            }
        }
        ColumnFinding.Verdict verdict = SampleJudgement.verdict(hits, raw.sampled(), raw.sampleMethod());
        if (keys.storeSampled() && verdict != ColumnFinding.Verdict.PROPOSED) {
            // Keys inside values are not matched against the listed stretches: an unlisted file counts as a miss.
            note = (note == null ? "" : note + "; ") + "the store was sampled, so this ratio is a lower bound: "
                    + "judge it without `sample-objects`";
        }
        return readInside(raw, hits, stripPrefixes, samples, verdict,
                new ValueExtraction(kind, argument, textPrefixes, found.size(), unreadable, note));
    }

    /** Whether an extracted key names a stored object as the sweep would read it: as it is or behind a kept strip prefix. */
    private boolean names(String key, ValueExtraction.Kind kind, List<String> stripPrefixes) {
        if (keys.namesStoredKey(key)) {
            return true;
        }
        if (kind == ValueExtraction.Kind.TEXT) {
            return false; // the text extractor has removed its prefix already
        }
        String prefix = keys.prefixBeforeStoredKey(key.strip());
        return prefix != null && stripPrefixes.contains(prefix);
    }

    /** A short piece of the value around where {@code key} (or its last segment) is written, for the user to see. */
    static String excerpt(String value, String key) {
        String flat = value.strip();
        int at = flat.indexOf(key);
        if (at < 0) {
            at = flat.indexOf(key.substring(key.lastIndexOf('/') + 1));
        }
        int start = at < 0 ? 0 : Math.max(0, at - EXCERPT_BEFORE);
        int end = Math.min(flat.length(), start + EXCERPT_CHARS);
        return (start > 0 ? "..." : "") + flat.substring(start, end) + (end < flat.length() ? "..." : "");
    }

    /** {@code raw} judged again as holding its keys inside: how its rows were read stays. */
    private static ColumnFinding readInside(ColumnFinding raw, int hits, List<String> prefixes, List<String> samples,
            ColumnFinding.Verdict verdict, ValueExtraction extraction) {
        return new ColumnFinding(raw.reference(), raw.schema(), raw.table(), raw.column(), raw.type(), raw.sampled(), hits,
                prefixes, samples, verdict, raw.sampleMethod(), raw.read(), extraction);
    }
}
