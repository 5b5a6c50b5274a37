package dev.mediagc.bench;

import dev.mediagc.internal.derive.DerivedLookingGuard;
import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.mark.MarkSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Times the derived-files guard in process, on the sweep benchmark's key layout: a fifth of the
 * keys are orphan candidates, the rest referenced. Prints each round; the first rounds warm the
 * JIT, so read the last ones. To compare two builds, run each build's jar alternately:
 *
 * <pre>
 * java -XX:+UseSerialGC -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.DerivedGuardBenchmark 1000000 [rounds]
 * </pre>
 */
public final class DerivedGuardBenchmark {

    private DerivedGuardBenchmark() {
    }

    public static void main(String[] args) {
        int keys = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        MarkSet marks = new MarkSet();
        List<String> candidates = new ArrayList<>();
        List<String> referenced = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < keys; i++) {
            String key = BenchKeys.keyOf(i);
            if (random.nextInt(5) == 0) {
                candidates.add(key);
            } else {
                marks.add(KeyHash.of(key));
                referenced.add(key);
            }
        }
        for (int round = 1; round <= rounds; round++) {
            DerivedLookingGuard guard = new DerivedLookingGuard();
            referenced.forEach(guard::referenced);
            long started = System.nanoTime();
            for (String key : candidates) {
                guard.candidate(key, key, marks);
            }
            DerivedLookingGuard.Finding finding = guard.finish();
            System.out.printf("round %d: %,d candidates in %.0f ms (%,d look derived)%n", round, candidates.size(),
                    (System.nanoTime() - started) / 1e6, finding.looking());
        }
    }
}
