package dev.mediagc.internal.discover;

import dev.mediagc.internal.derive.DerivedLookingGuard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The derived rules an unexplained key suggests, from the referenced keys beside it: the same
 * stem plus a suffix ({@code photo-150x150.jpg}, {@code photo_thumb.jpg}, {@code photo@2x.jpg}
 * beside {@code photo.jpg}), a second extension ({@code photo.jpg.webp}), the same stem or name
 * one folder down ({@code 5/conversions/photo-thumb.jpg}, {@code 5/thumbs/photo.jpg} beside
 * {@code 5/photo.jpg}), the same name in a sibling style folder ({@code a/1/thumb/x.jpg} beside
 * {@code a/1/original/x.jpg}), a folder named by a referenced key ({@code cache/photo.jpg/100.jpg}),
 * a referenced key under more folders ({@code styles/thumbnail/public/2024/photo.jpg}).
 *
 * <p>Rules are written as narrow as the evidence allows, since a rule keeps whatever matches it: a
 * suffix of dimensions becomes {@code *x*} (so {@code photo-2.jpg}, a second upload, is not kept
 * with the thumbnails), a suffix of letters stays literal ({@code _thumb}), a style folder stays
 * literal. These are hints only: {@link LeftoverProposal} keeps a rule only when the real
 * {@link dev.mediagc.internal.derive.DerivedRules} explains enough objects with it.
 */
final class DerivedPatternHints {

    /** A suggested rule and the referenced key that suggested it. */
    record Hint(String rule, String owner) {
    }

    private static final String SEPARATORS = "-_@.";
    /** Separators tried per name: long names with many dashes do not cost more. */
    private static final int MAX_STEMS = 8;
    private static final Pattern DIMENSIONS = Pattern.compile("[0-9]+x[0-9]+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]+");

    private final Coverage coverage;

    DerivedPatternHints(Coverage coverage) {
        this.coverage = coverage;
    }

    /** The rules {@code key} (a normal form) suggests, each once. */
    List<Hint> of(String key) {
        Map<String, String> hints = new LinkedHashMap<>();
        dev.mediagc.internal.derive.KeyParts parts = dev.mediagc.internal.derive.KeyParts.of(key);
        String dir = parts.dir();
        String name = parts.name();
        String base = parts.base();
        String ext = parts.ext();
        String extPattern = parts.extPattern();
        stemWithSuffix(dir, "", base, ext, extPattern, hints);
        if (parts.hasExtension() && coverage.isReferenced(join(dir, base))) {
            String second = ext.substring(1);
            hints.putIfAbsent("{dir}/{name}." + (EXTENSION.matcher(second).matches() ? second : "*") + " <- {dir}/{name}",
                    join(dir, base));
        }
        if (parts.inFolder()) {
            String grandparent = parts.grandparent();
            String folder = parts.folder();
            String literalFolder = DerivedLookingGuard.escape(folder);
            stemWithSuffix(grandparent, literalFolder + "/", base, ext, extPattern, hints);
            if (coverage.isReferenced(join(grandparent, name))) {
                hints.putIfAbsent("{dir}/" + literalFolder + "/{name} <- {dir}/{name}", join(grandparent, name));
            }
            for (String sibling : coverage.siblingNames()) {
                String owner = join(join(grandparent, sibling), name);
                if (!sibling.equals(folder) && coverage.isReferenced(owner)) {
                    hints.putIfAbsent("{path}/" + literalFolder + "/{name} <- {path}/" + DerivedLookingGuard.escape(sibling)
                            + "/{name}", owner);
                }
            }
        }
        String[] segments = key.split("/", -1);
        for (int from = 0; from < segments.length - 1; from++) {
            for (int to = from; to < segments.length - 1; to++) {
                String folderKey = joined(segments, from, to + 1);
                if (coverage.isReferenced(folderKey)) {
                    String above = joined(segments, 0, from);
                    hints.putIfAbsent((above.isEmpty() ? "" : DerivedLookingGuard.escape(above) + "/") + "{key}/** <- {key}",
                            folderKey);
                }
            }
        }
        for (int from = 1; from < segments.length; from++) {
            String rest = joined(segments, from, segments.length);
            if (coverage.isReferenced(rest)) {
                hints.putIfAbsent(DerivedLookingGuard.escape(joined(segments, 0, from)) + "/{path} <- {path}", rest);
            }
        }
        List<Hint> list = new ArrayList<>(hints.size());
        hints.forEach((rule, owner) -> list.add(new Hint(rule, owner)));
        return list;
    }

    /** {@code photo-150x150.jpg} beside {@code photo.jpg} in {@code dir} (the key itself maybe one folder down). */
    private void stemWithSuffix(String dir, String subfolder, String base, String ext, String extPattern,
                                Map<String, String> hints) {
        int tried = 0;
        for (int i = 1; i < base.length() - 1 && tried < MAX_STEMS; i++) {
            char separator = base.charAt(i);
            if (SEPARATORS.indexOf(separator) < 0) {
                continue;
            }
            tried++;
            String owner = join(dir, base.substring(0, i) + ext);
            if (coverage.isReferenced(owner)) {
                hints.putIfAbsent("{dir}/" + subfolder + "{stem}" + separator + suffixShape(base.substring(i + 1))
                        + extPattern + " <- {dir}/{stem}" + extPattern, owner);
            }
        }
    }

    /** {@code *x*} for dimensions, the word itself for letters, {@code *} for anything else. */
    static String suffixShape(String suffix) {
        if (DIMENSIONS.matcher(suffix).matches()) {
            return "*x*";
        }
        return WORD.matcher(suffix).matches() ? suffix : "*";
    }

    private static String joined(String[] segments, int from, int to) {
        return String.join("/", java.util.Arrays.asList(segments).subList(from, to));
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
