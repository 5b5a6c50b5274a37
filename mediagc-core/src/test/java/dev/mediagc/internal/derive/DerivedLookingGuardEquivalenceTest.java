package dev.mediagc.internal.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.mark.MarkSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The guard hashes possible owners without building them (for speed); its findings must be
 * exactly those of the plain algorithm: build each possible owner as a String, in a fixed order,
 * and ask the mark set. {@link Specification} is that algorithm, written the obvious way; the
 * guard must make the same suggestion for every candidate, owner and rule alike, on keys with
 * the shapes that make splitting go wrong (leading, doubled and trailing slashes, dot-files,
 * names without a stem, several separators, non-ASCII letters).
 */
class DerivedLookingGuardEquivalenceTest {

    private static final String[] SEGMENTS = {"a", "b", "photos", "2024", "05", "small", "original", "variants",
            "va", "styles", "thumbnail", "public", "conversions", "é", "日本", "", "x.y", "IMG_1", "p@2x", "a-b_c",
            "photo.jpg", "x"};
    private static final String[] NAMES = {"photo.jpg", "photo-150x150.jpg", "photo@2x.jpg", "photo_thumb.jpg",
            "photo.jpg.webp", ".htaccess", "a-b-c-d-e-f-g-h-i-j-k.png", "x", "x-", "-x.png", "é-1.png", "p.tar.gz",
            "photo-scaled.jpg", "document-0001.pdf", "IMG_00000001.jpg", "日本-小.jpg", "", "a.b-c", "photo",
            // the eighth stem tried (found) and the ninth (never tried) of a name with many separators
            "a-b-c-d-e-f-g-h.png", "a-b-c-d-e-f-g-h-i.png"};

    @Test
    void suggestsExactlyWhatBuildingEachOwnerSuggestsForEveryCandidate() {
        Random random = new Random(20261126);
        List<String> referenced = new ArrayList<>();
        while (referenced.size() < 3_000) {
            String key = randomKey(random);
            if (!key.isEmpty()) {
                // No value's normal form is empty; a marked "" would be found first for every leading slash.
                referenced.add(key);
            }
        }
        MarkSet marks = new MarkSet();
        DerivedLookingGuard guard = new DerivedLookingGuard();
        for (String key : referenced) {
            marks.add(KeyHash.of(key));
            guard.referenced(key);
        }
        for (int i = 0; i < 1_000; i++) {
            // An empty folder name (a doubled slash) among the most referenced: the sibling tried is "".
            guard.referenced("a//photo.jpg");
        }
        List<String> siblings = guard.siblingNames();
        assertThat(siblings).contains("");
        MarkSet.Probe probe = marks.probe();
        Map<String, Integer> suggestionsByKind = new HashMap<>();
        int candidates = 0;
        for (int i = 0; i < 200_000; i++) {
            String candidate = i % 2 == 0 ? randomKey(random) : derivedLooking(referenced.get(random.nextInt(referenced.size())), random);
            DerivedLookingGuard.Suggestion expected = Specification.look(candidate, marks, siblings);
            assertThat(guard.look(candidate, probe)).as(candidate).isEqualTo(expected);
            if (expected != null) {
                suggestionsByKind.merge(kind(expected.rule()), 1, Integer::sum);
            }
            candidates++;
        }
        // The keys reach every kind of suggestion, each many times: the comparison covers them all.
        assertThat(candidates).isEqualTo(200_000);
        assertThat(suggestionsByKind).containsOnlyKeys("stem", "stem in a sub-folder", "extension added",
                "sibling folder", "under a key", "under a key's segment", "path below");
        assertThat(suggestionsByKind.values()).allSatisfy(count -> assertThat(count).isGreaterThan(50));
    }

