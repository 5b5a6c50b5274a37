package dev.mediagc.internal.derive;

import dev.mediagc.DerivedRuleException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code DERIVED <- OWNER}: a stored key matching DERIVED is kept while the key OWNER, built from
 * the same placeholders, is referenced. E.g. {@code {dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}}
 * keeps {@code 2024/05/photo-150x150.jpg} while {@code 2024/05/photo.jpg} is referenced. See
 * {@link KeyPattern} for how placeholders match. A rule only ever adds references: it is asked
 * about keys no reference names, and can only answer "keep".
 */
public final class DerivedRule {

    static final String ARROW = "<-";

    private final String text;
    private final KeyPattern derived;
    private final KeyPattern owner;

    private DerivedRule(String text, KeyPattern derived, KeyPattern owner) {
        this.text = text;
        this.derived = derived;
        this.owner = owner;
    }

    /** Parses {@code DERIVED <- OWNER}; throws {@link DerivedRuleException} with a one-line reason. */
    public static DerivedRule parse(String rule) {
        if (rule == null || rule.isBlank()) {
            throw new DerivedRuleException("a derived rule is empty; write DERIVED <- OWNER, e.g. "
                    + "'{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}'");
        }
        String text = rule.strip();
        int arrow = text.indexOf(ARROW);
        if (arrow < 0 || text.indexOf(ARROW, arrow + ARROW.length()) >= 0) {
            throw new DerivedRuleException("derived rule '" + text + "' needs exactly one '" + ARROW + "' between the "
                    + "derived key and its owner, e.g. '{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}'");
        }
        try {
            KeyPattern derived = KeyPattern.parse(text.substring(0, arrow).strip(), "derived");
            KeyPattern owner = KeyPattern.parse(text.substring(arrow + ARROW.length()).strip(), "owner");
            if (owner.hasGlob()) {
                throw new DerivedRuleException("the owner side names one key, so it cannot hold * or **; "
                        + "bind the part with a placeholder on the derived side, e.g. {stem}");
            }
            Set<String> unbound = new LinkedHashSet<>(owner.placeholderNames());
            unbound.removeAll(derived.placeholderNames());
            if (!unbound.isEmpty()) {
                throw new DerivedRuleException("the owner side uses {" + String.join("}, {", unbound)
                        + "}, which the derived side does not bind");
            }
            if (derived.tokens().equals(owner.tokens())) {
                throw new DerivedRuleException("both sides are the same pattern, so the rule keeps nothing");
            }
            return new DerivedRule(derived.text() + " " + ARROW + " " + owner.text(), derived, owner);
        } catch (DerivedRuleException e) {
            throw new DerivedRuleException("derived rule '" + text + "': " + e.getMessage());
        }
    }

    /** The rule as written (blanks around the arrow made one). */
    public String text() {
        return text;
    }

    /**
     * The owner keys {@code key} derives from under this rule (raw, not yet normalised); empty
     * when it does not match the derived side.
     *
     * @throws KeyPattern.TooAmbiguous when the key matches in more ways than are checked: keep it
     */
    List<String> ownersOf(String key, boolean ignoreCase) throws KeyPattern.TooAmbiguous {
        List<Map<String, String>> bindings = derived.bindings(key, ignoreCase);
        if (bindings.isEmpty()) {
            return List.of();
        }
        List<String> owners = new ArrayList<>(bindings.size());
        for (Map<String, String> binding : bindings) {
            String ownerKey = owner.render(binding);
            if (!ownerKey.isEmpty() && !owners.contains(ownerKey)) {
                owners.add(ownerKey);
            }
        }
        return owners;
    }

    @Override
    public String toString() {
        return text;
    }
}
