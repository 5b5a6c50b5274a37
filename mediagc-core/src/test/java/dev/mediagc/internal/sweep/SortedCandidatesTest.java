package dev.mediagc.internal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Candidates come out in key order (code points, as S3 orders UTF-8 bytes), whole, spilled or not. */
class SortedCandidatesTest {

    @Test
    void mergesSpilledChunksIntoKeyOrderWithEveryAttributeKept() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        String[] parts = {"a", "B", "é", "\uFB01", "😀", "/", " ", "z", "0"};
        List<StoredObject> objects = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (objects.size() < 500) {
            StringBuilder key = new StringBuilder();
            for (int i = random.nextInt(1, 6); i > 0; i--) {
                key.append(parts[random.nextInt(parts.length)]);
            }
            if (seen.add(key.toString())) {
                objects.add(new StoredObject(key.toString(), objects.size(), Instant.ofEpochSecond(objects.size(), 123),
                        objects.size() % 3 == 0 ? null : "v" + objects.size()));
            }
        }
        List<StoredObject> sorted = new ArrayList<>();
        try (CandidateSpool spool = new CandidateSpool()) {
            for (StoredObject o : objects) {
                spool.add(o);
            }
            SortedCandidates.forEach(spool, 37, sorted::add);
        }

        List<StoredObject> expected = new ArrayList<>(objects);
        expected.sort(java.util.Comparator.comparing(StoredObject::key, KeyOrder.COMPARATOR));
        assertThat(sorted).containsExactlyElementsOf(expected);
        // Code-point order differs from String's own order here: 😀 (a surrogate pair) sorts after ﬁ.
        assertThat(KeyOrder.compare("😀", "\uFB01")).isPositive();
        assertThat("😀".compareTo("\uFB01")).isNegative();
    }
}
