package dev.mediagc.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.MediaTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker (or an unlucky deploy script) swaps a folder of the store with a symbolic link to an
 * outside folder of same-named files, back and forth in a tight loop, while each action runs. Every
 * action must stay inside: outside files keep their content and number, and nothing but (at most)
 * an empty folder appears outside.
 */
class LinkSwapRaceTest {

    private static final int FILES = 200;
    /**
     * Each action is raced for this long (rounds of FILES keys): thousands of swaps. On the old
     * path-based code a second caught an escape in some actions; -Drace.millis=5000 in all.
     */
    private static final long RACE_NANOS = Long.getLong("race.millis", 1_000) * 1_000_000L;
    /** How long the swapper keeps each state (real folder, link), about one action's system calls. */
    private static final long HOLD_NANOS = Long.getLong("race.hold", 2_000);

    @TempDir
    Path temp;
    Path root;
    Path outside;
    ManagedStore store;
    Map<String, String> outsideBefore;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("media"));
        outside = Files.createDirectories(temp.resolve("outside"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(outside.resolve(name(i)), "outside file " + i + ", not the store's");
            Files.createDirectories(outside.resolve("empty-" + i));
        }
        outsideBefore = MediaTree.snapshot(outside);
        store = ManagedStore.of(LocalStore.at(root));
    }

    private static String name(int i) {
        return "Straße " + i + ".jpg";
    }

    private List<String> writeStoreFiles(Path folder, String keyPrefix) throws IOException {
        Files.createDirectories(folder);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            Files.writeString(folder.resolve(name(i)), "store file " + i);
            keys.add(keyPrefix + name(i));
        }
        return keys;
    }

    @Test
    void deleteNeverReachesOutsideWhileAFolderIsSwappedWithALink() throws Exception {
        long deadline = System.nanoTime() + RACE_NANOS;
        for (int round = 0; System.nanoTime() < deadline; round++) {
            List<String> keys = writeStoreFiles(root.resolve("photos"), "photos/");
            try (Swapper swapper = Swapper.start(root.resolve("photos"), outside)) {
                for (String key : keys) {
                    attempt(() -> store.delete(key));
                }
                swapper.awaitSwaps();
            }
            assertOutsideUntouched();
        }
    }

    @Test
    void quarantineNeverTakesOutsideFilesWhileAFolderIsSwappedWithALink() throws Exception {
        long deadline = System.nanoTime() + RACE_NANOS;
        for (int round = 0; System.nanoTime() < deadline; round++) {
            List<String> keys = writeStoreFiles(root.resolve("photos"), "photos/");
            String run = "run" + round;
            try (Swapper swapper = Swapper.start(root.resolve("photos"), outside)) {
                for (String key : keys) {
                    attempt(() -> store.quarantine(key, run));
                }
                swapper.awaitSwaps();
            }
            assertOutsideUntouched();
        }
        Path quarantine = root.resolve(".mediagc/quarantine");
        if (Files.exists(quarantine)) {
            try (Stream<Path> quarantined = Files.walk(quarantine)) {
                assertThat(quarantined.filter(Files::isRegularFile).map(LinkSwapRaceTest::content))
                        .as("only the store's own files are in quarantine").allMatch(c -> c.startsWith("store file"));
            }
        }
    }

    @Test
    void restoreNeverWritesOutsideWhileAFolderIsSwappedWithALink() throws Exception {
        long deadline = System.nanoTime() + RACE_NANOS;
        for (int round = 0; System.nanoTime() < deadline; round++) {
            String run = "run" + round;
            List<String> keys = writeStoreFiles(root.resolve("photos"), "photos/");
            for (String key : keys) {
                store.quarantine(key, run);
            }
            try (Swapper swapper = Swapper.start(root.resolve("photos"), outside)) {
                for (String key : keys) {
                    attempt(() -> store.restore(key, run));
                }
                swapper.awaitSwaps();
            }
            assertOutsideUntouched();
            assertThat(storeFilesLeftInPlace() + filesIn(root.resolve(".mediagc/quarantine/" + run)))
                    .as("every file restored or still in quarantine").isEqualTo(FILES);
            clearPhotos();
        }
    }

    @Test
    void emptyFolderRemovalNeverRemovesOutsideFoldersWhileAFolderIsSwappedWithALink() throws Exception {
        long deadline = System.nanoTime() + RACE_NANOS;
        for (int round = 0; System.nanoTime() < deadline; round++) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                Files.createDirectories(root.resolve("photos/empty-" + i));
                keys.add("photos/empty-" + i);
            }
            Files.writeString(root.resolve("photos/keep.jpg"), "keeps photos/ from being removed");
            try (Swapper swapper = Swapper.start(root.resolve("photos"), outside)) {
                for (String key : keys) {
                    attempt(() -> store.removeEmptyFolders(List.of(key)));
                }
                swapper.awaitSwaps();
            }
            assertOutsideUntouched();
        }
    }

    /** Files in the store, wherever the swapping left their folder (photos/ or photos.real/). */
    private long storeFilesLeftInPlace() {
        return MediaTree.snapshot(root).size();
    }

    private static long filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
        }
    }

    private void clearPhotos() throws IOException {
        for (String folder : List.of("photos", "photos.real")) {
            if (!Files.exists(root.resolve(folder), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(root.resolve(folder))) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void purgeNeverReachesOutsideWhileAQuarantineFolderIsSwappedWithALink() throws Exception {
        AtomicLong purges = new AtomicLong();
        long deadline = System.nanoTime() + RACE_NANOS;
        // Several rounds: each purge is one quick walk, so the swapper gets many chances.
        for (int round = 0; System.nanoTime() < deadline; round++) {
            String run = "run" + round;
            Path quarantined = root.resolve(".mediagc/quarantine/" + run + "/photos");
            writeStoreFiles(quarantined, "");
            try (Swapper swapper = Swapper.start(quarantined, outside)) {
                swapper.awaitSwaps();
                attempt(() -> store.purgeQuarantine(run));
                purges.incrementAndGet();
            }
        }
        assertThat(purges.get()).isPositive();
        assertOutsideUntouched();
    }

    /** An action may fail (it met a link, or a folder that was just moved away); it must not escape. */
    private static void attempt(IoAction action) {
        try {
            action.run();
        } catch (IOException | UncheckedIOException e) {
            // refused or failed: expected now and then while the folder is swapped
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void assertOutsideUntouched() throws IOException {
        Map<String, String> now = MediaTree.snapshot(outside);
        long changed = outsideBefore.entrySet().stream().filter(e -> !e.getValue().equals(now.get(e.getKey()))).count();
        assertThat(changed).as("outside files removed or overwritten").isZero();
        assertThat(now.size()).as("outside files").isEqualTo(outsideBefore.size());
        try (Stream<Path> all = Files.walk(outside)) {
            List<Path> folders = all.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
            for (Path folder : folders) {
                String name = folder.getFileName().toString();
                assertThat(folder.equals(outside) || name.startsWith("empty-") || isEmpty(folder))
                        .as("only empty folders may appear outside: %s", folder).isTrue();
            }
            for (int i = 0; i < FILES; i++) {
                assertThat(outside.resolve("empty-" + i)).as("outside folder empty-%d", i).isDirectory();
            }
        }
    }

    private static String content(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Swaps {@code folder} with a link to {@code target} and back, as fast as it can, until closed;
     * on close it puts the real folder back.
     */
    private static final class Swapper implements AutoCloseable {
        private final Path folder;
        private final Path aside;
        private final Path target;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong swaps = new AtomicLong();
        private final Thread thread;

        private Swapper(Path folder, Path target) {
            this.folder = folder;
            this.aside = folder.resolveSibling(folder.getFileName() + ".real");
            this.target = target;
            this.thread = new Thread(this::loop, "link-swapper");
        }

        static Swapper start(Path folder, Path target) {
            Swapper swapper = new Swapper(folder, target);
            swapper.thread.setDaemon(true);
            swapper.thread.start();
            // The action starts only once the swapping is under way, or it could be over before.
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (swapper.swaps.get() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return swapper;
        }

        private void loop() {
            while (!stop.get()) {
                try {
                    Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
                    try {
                        Files.createSymbolicLink(folder, target);
                        hold();
                        Files.delete(folder);
                    } finally {
                        Files.move(aside, folder, StandardCopyOption.ATOMIC_MOVE);
                    }
                    swaps.incrementAndGet();
                    hold();
                } catch (IOException e) {
                    // the action made or removed something in the gap; try again
                }
            }
        }

        /** Keeps the current state a few microseconds, about as long as one action's system calls. */
        private static void hold() {
            long until = System.nanoTime() + HOLD_NANOS;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }

        /** Makes sure the race really ran: at least some swaps happened. */
        void awaitSwaps() throws InterruptedException {
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (swaps.get() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(swaps.get()).as("swaps done").isPositive();
        }

        @Override
        public void close() throws InterruptedException, IOException {
            stop.set(true);
            thread.join();
            if (Files.isSymbolicLink(folder)) {
                Files.delete(folder);
            }
            if (Files.isDirectory(aside, LinkOption.NOFOLLOW_LINKS) && !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(aside, folder, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