    /**
     * Every key of up to six characters over an alphabet of the characters that matter (slash,
     * dot, a separator, letters of one and two bytes, half a surrogate pair), with several sets of
     * sibling names, each under many markings: none, each owner the specification asks about
     * marked alone (so every position in the order of look-ups decides once), random sets of them,
     * and every other substring of the key (so the guard may not find an owner the specification
     * never asks about).
     */
    @Test
    void agreesOnEveryShortKeyUnderEveryMarkingOfItsOwners() {
        char[] alphabet = {'a', '/', '.', '-', '\u00e9', '\u65e5', '\ud83d'};
        List<List<String>> siblingSets = List.of(List.of(), List.of("", "a"), List.of("a", "", "a.", "\u00e9"), List.of("-"));
        Random random = new Random(1);
        List<String> differences = new ArrayList<>();
        for (List<String> siblings : siblingSets) {
            DerivedLookingGuard guard = guardWithSiblings(siblings);
            for (int length = 0; length <= 6; length++) {
                int[] digits = new int[length];
                while (true) {
                    char[] key = new char[length];
                    for (int i = 0; i < length; i++) {
                        key[i] = alphabet[digits[i]];
                    }
                    compareUnderMarkings(new String(key), guard, siblings, random, differences);
                    int position = length - 1;
                    while (position >= 0 && ++digits[position] == alphabet.length) {
                        digits[position--] = 0;
                    }
                    if (position < 0) {
                        break;
                    }
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void agreesOnLongerKeysUnderEveryMarkingOfTheirOwners() {
        String[] pieces = {"a", "b", "/", "//", ".", "-", "_", "@", "x.y", "\u00e9", "\u00ff", "\u0100", "\ud83d\ude00", "ab",
                "-a-b-c-d-e-f-g-h-i-j", "...", ".htaccess"};
        Random random = new Random(2);
        List<String> siblings = List.of("b", "", "a", "x.y", "\u00ff", "\ud83d\ude00");
        DerivedLookingGuard guard = guardWithSiblings(siblings);
        List<String> differences = new ArrayList<>();
        for (int n = 0; n < 60_000; n++) {
            StringBuilder key = new StringBuilder();
            int count = random.nextInt(9);
            for (int i = 0; i < count; i++) {
                key.append(pieces[random.nextInt(pieces.length)]);
            }
            compareUnderMarkings(key.toString(), guard, siblings, random, differences);
        }
        assertThat(differences).isEmpty();
    }

    private static DerivedLookingGuard guardWithSiblings(List<String> siblings) {
        DerivedLookingGuard guard = new DerivedLookingGuard();
        for (int k = 0; k < siblings.size(); k++) {
            for (int n = 0; n < 1000 - k; n++) {
                guard.referenced("z/" + siblings.get(k) + "/f");
            }
        }
        assertThat(guard.siblingNames()).isEqualTo(siblings);
        return guard;
    }

    private static void compareUnderMarkings(String key, DerivedLookingGuard guard, List<String> siblings, Random random,
                                             List<String> differences) {
        Set<String> asked = new LinkedHashSet<>();
        Specification.look(key, asked::add, siblings);
        List<Set<String>> markings = new ArrayList<>();
        markings.add(Set.of());
        for (String owner : asked) {
            markings.add(Set.of(owner));
        }
        for (int r = 0; r < 4 && asked.size() > 1; r++) {
            Set<String> some = new HashSet<>();
            for (String owner : asked) {
                if (random.nextInt(3) == 0) {
                    some.add(owner);
                }
            }
            markings.add(some);
        }
        Set<String> neverAsked = new HashSet<>();
        for (int i = 0; i <= key.length(); i++) {
            for (int j = i; j <= key.length(); j++) {
                neverAsked.add(key.substring(i, j));
            }
        }
        neverAsked.removeAll(asked);
        markings.add(neverAsked);
        for (Set<String> marked : markings) {
            MarkSet marks = new MarkSet(16);
            marked.forEach(owner -> marks.add(KeyHash.of(owner)));
            DerivedLookingGuard.Suggestion expected = Specification.look(key, marked::contains, siblings);
            DerivedLookingGuard.Suggestion actual = guard.look(key, marks.probe());
            if (!Objects.equals(expected, actual) && differences.size() < 20) {
                differences.add("key " + key + " marked " + marked + ": expected " + expected + ", was " + actual);
            }
        }
    }

    @Test
    void aProbeMadeBeforeTheSetGrewStillFindsWhatWasAddedAfter() {
        MarkSet marks = new MarkSet();
        marks.add(KeyHash.of("photos/a.jpg"));
        MarkSet.Probe probe = marks.probe();
        for (int i = 0; i < 100_000; i++) {
            marks.add(KeyHash.of("later/" + i + ".jpg"));
        }
        assertThat(probe.contains(KeyHash.of("photos/a.jpg"))).isTrue();
        assertThat(probe.contains(KeyHash.of("later/99999.jpg"))).isTrue();
        assertThat(probe.contains(KeyHash.of("never/added.jpg"))).isFalse();
    }

    @Test
    void aProbeAnswersAsTheSetDoesForMarkedAndUnmarkedHashes() {
        MarkSet marks = new MarkSet();
        Random random = new Random(7);
        long[] added = random.longs(500_000).toArray();
        for (long hash : added) {
            marks.add(hash);
        }
        marks.add(0L);
        MarkSet.Probe probe = marks.probe();
        for (long hash : added) {
            assertThat(probe.contains(hash)).isTrue();
        }
        assertThat(probe.contains(0L)).isTrue();
        random.longs(500_000).forEach(hash -> assertThat(probe.contains(hash)).isEqualTo(marks.contains(hash)));
    }

    private static String kind(String rule) {
        if (rule.startsWith("{dir}/{stem}")) {
            return "stem";
        }
        if (rule.startsWith("{dir}/") && rule.contains("{stem}")) {
            return "stem in a sub-folder";
        }
        if (rule.startsWith("{dir}/{name}.*")) {
            return "extension added";
        }
        if (rule.startsWith("{path}/{style}")) {
            return "sibling folder";
        }
        if (rule.startsWith("{key}/**")) {
            return "under a key";
        }
        if (rule.contains("/{key}/**")) {
            return "under a key's segment";
        }
        return "path below";
    }

    private static String randomKey(Random random) {
        StringBuilder key = new StringBuilder();
        if (random.nextInt(20) == 0) {
            key.append('/');
        }
        int depth = random.nextInt(5);
        for (int d = 0; d < depth; d++) {
            key.append(SEGMENTS[random.nextInt(SEGMENTS.length)]).append('/');
        }
        key.append(NAMES[random.nextInt(NAMES.length)]);
        if (random.nextInt(30) == 0) {
            key.append('/');
        }
        return key.toString();
    }

    /** A key shaped like something derived from {@code owner}, by one of the guard's patterns or none. */
    private static String derivedLooking(String owner, Random random) {
        KeyParts parts = KeyParts.of(owner);
        String dir = parts.dir().isEmpty() ? "" : parts.dir() + "/";
        String[] separators = {"-", "_", "@", "."};
        String separator = separators[random.nextInt(separators.length)];
        return switch (random.nextInt(9)) {
            case 0 -> dir + parts.base() + separator + "150x150" + parts.ext();
            case 1 -> dir + parts.name() + ".webp";
            case 2 -> dir + "conversions/" + parts.base() + separator + "thumb" + parts.ext();
            case 3 -> (parts.grandparent().isEmpty() ? "" : parts.grandparent() + "/") + "small/" + parts.name();
            case 4 -> owner + "/thumb.png";
            case 5 -> "va/ri/variants/" + owner + "/digest";
            case 6 -> "styles/thumbnail/public/" + owner;
            case 7 -> "/" + owner + "/thumb.png";
            default -> owner + separator;
        };
    }

    /** The guard's look-up order, written plainly: each possible owner built as a String and hashed. */
    private static final class Specification {
        private static final String SUFFIX_SEPARATORS = "-_@.";
        private static final int MAX_STEMS = 8;

        static DerivedLookingGuard.Suggestion look(String key, MarkSet marks, List<String> siblingNames) {
            return look(key, owner -> marks.contains(KeyHash.of(owner)), siblingNames);
        }

        static DerivedLookingGuard.Suggestion look(String key, Predicate<String> marked, List<String> siblingNames) {
            KeyParts parts = KeyParts.of(key);
            String dir = parts.dir();
            String name = parts.name();
            String base = parts.base();
            String ext = parts.ext();
            String extPattern = parts.extPattern();
            DerivedLookingGuard.Suggestion s = stemWithSuffix(dir, "", base, ext, extPattern, marked);
            if (s != null) {
                return s;
            }
            if (parts.hasExtension() && marked.test(join(dir, base))) {
                return new DerivedLookingGuard.Suggestion("{dir}/{name}.* <- {dir}/{name}", join(dir, base));
            }
            if (parts.inFolder()) {
                String grandparent = parts.grandparent();
                String folder = parts.folder();
                s = stemWithSuffix(grandparent, DerivedLookingGuard.escape(folder) + "/", base, ext, extPattern, marked);
                if (s != null) {
                    return s;
                }
                for (String sibling : siblingNames) {
                    if (!sibling.equals(folder)) {
                        String owner = join(join(grandparent, sibling), name);
                        if (marked.test(owner)) {
                            return new DerivedLookingGuard.Suggestion("{path}/{style}/{name} <- {path}/"
                                    + DerivedLookingGuard.escape(sibling) + "/{name}", owner);
                        }
                    }
                }
            }
            String[] segments = key.split("/");
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < segments.length - 1; i++) {
                String folderKey = prefix.isEmpty() ? segments[i] : prefix + "/" + segments[i];
                if (marked.test(folderKey)) {
                    return new DerivedLookingGuard.Suggestion("{key}/** <- {key}", folderKey);
                }
                if (i > 0 && marked.test(segments[i])) {
                    return new DerivedLookingGuard.Suggestion(DerivedLookingGuard.escape(prefix.toString())
                            + "/{key}/** <- {key}", segments[i]);
                }
                prefix.setLength(0);
                prefix.append(folderKey);
            }
            int at = 0;
            for (int i = 0; i < segments.length - 1; i++) {
                at += segments[i].length() + 1;
                String rest = key.substring(at);
                if (marked.test(rest)) {
                    return new DerivedLookingGuard.Suggestion(DerivedLookingGuard.escape(key.substring(0, at))
                            + "{path} <- {path}", rest);
                }
            }
            return null;
        }

        private static DerivedLookingGuard.Suggestion stemWithSuffix(String dir, String subfolder, String base,
                                                                     String ext, String extPattern,
                                                                     Predicate<String> marked) {
            int tried = 0;
            for (int i = 1; i < base.length() && tried < MAX_STEMS; i++) {
                char c = base.charAt(i);
                if (SUFFIX_SEPARATORS.indexOf(c) < 0) {
                    continue;
                }
                tried++;
                String owner = join(dir, base.substring(0, i) + ext);
                if (marked.test(owner)) {
                    return new DerivedLookingGuard.Suggestion("{dir}/" + subfolder + "{stem}" + c + "*" + extPattern
                            + " <- {dir}/{stem}" + extPattern, owner);
                }
            }
            return null;
        }

        private static String join(String dir, String name) {
            return dir.isEmpty() ? name : dir + "/" + name;
        }
    }
}
