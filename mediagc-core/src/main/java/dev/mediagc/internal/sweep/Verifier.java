package dev.mediagc.internal.sweep;

import dev.mediagc.internal.derive.DerivedRule;
import dev.mediagc.internal.derive.DerivedRules;
import dev.mediagc.internal.plan.PlannedCandidate;
import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.spi.ReferenceSource;
import dev.mediagc.ReferenceSourceException;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The last check before acting on a batch: each candidate is looked up again in every reference
 * source (a reference that appeared during the scan wins) and re-statted in the store (a file
 * rewritten or replaced since listing wins). Only what passes both is acted on.
 *
 * <p>Applying a plan, this stat is the only one a candidate gets: it is compared with the plan's
 * line (size, time at the precision the plan recorded, version when the plan has one; see
 * {@link PlannedCandidate#sameAs}), a key the store refuses to follow now (a folder swapped for a
 * link) is kept as changed, and what passes is acted on as the stat shows it, so the move is
 * conditional on the version seen now even when the plan had none.
 */
final class Verifier {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Verifier.class);

    private final List<ReferenceSource> sources;
    private final KeyNormalizer normalizer;
    private final DerivedRules derived;
    private final ManagedStore store;
    private final ParallelCalls calls;
    /** Whether the candidates are a plan's lines rather than a listing's objects (see the class comment). */
    private final boolean planned;

    Verifier(List<ReferenceSource> sources, KeyNormalizer normalizer, DerivedRules derived, ManagedStore store,
             ParallelCalls calls, boolean planned) {
        this.sources = sources;
        this.normalizer = normalizer;
        this.derived = derived;
        this.store = store;
        this.calls = calls;
        this.planned = planned;
    }

    List<StoredObject> verify(List<StoredObject> batch, RunningReport report) throws ReferenceSourceException, IOException {
        java.util.Map<StoredObject, List<DerivedRules.Owner>> owners = new java.util.IdentityHashMap<>();
        if (!derived.isEmpty()) {
            for (StoredObject o : batch) {
                String key = normalizer.normalize(o.key());
                if (key != null) {
                    owners.put(o, derived.ownersOf(key));
                }
            }
        }
        Set<Long> referencedNow = referencedNow(batch, owners);
        List<StoredObject> unreferenced = new ArrayList<>(batch.size());
        for (StoredObject listed : batch) {
            String key = normalizer.normalize(listed.key());
            DerivedRule keeper;
            if (key == null || referencedNow.contains(KeyHash.of(key))) {
                report.keptReferencedAgain().add(listed.key(), listed.size());
            } else if ((keeper = ownerReferenced(owners.getOrDefault(listed, List.of()), referencedNow)) != null) {
                // Its owner gained a row since the mark: kept as the rule says.
                report.keptReferencedAgain().add(listed.key(), listed.size());
                report.derivedRule(keeper.text()).add(listed.key(), listed.size());
            } else {
                unreferenced.add(listed);
            }
        }
        List<ParallelCalls.Outcome<Optional<StoredObject>>> now = calls.each(unreferenced, o -> store.stat(o.key()));
        List<StoredObject> passed = new ArrayList<>(unreferenced.size());
        for (int i = 0; i < unreferenced.size(); i++) {
            StoredObject listed = unreferenced.get(i);
            ParallelCalls.Outcome<Optional<StoredObject>> stat = now.get(i);
            if (planned && stat.error() instanceof dev.mediagc.spi.UnsafeKeyException unsafe) {
                // e.g. a folder on its way swapped for a link since the plan: never followed, kept
                log.warn("kept {}: {}", listed.key(), unsafe.getMessage());
                report.keptChanged().add(listed.key(), listed.size());
                continue;
            }
            if (stat.error() != null) {
                throw stat.error(); // cannot tell whether it changed: stop acting rather than guess
            }
            if (stat.value().isEmpty() || !unchanged(listed, stat.value().get())) {
                report.keptChanged().add(listed.key(), listed.size());
                continue;
            }
            passed.add(planned ? stat.value().get() : listed);
        }
        return passed;
    }

    private boolean unchanged(StoredObject listed, StoredObject now) {
        return planned ? PlannedCandidate.of(listed, PlannedCandidate.UNREFERENCED).sameAs(now) : listed.unchangedIn(now);
    }

    private static DerivedRule ownerReferenced(List<DerivedRules.Owner> owners, Set<Long> referencedNow) {
        for (DerivedRules.Owner owner : owners) {
            if (owner.key() == null || referencedNow.contains(KeyHash.of(owner.key()))) {
                return owner.rule();
            }
        }
        return null;
    }

    /**
     * Hashes of the matching forms that some row of some source holds right now. A spelling a
     * source reports claims the candidate it was made for, whatever it normalises to itself (a
     * lower-cased mojibake spelling, say, no longer repairs); and, like a value in the mark, it
     * claims its own normal and lenient forms too. The spellings of a candidate's derived-rule
     * owners are looked up as well, and a row holding one claims its owner's hash.
     */
    private Set<Long> referencedNow(List<StoredObject> batch, java.util.Map<StoredObject, List<DerivedRules.Owner>> owners)
            throws ReferenceSourceException {
        java.util.Map<String, Set<Long>> candidatesBySpelling = new java.util.LinkedHashMap<>();
        for (StoredObject o : batch) {
            String key = normalizer.normalize(o.key());
            if (key == null) {
                continue;
            }
            long hash = KeyHash.of(key);
            for (String spelling : normalizer.spellingsOf(o.key())) {
                candidatesBySpelling.computeIfAbsent(spelling, s -> new HashSet<>()).add(hash);
            }
            for (DerivedRules.Owner owner : owners.getOrDefault(o, List.of())) {
                if (owner.key() != null) {
                    long ownerHash = KeyHash.of(owner.key());
                    for (String spelling : normalizer.spellingsOf(owner.key())) {
                        candidatesBySpelling.computeIfAbsent(spelling, s -> new HashSet<>()).add(ownerHash);
                    }
                }
            }
        }
        Set<Long> hashes = new HashSet<>();
        for (ReferenceSource source : sources) {
            for (String raw : source.lookUp(candidatesBySpelling.keySet(), normalizer.ignoresCase())) {
                hashes.addAll(candidatesBySpelling.getOrDefault(raw, Set.of()));
                String key = normalizer.normalize(raw);
                if (key != null) {
                    hashes.add(KeyHash.of(key));
                    // The same spellings the mark accepts: a row "media/x.jpg?v=2" claims x.jpg here too.
                    normalizer.lenientForms(raw, key).forEach(form -> hashes.add(KeyHash.of(form)));
                }
            }
        }
        return hashes;
    }
}
