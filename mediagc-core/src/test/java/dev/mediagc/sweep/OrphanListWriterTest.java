package dev.mediagc.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.store.StoredObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanListWriterTest {

    @TempDir
    Path temp;

    @Test
    void mergesSpilledRunsIntoOneSortedListEqualToAnInMemorySort() throws Exception {
        Random random = new Random(3);
        List<String> keys = new ArrayList<>();
        try (CandidateSpool spool = new CandidateSpool()) {
            for (int i = 0; i < 25_000; i++) {
                String key = "photos/" + random.nextInt(2000) + "/caf\u00e9-" + random.nextInt(1_000_000) + ".jpg";
                keys.add(key);
                spool.add(new StoredObject(key, 1, Instant.EPOCH));
            }
            Path list = temp.resolve("orphans.txt");

            spool.add(new StoredObject("evil\nlogo.png", 1, Instant.EPOCH));

            long left = OrphanListWriter.write(spool, list, 1_000); // 25 runs to merge

            assertThat(left).as("a name with a line break would read as two keys").isEqualTo(1);

            keys.sort(null);
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(keys);
            try (var leftovers = Files.list(temp)) {
                assertThat(leftovers).containsExactly(list);
            }
        }
    }
}
