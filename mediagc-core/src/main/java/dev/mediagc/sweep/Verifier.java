package dev.mediagc.sweep;

import dev.mediagc.key.KeyHash;
import dev.mediagc.key.KeyNormalizer;
import dev.mediagc.reference.ReferenceSource;
import dev.mediagc.reference.ReferenceSourceException;
import dev.mediagc.report.SweepReport;
import dev.mediagc.store.ObjectStore;
import dev.mediagc.store.StoredObject;
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
 */
final class Verifier {

    private final List<ReferenceSource> sources;
    private final KeyNormalizer normalizer;
    private final ObjectStore store;
    private final ParallelCalls calls;

    Verifier(List<ReferenceSource> sources, KeyNormalizer normalizer, ObjectStore store, ParallelCalls calls) {
        this.sources = sources;
        this.normalizer = normalizer;
        this.store = store;
        this.calls = calls;
    }

    List<StoredObject> verify(List<StoredObject> batch, SweepReport report) throws ReferenceSourceException, IOException {
        Set<Long> referencedNow = referencedNow(batch);
        List<StoredObject> unreferenced = new ArrayList<>(batch.size());
        for (StoredObject listed : batch) {
            String key = normalizer.normalize(listed.key());
            if (key == null || referencedNow.contains(KeyHash.of(key))) {
                report.keptReferencedAgain().add(listed.key(), listed.size());
            } else {
                unreferenced.add(listed);
            }
        }
        List<ParallelCalls.Outcome<Optional<StoredObject>>> now = calls.each(unreferenced, o -> store.stat(o.key()));
        List<StoredObject> passed = new ArrayList<>(unreferenced.size());
        for (int i = 0; i < unreferenced.size(); i++) {
            StoredObject listed = unreferenced.get(i);
            ParallelCalls.Outcome<Optional<StoredObject>> stat = now.get(i);
            if (stat.error() != null) {
                throw stat.error(); // cannot tell whether it changed: stop acting rather than guess
            }
            if (stat.value().isEmpty() || !listed.unchangedIn(stat.value().get())) {
                report.keptChanged().add(listed.key(), listed.size());
                continue;
            }
            passed.add(listed);
        }
        return passed;
    }

    /**
     * Hashes of the matching forms that some row of some source holds right now. A spelling a
     * source reports claims the candidate it was made for, whatever it normalises to itself (a
     * lower-cased mojibake spelling, say, no longer repairs); and, like a value in the mark, it
     * claims its own normal and lenient forms too.
     */
    private Set<Long> referencedNow(List<StoredObject> batch) throws ReferenceSourceException {
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
