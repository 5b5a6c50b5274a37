package dev.mediagc.s3.inventory;

import dev.mediagc.spi.StoredObject;
import dev.mediagc.testing.ForwardingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How fast an inventory lists, per format, on this machine: not part of the test run (the name
 * ends in Benchmark); run it with
 * {@code mvn -B -o test -pl mediagc-s3-inventory -am -Dtest=ListingThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dinventory.rows=1000000 -Dinventory.threads=1}.
 */
class ListingThroughputBenchmark {

    @org.junit.jupiter.api.io.TempDir
    Path temp;

    @Test
    void listsAnInventoryOfManyObjects() throws Exception {
        int count = Integer.getInteger("inventory.rows", 1_000_000);
        int threads = Integer.getInteger("inventory.threads", 1);
        List<InventoryFixture.Row> rows = new ArrayList<>(count);
        Instant modified = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            rows.add(new InventoryFixture.Row("media", "site/" + (i % 997) + "/photo " + i + ".jpg", null, true, false,
                    1000L + i, modified.plusSeconds(i), String.format("%032x", i)));
        }
        ForwardingStore store = new ForwardingStore(null) {
            @Override
            public String location() {
                return "s3://media/site/";
            }

            @Override
            public int parallelism() {
                return threads;
            }
        };
        for (InventoryFormat format : InventoryFormat.values()) {
            long writeStart = System.nanoTime();
            InventoryFixture.Written written = InventoryFixture.write(temp.resolve(format.name()), "media", format,
                    Instant.now(), rows, 4);
            double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
            long bytes = 0;
            for (int i = 0; i < written.dataKeys().size(); i++) {
                bytes += Files.size(written.dataFile(i));
            }
            try (Inventory inventory = Inventory.open(written.manifest().toString(), Map.of())) {
                InventoryListedStore listed = InventoryListedStore.over(store, inventory, null, Clock.systemUTC());
                long[] seen = new long[1];
                long start = System.nanoTime();
                listed.list((StoredObject o) -> seen[0]++);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s, %d thread(s): %,d objects in %.2f s (%,.0f objects/s; two passes, MD5 included); "
                        + "data files %,d bytes (%.1f bytes/object); written in %.1f s%n", format,
                        threads, seen[0], seconds, seen[0] / seconds, bytes, (double) bytes / count, writeSeconds);
            }
        }
    }
}
