package dev.mediagc.internal.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.internal.store.StateFolder;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a past run's page lists: what its journal says it moved out of place and kept out, never a
 * file the run left in place or that was put back since, worked out in temporary files.
 */
@Tag("fast")
class KeptOutSpoolTest {

    private static final String RUN = "20261120T120000Z-0a0b";
    private static final Instant TIME = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path temp;

    private StateFolder state() throws IOException {
        return ManagedStore.of(LocalStore.at(Files.createDirectories(temp.resolve("media")))).state();
    }

    private static StoredObject object(String key, long size) {
        return new StoredObject(key, size, TIME, null);
    }

    private static List<String> keys(KeptOutSpool spool) throws IOException {
        List<String> keys = new ArrayList<>();
        spool.forEach(object -> keys.add(object.key()));
        return keys;
    }

    @Test
    void listsWhatWasMovedAndKeptOutButNotWhatWasKeptFailedOrPutBack() throws IOException {
        StateFolder state = state();
        try (Journal journal = Journal.open(state, RUN)) {
            journal.intents(JournalEntry.QUARANTINE, List.of(object("a.jpg", 1), object("kept-at-the-last-moment.jpg", 2),
                    object("failed.jpg", 3), object("restored-after-the-run.jpg", 4)));
            journal.outcomes(JournalEntry.QUARANTINE,
                    List.of("a.jpg", "kept-at-the-last-moment.jpg", "failed.jpg", "restored-after-the-run.jpg"),
                    Arrays.asList(null, "kept: changed since verification", "disk full", null),
                    Set.of("kept-at-the-last-moment.jpg"));
            journal.intents(JournalEntry.QUARANTINE, List.of(object("put-back-by-the-second-mark.jpg", 5),
                    object("deleted-from-quarantine.jpg", 6)));
            journal.outcomes(JournalEntry.QUARANTINE, List.of("put-back-by-the-second-mark.jpg", "deleted-from-quarantine.jpg"),
                    Arrays.asList(null, null));
            journal.outcomes(JournalEntry.RESTORE, List.of("put-back-by-the-second-mark.jpg"), Arrays.asList((String) null));
            journal.intents(JournalEntry.DELETE, List.of(object("deleted-from-quarantine.jpg", 6)));
            journal.outcomes(JournalEntry.DELETE, List.of("deleted-from-quarantine.jpg"), Arrays.asList((String) null));
            journal.finish();
        }
        // A restore after the run appends its outcomes to the run's journal.
        try (Journal restore = Journal.open(state, RUN)) {
            restore.outcomes(JournalEntry.RESTORE, List.of("restored-after-the-run.jpg"), Arrays.asList((String) null));
        }

        try (KeptOutSpool spool = KeptOutSpool.of(state, RUN)) {
            List<StoredObject> listed = new ArrayList<>();
            spool.forEach(listed::add);

            assertThat(listed).containsExactly(object("a.jpg", 1), object("deleted-from-quarantine.jpg", 6));
            assertThat(spool.count()).isEqualTo(2);
        }
    }

    @Test
    void keepsTheJournalsOrderAcrossBucketsAndReadsAsOftenAsAsked() throws IOException {
        StateFolder state = state();
        List<String> expected = new ArrayList<>();
        try (Journal journal = Journal.open(state, RUN)) {
            for (int batch = 0; batch < 20; batch++) {
                List<StoredObject> objects = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                List<String> errors = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String key = "folder-" + (19 - batch) + "/file-" + i + ".jpg"; // not in key order
                    objects.add(object(key, i));
                    keys.add(key);
                    boolean fails = i % 7 == 0;
                    errors.add(fails ? "timeout" : null);
                    if (!fails) {
                        expected.add(key);
                    }
                }
                journal.intents(JournalEntry.QUARANTINE, objects);
                journal.outcomes(JournalEntry.QUARANTINE, keys, errors);
            }
        }

        // About forty buckets of fifty entries: every key's entries meet in one, and the merge restores the order.
        try (KeptOutSpool spool = KeptOutSpool.of(state, RUN, 50)) {
            assertThat(keys(spool)).containsExactlyElementsOf(expected);
            assertThat(keys(spool)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void spreadsKeysThatDifferOnlyInTheirDigitsEvenlyOverTheBuckets() {
        int buckets = KeptOutSpool.MAX_BUCKETS;
        int keys = 200_000;
        int[] sizes = new int[buckets];
        for (int i = 0; i < keys; i++) {
            sizes[KeptOutSpool.bucketOf(String.format("photos/2016/01/01/IMG_%08d.jpg", i), buckets)]++;
        }

        // Settling a bucket in memory relies on none holding much more than its share
        // (String.hashCode puts nearly twice the share into some of 256 buckets).
        assertThat(Arrays.stream(sizes).max().getAsInt()).isLessThan(keys / buckets * 5 / 4);
    }

    @Test
    void deletesItsTemporaryFilesWhenClosed() throws IOException {
        StateFolder state = state();
        try (Journal journal = Journal.open(state, RUN)) {
            journal.intents(JournalEntry.QUARANTINE, List.of(object("a.jpg", 1)));
            journal.outcomes(JournalEntry.QUARANTINE, List.of("a.jpg"), Arrays.asList((String) null));
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = spoolFolders(tmp);

        KeptOutSpool spool = KeptOutSpool.of(state, RUN);
        assertThat(spoolFolders(tmp)).hasSize(before.size() + 1);
        spool.close();

        assertThat(spoolFolders(tmp)).containsExactlyInAnyOrderElementsOf(before);
    }

    private static List<Path> spoolFolders(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("mediagc-kept-out-")).toList();
        }
    }
}
