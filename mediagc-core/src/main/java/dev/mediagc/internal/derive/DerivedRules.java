package dev.mediagc.internal.derive;

import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.internal.mark.MarkSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The derived rules of a sweep, with the normaliser its marks were made with. Asked only about
 * keys no reference names; each answer can only keep a file: a rule adds the derived keys of
 * referenced owners to what is referenced, it never takes a reference away.
 */
public final class DerivedRules {

    public static final DerivedRules NONE = new DerivedRules(List.of(), KeyNormalizer.of(List.of(), false));

    private final List<DerivedRule> rules;
    private final KeyNormalizer normalizer;

    private DerivedRules(List<DerivedRule> rules, KeyNormalizer normalizer) {
        this.rules = List.copyOf(rules);
        this.normalizer = normalizer;
    }

    public static DerivedRules of(List<DerivedRule> rules, KeyNormalizer normalizer) {
        return rules.isEmpty() ? NONE : new DerivedRules(rules, normalizer);
    }

    /** The same rules over another normaliser (the run's, once it ignores case on a store that folds it). */
    public DerivedRules with(KeyNormalizer other) {
        return of(rules, other);
    }

    public List<DerivedRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The first rule that keeps {@code key} (a normal form) because its owner is in {@code marks},
     * or null. A key matching a rule in too many ways to check is kept by that rule.
     */
    public DerivedRule keeper(String key, MarkSet marks) {
        for (DerivedRule rule : rules) {
            List<String> owners;
            try {
                owners = rule.ownersOf(key, normalizer.ignoresCase());
            } catch (KeyPattern.TooAmbiguous e) {
                return rule;
            }
            for (String owner : owners) {
                String normal = normalizer.normalize(owner);
                // Seen: a reference whose derived file is stored is not dangling (a Disk layout stores no file
                // under the bare key at all).
                if (normal != null && marks.markSeen(KeyHash.of(normal))) {
                    return rule;
                }
            }
        }
        return null;
    }

    /**
     * A key's owner under a rule, in normal form; {@code key} null when the key matched the rule in
     * too many ways to check, which keeps it.
     */
    public record Owner(DerivedRule rule, String key) {
    }

    /** Every owner {@code key} (a normal form) derives from, under every rule, for point look-ups. */
    public List<Owner> ownersOf(String key) {
        List<Owner> owners = new ArrayList<>();
        for (DerivedRule rule : rules) {
            try {
                for (String owner : rule.ownersOf(key, normalizer.ignoresCase())) {
                    String normal = normalizer.normalize(owner);
                    if (normal != null) {
                        owners.add(new Owner(rule, normal));
                    }
                }
            } catch (KeyPattern.TooAmbiguous e) {
                owners.add(new Owner(rule, null));
            }
        }
        return owners;
    }
}
