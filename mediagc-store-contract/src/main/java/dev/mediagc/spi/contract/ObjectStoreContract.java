package dev.mediagc.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.mediagc.GuardRefusal;
import dev.mediagc.internal.guard.SweepLease;
import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.JournalEntry;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.internal.store.QuarantineLayout;
import dev.mediagc.internal.store.StateFolder;
import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.OrderedListing;
import dev.mediagc.spi.StoredContent;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.UnsafeKeyException;
import dev.mediagc.spi.VersionMismatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, as tests. A store's own test class extends this and
 * says how to make an empty store; every test here then runs against it, and a failure says in
 * its message which promise of the {@link ObjectStore} contract the store broke.
 *
 * <pre>{@code
 * class MyStoreContractTest extends ObjectStoreContract {
 *     protected ObjectStore newEmptyStore() { return MyStore.open(freshBucketPrefix()); }
 * }
 * }</pre>
 *
 * <p>The last tests run mediagc's own machinery (quarantine, restore, purge, the journal, the sweep
 * lease) over the store, since those are built on nothing but the store's primitive operations.
 */
public abstract class ObjectStoreContract {

    /** Keys that stores tend to get wrong: spaces, {@code %}, {@code +}, non-ASCII letters, deep folders. */
    protected static final List<String> AWKWARD_KEYS = List.of(
            "plain.jpg",
            "with space/file name.jpg",
            "percent%20and%2F.png",
            "plus+sign.jpg",
            "caf\u00e9/\u65e5\u672c\u8a9e/\ud83d\ude00.png",
            "deep/er/and/deeper/still/x.png",
            "parenthesis (1).jpg");

    /** Keys that would leave the store's root or name nothing; every operation must refuse them. */
    protected static final List<String> UNSAFE_KEYS = List.of(
            "../x", "/abs", "a//b", "", "a/../../b", "./a", "a/.", "a\u0000b");

    private ObjectStore store;

    /**
     * A new store over an empty root (a fresh folder, a fresh bucket prefix), for one test. It is
     * closed after the test.
     */
    protected abstract ObjectStore newEmptyStore() throws IOException;

    /**
     * How far the store's clock may be ahead of or behind this machine's. A local store shares the
     * clock; a remote service's clock is allowed this much.
     */
    protected Duration clockTolerance() {
        return Duration.ofSeconds(2);
    }

    /**
     * Whether the server under test makes conditional writes atomic, so the race tests
     * ({@code createIfAbsent}, {@code replaceIfVersion}, lease takeover) can pass. Return false only
     * for a test server known to check conditions and then write in two steps (S3Proxy does): the
     * race tests are then skipped, saying so, and must be run against the real service.
     */
    protected boolean conditionalWritesAreAtomic() {
        return true;
    }

    private void assumeAtomicConditionalWrites() {
        Assumptions.assumeTrue(conditionalWritesAreAtomic(), "skipped: the server under test does not make conditional "
                + "writes atomic (conditionalWritesAreAtomic() is false); run this against the real service");
    }

    @BeforeEach
    final void openStore() throws IOException {
        store = newEmptyStore();
        assertThat(store).as("newEmptyStore() returned null").isNotNull();
    }

    @AfterEach
    final void closeStore() throws IOException {
        if (store != null) {
            store.close();
        }
    }

    /** The store under test. */
    protected final ObjectStore store() {
        return store;
    }

    // ---------------------------------------------------------------- listing

    @Test
    void listReportsExactlyTheObjectsWrittenUnderTheirOwnKeys() throws IOException {
        for (String key : AWKWARD_KEYS) {
            store.write(key, bytes(key));
        }
        List<String> listed = listedKeys(store);
        assertThat(listed)
                .as("list() must report every object written with write(), once each, under the very key it "
                        + "was written with (no decoding or encoding of %%, +, spaces or non-ASCII letters)")
                .containsExactlyInAnyOrderElementsOf(AWKWARD_KEYS);
    }

    @Test
    void throughMediagcAListingNeverShowsItsOwnArea() throws IOException {
        store.write("a.jpg", bytes("a"));
        store.write(".mediagc/lock.json", bytes("{}"));
        store.write(QuarantineLayout.keyOf("20260101T000000Z-abc", "b.jpg"), bytes("b"));
        assertThat(listedKeys(ManagedStore.of(store)::list))
                .as("list() must report objects under .mediagc/ with keys starting '.mediagc/' (or skip them), "
                        + "so that mediagc can hide its own area; it showed something else of it")
                .containsExactly("a.jpg");
    }

    @Test
    void askingTheLetterCaseWritesNothingAndTheAnswerHolds() throws IOException {
        store.write("photo.jpg", bytes("lower"));
        store.write(".mediagc/lock.json", bytes("{}"));
        List<String> root = store.children("");
        List<String> state = store.children(".mediagc/");

        dev.mediagc.spi.LetterCase answer = store.letterCase();

        assertThat(answer).as("letterCase()").isNotNull();
        assertThat(store.children("")).as("asked on a dry run too, so it writes nothing").isEqualTo(root);
        assertThat(store.children(".mediagc/")).as("asked on a dry run too, so it writes nothing").isEqualTo(state);
        if (answer == dev.mediagc.spi.LetterCase.EXACT) {
            assertThat(store.stat("PHOTO.JPG")).as("an EXACT store's other spelling is another key").isEmpty();
        } else if (answer == dev.mediagc.spi.LetterCase.FOLDED) {
            assertThat(store.stat("PHOTO.JPG")).as("a FOLDED store answers every spelling").isPresent();
        }
    }

    @Test
    void theVisitorIsNeverCalledFromTwoThreadsAtOnce() throws IOException {
        for (int folder = 0; folder < 12; folder++) {
            for (int file = 0; file < 12; file++) {
                store.write("f" + folder + "/g" + (file % 3) + "/" + file + ".jpg", bytes("x"));
            }
        }
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger seen = new AtomicInteger();
        store.list(new ListingVisitor() {
            @Override
            public void object(StoredObject object) {
                if (inside.incrementAndGet() > 1) {
                    overlapped.set(true);
                }
                seen.incrementAndGet();
                try {
                    Thread.sleep(1); // long enough for a second listing thread to run into this one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inside.decrementAndGet();
            }
        });
        assertThat(overlapped.get())
                .as("list() called the visitor from two threads at once; calls must come one at a time")
                .isFalse();
        assertThat(seen.get()).as("list() must report each of the 144 objects written").isEqualTo(144);
    }

    // ---------------------------------------------------------------- ordered listing (optional)

    /**
     * Keys on both sides of the boundaries a listing may get wrong: names that sort before and after
     * a folder's {@code /} ({@code a-b/}, {@code a.jpg}, {@code a0.jpg}), before mediagc's own
     * area ({@code -draft.jpg}, {@code .hidden}) and just after it ({@code .mediagc0.jpg}).
     */
    protected static final List<String> ORDER_KEYS = List.of("-draft.jpg", ".hidden", ".mediagc.jpg", ".mediagc0.jpg",
            "a-b/x.jpg", "a.jpg", "a/x.jpg", "a/y/z.png", "a0.jpg", "caf\u00e9/menu.pdf", "photos/2024/05/IMG 0001.jpg",
            "photos/2024/05/IMG_0001.jpg", "photos/2024/06/\u6771\u4eac.png", "z.txt");

    /** The store as an {@link OrderedListing}; the test is skipped for a store without that ability. */
    private OrderedListing orderedListing() {
        Assumptions.assumeTrue(store instanceof OrderedListing, "skipped: the store does not implement OrderedListing");
        return (OrderedListing) store;
    }

    @Test
    void anOrderedListingListsEveryStretchOfTheKeysInKeyOrder() throws IOException {
        OrderedListing ordered = orderedListing();
        for (String key : ORDER_KEYS) {
            store.write(key, bytes(key));
        }
        List<String> expected = new ArrayList<>(ORDER_KEYS);
        expected.sort(KeyOrder.COMPARATOR);
        assertThat(ordered.keysAfter(null, 100))
                .as("keysAfter(null, limit) must list every key from the first, in KeyOrder (code points)")
                .containsExactlyElementsOf(expected);
        assertThat(ordered.keysAfter(null, 3)).as("keysAfter() must list at most 'limit' keys, the first ones")
                .containsExactlyElementsOf(expected.subList(0, 3));
        for (int i = 0; i < expected.size(); i++) {
            assertThat(ordered.keysAfter(expected.get(i), 100))
                    .as("keysAfter(\"%s\") must list exactly the keys after it, none left out", expected.get(i))
                    .containsExactlyElementsOf(expected.subList(i + 1, expected.size()));
        }
        assertThat(ordered.keysAfter("a/", 2)).as("keysAfter() of a point that is no key starts at the next key")
                .containsExactly("a/x.jpg", "a/y/z.png");
        assertThat(ordered.keysAfter("b", 100)).as("keysAfter() of a point that is no key starts at the next key")
                .containsExactlyElementsOf(expected.subList(expected.indexOf("caf\u00e9/menu.pdf"), expected.size()));
        assertThat(ordered.keysAfter("z.txt", 100)).as("keysAfter() of the last key must be empty").isEmpty();
    }

    @Test
    void anOrderedListingNeverShowsTheStoresOwnArea() throws IOException {
        OrderedListing ordered = orderedListing();
        for (String key : ORDER_KEYS) {
            store.write(key, bytes(key));
        }
        for (int i = 0; i < 30; i++) {
            store.write(QuarantineLayout.keyOf("20260101T000000Z-abc", "q" + i + ".jpg"), bytes("q"));
        }
        store.write(".mediagc/lock.json", bytes("{}"));
        // The first name after the area in key order: a listing that restarts past the area must not skip it.
        store.write(".mediagc0", bytes("a file whose name is the area's name and a 0"));
        List<String> expected = new ArrayList<>(ORDER_KEYS);
        expected.add(".mediagc0");
        expected.sort(KeyOrder.COMPARATOR);
        assertThat(ordered.keysAfter(null, 100)).as("keysAfter() must never list mediagc's own area (.mediagc/)")
                .containsExactlyElementsOf(expected);
        assertThat(ordered.keysAfter(".hidden", 2)).as("keysAfter() must go on past mediagc's own area")
                .containsExactly(".mediagc.jpg", ".mediagc0");
        assertThat(ordered.keysAfter(".mediagc.jpg", 1)).as("keysAfter() must go on past mediagc's own area, "
                + "to the first key after it").containsExactly(".mediagc0");
        assertThat(ordered.keysAfter(".mediagc0", 1)).containsExactly(".mediagc0.jpg");
        assertThat(ordered.entries("", 100)).as("entries(\"\") must not name mediagc's own area")
                .doesNotContain(".mediagc/", ".mediagc");
    }

    @Test
    void anOrderedListingHasEveryKeyTheFullListingHasAndOnlyAnotherStoresBesides() throws IOException {
        OrderedListing ordered = orderedListing();
        for (String key : ORDER_KEYS) {
            store.write(key, bytes(key));
        }
        try {
            store.write("plugins/other/.mediagc/lock.json", bytes("{}"));
        } catch (UnsafeKeyException e) {
            // A store that refuses to write into another store's state (the local store) cannot be
            // given a nested store through its own API; its own tests cover that case.
            Assumptions.abort("skipped: the store refuses to write another store's state: " + e.getMessage());
        }
        store.write("plugins/other/x.jpg", bytes("x"));
        List<String> listed = listedKeys(ManagedStore.of(store)::list);
        List<String> stretch = ordered.keysAfter(null, 100);
        assertThat(stretch).as("keysAfter() must list every key that list() reports").containsAll(listed);
        assertThat(stretch.stream().filter(key -> !listed.contains(key)).toList())
                .as("keysAfter() may list another store's keys (below a folder holding .mediagc), nothing else")
                .allMatch(key -> key.startsWith("plugins/other/"));
    }

    @Test
    void holdsOtherStoreNamesOnlyAFolderHoldingMediagcState() throws IOException {
        store.write("plugins/mine/x.jpg", bytes("x"));
        store.write("plugins/mine/.mediagc.jpg", bytes("a file named like state, not state"));
        try {
            store.write("plugins/other/.mediagc/lock.json", bytes("{}"));
        } catch (UnsafeKeyException e) {
            Assumptions.abort("skipped: the store refuses to write another store's state: " + e.getMessage());
        }
        store.write("plugins/other/y.jpg", bytes("y"));
        assertThat(store.holdsOtherStore("plugins/other/")).as("a folder holding .mediagc/ belongs to another store").isTrue();
        assertThat(store.holdsOtherStore("plugins/")).as("only the folder directly holding .mediagc/ is named").isFalse();
        assertThat(store.holdsOtherStore("plugins/mine/")).as("a file named .mediagc.jpg is not state").isFalse();
        assertThat(store.holdsOtherStore("missing/")).as("a folder that does not exist holds nothing").isFalse();
    }

    @Test
    void entriesNameWhatIsDirectlyInAFolderInKeyOrder() throws IOException {
        OrderedListing ordered = orderedListing();
        for (String key : ORDER_KEYS) {
            store.write(key, bytes(key));
        }
        assertThat(ordered.entries("", 100))
                .as("entries(\"\") must name the root's objects, and its folders with a trailing '/', in KeyOrder")
                .containsExactly("-draft.jpg", ".hidden", ".mediagc.jpg", ".mediagc0.jpg", "a-b/", "a.jpg", "a/", "a0.jpg",
                        "caf\u00e9/", "photos/", "z.txt");
        assertThat(ordered.entries("a/", 100)).as("entries(\"a/\") must name what is directly in a/")
                .containsExactly("x.jpg", "y/");
        assertThat(ordered.entries("", 2)).as("entries() must name at most 'limit' entries").hasSizeLessThanOrEqualTo(2);
        assertThat(ordered.entries("nothing/", 100)).as("entries() of a folder that does not exist must be empty").isEmpty();
    }

    // ---------------------------------------------------------------- stat, read, versions

    @Test
    void statReportsSizeTimeAndVersion() throws IOException {
        Instant before = Instant.now();
        store.write("photos/a.bin", new byte[1234]);
        Instant after = Instant.now();

        Optional<StoredObject> stat = store.stat("photos/a.bin");
        assertThat(stat).as("stat() of an object just written must find it").isPresent();
        assertThat(stat.get().key()).as("stat() must report the key it was asked for").isEqualTo("photos/a.bin");
        assertThat(stat.get().size()).as("stat() must report the object's size in bytes").isEqualTo(1234);
        assertThat(stat.get().version()).as("stat() must report a version (an ETag, a file's identity and time)")
                .isNotNull();
        Instant time = stat.get().lastModified();
        assertThat(time).as("stat() must report when the object was written").isNotNull();
        assertThat(time)
                .as("stat() reported a time in the future (%s, now %s): an object must never look younger than it is",
                        time, after)
                .isBeforeOrEqualTo(after.plus(clockTolerance()));
        assertThat(time)
                .as("stat() reported a time (%s) long before the object was written (%s): times must be kept to "
                        + "the second at least", time, before)
                .isAfterOrEqualTo(before.minus(clockTolerance()).minusSeconds(1));
        assertThat(store.stat("photos/missing.bin")).as("stat() of a key with no object must be empty").isEmpty();
        assertThat(store.stat("photos")).as("stat() of a folder must be empty: it is not a regular object").isEmpty();
    }

    @Test
    void theVersionChangesOnEveryRewriteAndIsTheSameEverywhere() throws IOException {
        store.write("a.txt", bytes("first"));
        String first = store.stat("a.txt").orElseThrow().version();
        assertThat(store.read("a.txt").orElseThrow().version())
                .as("read() and stat() must report the same version of an unchanged object").isEqualTo(first);
        List<StoredObject> listed = listed(store);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).version())
                .as("list() must report the same version as stat(), or the sweep sees every object as changed "
                        + "between listing and acting, and keeps it")
                .isEqualTo(first);
        assertThat(listed.get(0).size()).as("list() must report the same size as stat()").isEqualTo(5);

        store.write("a.txt", bytes("other")); // the same size
        String second = store.stat("a.txt").orElseThrow().version();
        assertThat(second).as("a rewrite with content of the same size must change the version").isNotEqualTo(first);
    }

    @Test
    void readGivesBackTheBytesWritten() throws IOException {
        byte[] content = binary(200_000);
        store.write("bin/data.bin", content);
        Optional<StoredContent> read = store.read("bin/data.bin");
        assertThat(read).as("read() of an object just written must find it").isPresent();
        assertThat(read.get().bytes()).as("read() must give back the bytes written, byte for byte").isEqualTo(content);
        assertThat(store.read("bin/missing.bin")).as("read() of a key with no object must be empty").isEmpty();
    }

    // ---------------------------------------------------------------- compare and set

    @Test
    void createIfAbsentCreatesOnlyOnce() throws IOException {
        assertThat(store.createIfAbsent("locks/a.json", bytes("one")))
                .as("createIfAbsent() must create an object where there is none, making missing folders").isTrue();
        assertThat(store.createIfAbsent("locks/a.json", bytes("two")))
                .as("createIfAbsent() must return false where an object already is").isFalse();
        assertThat(text(store.read("locks/a.json"))).as("createIfAbsent() must never replace an object").isEqualTo("one");
    }

    @Test
    void createIfAbsentHasExactlyOneWinnerInARace() throws Exception {
        assumeAtomicConditionalWrites();
        for (int round = 0; round < 10; round++) {
            String key = "race/" + round + ".json";
            List<Boolean> results = race(() -> store.createIfAbsent(key, bytes("A")),
                    () -> store.createIfAbsent(key, bytes("B")));
            assertThat(results.stream().filter(Boolean::booleanValue).count())
                    .as("two threads called createIfAbsent() on %s at once; exactly one must get true, got %s", key, results)
                    .isEqualTo(1);
            assertThat(text(store.read(key))).as("the content must be the winner's")
                    .isEqualTo(results.get(0) ? "A" : "B");
        }
    }

    @Test
    void replaceIfVersionRefusesAStaleVersion() throws IOException {
        store.write("lock.json", bytes("first"));
        String first = store.read("lock.json").orElseThrow().version();
        assertThat(store.replaceIfVersion("lock.json", bytes("second"), first))
                .as("replaceIfVersion() with the current version must replace the object").isTrue();
        assertThat(text(store.read("lock.json"))).isEqualTo("second");
        assertThat(store.replaceIfVersion("lock.json", bytes("third"), first))
                .as("replaceIfVersion() with a stale version must refuse (return false): it is mediagc's only "
                        + "protection against two sweeps taking over one lease").isFalse();
        assertThat(text(store.read("lock.json"))).as("a refused replaceIfVersion() must change nothing").isEqualTo("second");
        assertThat(store.replaceIfVersion("missing.json", bytes("x"), first))
                .as("replaceIfVersion() where there is no object must return false").isFalse();
        assertThat(store.stat("missing.json")).as("a refused replaceIfVersion() must create nothing").isEmpty();
    }

    @Test
    void replaceIfVersionHasAtMostOneWinnerInARace() throws Exception {
        assumeAtomicConditionalWrites();
        for (int round = 0; round < 10; round++) {
            String key = "cas/" + round + ".json";
            store.write(key, bytes("start"));
            String version = store.read(key).orElseThrow().version();
            List<Boolean> results = race(() -> store.replaceIfVersion(key, bytes("A"), version),
                    () -> store.replaceIfVersion(key, bytes("B"), version));
            assertThat(results.stream().filter(Boolean::booleanValue).count())
                    .as("two threads replaced version %s of %s at once; at most one may succeed, got %s", version, key, results)
                    .isLessThanOrEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- move, delete, children

    @Test
    void moveKeepsTheBytesAndLeavesNothingBehind() throws IOException {
        byte[] content = binary(300_000);
        store.write("a/photo.jpg", content);
        store.move("a/photo.jpg", "b/c/d/photo.jpg");
        assertThat(store.stat("a/photo.jpg")).as("after move() nothing may be left at the old key").isEmpty();
        assertThat(store.read("b/c/d/photo.jpg").map(StoredContent::bytes).orElse(null))
                .as("after move() the object must be at the new key byte for byte (folders made as needed)")
                .isEqualTo(content);
    }

    @Test
    void moveNeverOverwritesAnObject() throws IOException {
        store.write("a.jpg", bytes("moving"));
        store.write("b.jpg", bytes("already there"));
        assertThat(catchThrowable(() -> store.move("a.jpg", "b.jpg")))
                .as("move() onto an existing object must fail with FileAlreadyExistsException: a restore must never "
                        + "overwrite a file uploaded since")
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(text(store.read("b.jpg"))).as("a refused move() must leave the object at the target as it was")
                .isEqualTo("already there");
        assertThat(text(store.read("a.jpg"))).as("a refused move() must leave the object at the source in place")
                .isEqualTo("moving");
    }

    @Test
    void moveOfNothingFails() {
        assertThat(catchThrowable(() -> store.move("missing.jpg", "elsewhere.jpg")))
                .as("move() from a key with no object must fail with NoSuchFileException")
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void moveIfVersionMovesTheVersionItWasGiven() throws IOException {
        byte[] content = binary(100_000);
        store.write("a/photo.jpg", content);
        String version = store.stat("a/photo.jpg").orElseThrow().version();
        store.moveIfVersion("a/photo.jpg", "b/photo.jpg", version);
        assertThat(store.stat("a/photo.jpg")).as("after moveIfVersion() with the current version nothing may be "
                + "left at the old key").isEmpty();
        assertThat(store.read("b/photo.jpg").map(StoredContent::bytes).orElse(null))
                .as("after moveIfVersion() with the current version the object must be at the new key byte for byte")
                .isEqualTo(content);
    }

    @Test
    void moveIfVersionRefusesAnObjectRewrittenSinceAndLeavesItInPlace() throws IOException {
        store.write("a.jpg", bytes("checked"));
        String checked = store.stat("a.jpg").orElseThrow().version();
        store.write("a.jpg", bytes("a new upload"));

        assertThat(catchThrowable(() -> store.moveIfVersion("a.jpg", "q/a.jpg", checked)))
                .as("moveIfVersion() of an object rewritten since its version was read must fail with "
                        + "VersionMismatchException: the sweep must never move a file uploaded after its last check")
                .isInstanceOf(VersionMismatchException.class);
        assertThat(text(store.read("a.jpg"))).as("a refused moveIfVersion() must leave the rewritten object in place")
                .isEqualTo("a new upload");
        assertThat(store.stat("q/a.jpg")).as("a refused moveIfVersion() must leave nothing at the target").isEmpty();
    }

    @Test
    void moveIfVersionKeepsTheRulesOfMove() throws IOException {
        store.write("a.jpg", bytes("moving"));
        store.write("b.jpg", bytes("already there"));
        String version = store.stat("a.jpg").orElseThrow().version();
        assertThat(catchThrowable(() -> store.moveIfVersion("a.jpg", "b.jpg", version)))
                .as("moveIfVersion() onto an existing object must fail with FileAlreadyExistsException")
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(text(store.read("b.jpg"))).isEqualTo("already there");
        assertThat(text(store.read("a.jpg"))).isEqualTo("moving");
        assertThat(catchThrowable(() -> store.moveIfVersion("missing.jpg", "elsewhere.jpg", version)))
                .as("moveIfVersion() from a key with no object must fail with NoSuchFileException")
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deleteRemovesAndIsQuietWhenNothingIsThere() throws IOException {
        store.write("a/b.jpg", bytes("x"));
        store.delete("a/b.jpg");
        assertThat(store.stat("a/b.jpg")).as("after delete() the object must be gone").isEmpty();
        assertThat(listedKeys(store)).as("after delete() list() must no longer report the object").isEmpty();
        store.delete("a/b.jpg"); // must not throw
    }

    @Test
    void deleteAllReportsFailuresKeyByKey() throws IOException {
        store.write("x.jpg", bytes("x"));
        store.write("y.jpg", bytes("y"));
        Map<String, String> errors = store.deleteAll(List.of("x.jpg", "../escape.jpg", "y.jpg", "never-there.jpg"));
        assertThat(errors.keySet())
                .as("deleteAll() must report each key it could not delete (here an unsafe one) in its result, and "
                        + "go on with the others rather than fail the whole batch")
                .containsExactly("../escape.jpg");
        assertThat(store.stat("x.jpg")).as("deleteAll() must delete the keys it could").isEmpty();
        assertThat(store.stat("y.jpg")).as("deleteAll() must delete the keys it could").isEmpty();
    }

    @Test
    void childrenNamesWhatIsDirectlyInAFolder() throws IOException {
        store.write("f/a.jpg", bytes("a"));
        store.write("f/sub/b.jpg", bytes("b"));
        store.write("f/sub/deeper/c.jpg", bytes("c"));
        store.write("g.jpg", bytes("g"));
        assertThat(store.children("f/"))
                .as("children(\"f/\") must name the objects directly in f/ and its folders with a trailing '/', "
                        + "in key order")
                .containsExactly("a.jpg", "sub/");
        assertThat(store.children("")).as("children(\"\") must name what is directly in the root")
                .contains("f/", "g.jpg").doesNotContain("a.jpg", "sub/");
        assertThat(store.children("nothing/")).as("children() of a folder that does not exist must be empty").isEmpty();
    }

    @Test
    void refusesKeysThatLeaveTheRoot() throws IOException {
        store.write("safe.jpg", bytes("safe"));
        List<String> accepted = new ArrayList<>();
        for (String key : UNSAFE_KEYS) {
            check(accepted, key, "stat", () -> store.stat(key));
            check(accepted, key, "read", () -> store.read(key));
            check(accepted, key, "write", () -> {
                store.write(key, bytes("x"));
                return null;
            });
            check(accepted, key, "createIfAbsent", () -> store.createIfAbsent(key, bytes("x")));
            check(accepted, key, "replaceIfVersion", () -> store.replaceIfVersion(key, bytes("x"), "v"));
            check(accepted, key, "move to", () -> {
                store.move("safe.jpg", key);
                return null;
            });
            check(accepted, key, "move from", () -> {
                store.move(key, "elsewhere.jpg");
                return null;
            });
            check(accepted, key, "delete", () -> {
                store.delete(key);
                return null;
            });
        }
        assertThat(accepted)
                .as("every operation must refuse, with UnsafeKeyException, a key that could leave the root or names "
                        + "nothing (mediagc checks keys first, but a store must never act outside its root)")
                .isEmpty();
        assertThat(text(store.read("safe.jpg"))).isEqualTo("safe");
    }

    private static void check(List<String> accepted, String key, String operation, Callable<?> call) {
        try {
            call.call();
            accepted.add(operation + "('" + UnsafeKeyException.printable(key) + "') returned normally");
        } catch (UnsafeKeyException e) {
            // refused, as it must be
        } catch (Exception e) {
            accepted.add(operation + "('" + UnsafeKeyException.printable(key) + "') threw " + e + " instead");
        }
    }

    // ---------------------------------------------------------------- mediagc over the store

    @Test
    void quarantineThenRestoreGivesBackTheObjectByteForByte() throws IOException {
        ManagedStore managed = ManagedStore.of(store);
        String run = "20260101T000000Z-abc123";
        byte[] content = binary(100_000);
        store.write("photos/2024/a.jpg", content);

        managed.quarantine("photos/2024/a.jpg", run);
        assertThat(store.stat("photos/2024/a.jpg")).as("after quarantine the object must be gone from its key").isEmpty();
        assertThat(managed.isQuarantined("photos/2024/a.jpg", run)).as("quarantine must hold the object").isTrue();
        assertThat(managed.quarantineRuns()).as("children(\".mediagc/quarantine/\") must name the run's folder")
                .contains(run);
        assertThat(managed.quarantinedKeys(run)).containsExactly("photos/2024/a.jpg");
        assertThat(listedKeys(managed::list)).as("a quarantined object must not be listed as media").isEmpty();

        managed.restore("photos/2024/a.jpg", run);
        assertThat(store.read("photos/2024/a.jpg").map(StoredContent::bytes).orElse(null))
                .as("restore must give back the object byte for byte").isEqualTo(content);
        assertThat(managed.isQuarantined("photos/2024/a.jpg", run)).as("restore must empty quarantine").isFalse();
    }

    @Test
    void restoreNeverOverwritesAnObjectUploadedSince() throws IOException {
        ManagedStore managed = ManagedStore.of(store);
        String run = "20260101T000000Z-abc123";
        store.write("a.jpg", bytes("old"));
        managed.quarantine("a.jpg", run);
        store.write("a.jpg", bytes("a new upload"));

        assertThat(catchThrowable(() -> managed.restore("a.jpg", run)))
                .as("restore over an object uploaded since must fail (move() never replaces)")
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(text(store.read("a.jpg"))).isEqualTo("a new upload");
        assertThat(managed.isQuarantined("a.jpg", run)).as("the quarantined object must stay in quarantine").isTrue();
    }

    @Test
    void aConditionalQuarantineKeepsAnObjectRewrittenAfterItsCheck() throws IOException {
        ManagedStore managed = ManagedStore.of(store);
        String run = "20260101T000000Z-abc123";
        store.write("photos/a.jpg", bytes("orphan"));
        StoredObject checked = store.stat("photos/a.jpg").orElseThrow();
        store.write("photos/a.jpg", bytes("a live file uploaded under the same name"));

        assertThat(catchThrowable(() -> managed.quarantine(checked, run)))
                .as("quarantine of an object rewritten since its check must be refused")
                .isInstanceOf(VersionMismatchException.class);
        assertThat(text(store.read("photos/a.jpg"))).isEqualTo("a live file uploaded under the same name");
        assertThat(managed.isQuarantined("photos/a.jpg", run)).as("nothing may be left in quarantine").isFalse();

        StoredObject now = store.stat("photos/a.jpg").orElseThrow();
        managed.quarantine(now, run);
        assertThat(managed.isQuarantined("photos/a.jpg", run)).as("the version checked is quarantined").isTrue();
    }

    @Test
    void purgeDeletesARunForGoodAndNothingElse() throws IOException {
        ManagedStore managed = ManagedStore.of(store);
        String purged = "20260101T000000Z-aaa";
        String kept = "20260102T000000Z-bbb";
        for (String key : List.of("a.jpg", "x/b.jpg", "x/y/c.jpg")) {
            store.write(key, bytes(key));
            managed.quarantine(key, purged);
        }
        store.write("d.jpg", bytes("d"));
        managed.quarantine("d.jpg", kept);
        store.write("live.jpg", bytes("live"));

        managed.purgeQuarantine(purged);

        assertThat(managed.quarantinedKeys(purged)).as("purge must delete every object of the run").isEmpty();
        assertThat(managed.quarantineRuns()).as("purge must leave other runs alone").contains(kept).doesNotContain(purged);
        assertThat(managed.isQuarantined("d.jpg", kept)).isTrue();
        assertThat(listedKeys(managed::list)).containsExactly("live.jpg");
    }

    @Test
    void aJournalWrittenInPartsReadsBackInOrder() throws IOException {
        StateFolder state = ManagedStore.of(store).state();
        String run = "20260101T000000Z-abc123";
        try (Journal journal = Journal.open(state, run)) {
            journal.outcomes(JournalEntry.QUARANTINE, List.of("a.jpg", "b.jpg"), Arrays.asList(null, "refused"));
            journal.finish();
        }
        try (Journal again = Journal.open(state, run)) {
            again.outcomes(JournalEntry.RESTORE, List.of("a.jpg"), Arrays.asList((String) null));
        }
        assertThat(Journal.read(state, run)).extracting(JournalEntry::op, JournalEntry::key)
                .as("the journal's parts (objects created with createIfAbsent, named by children()) must read back "
                        + "in the order written")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(JournalEntry.QUARANTINE, "a.jpg"),
                        org.assertj.core.groups.Tuple.tuple(JournalEntry.QUARANTINE, "b.jpg"),
                        org.assertj.core.groups.Tuple.tuple(JournalEntry.RUN, null),
                        org.assertj.core.groups.Tuple.tuple(JournalEntry.RESTORE, "a.jpg"));
        assertThat(Journal.exists(state, run)).isTrue();
    }

    @Test
    void anExpiredLeaseIsTakenOverByExactlyOneOfTwoRuns() throws Exception {
        assumeAtomicConditionalWrites();
        StateFolder state = ManagedStore.of(store).state();
        for (int round = 0; round < 10; round++) {
            state.write("lock.json", ("{\"owner\":\"crashed\",\"host\":\"h\",\"pid\":1,\"expiresAt\":\""
                    + Instant.now().minusSeconds(5) + "\"}").getBytes(StandardCharsets.UTF_8));
            List<SweepLease> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Boolean> results = race(() -> acquire(state, "run-a", taken), () -> acquire(state, "run-b", taken));
            try {
                assertThat(results.stream().filter(Boolean::booleanValue).count())
                        .as("two runs took over one expired lease at once; exactly one may win (replaceIfVersion must "
                                + "be a real compare-and-set), got %s", results)
                        .isEqualTo(1);
                assertThat(taken.get(0).confirm()).as("the winner must find the lease its own").isTrue();
            } finally {
                taken.forEach(SweepLease::close);
            }
            assertThat(state.read("lock.json")).as("closing the lease must remove it").isEmpty();
        }
    }

    @Test
    void aLeaseChangedBehindItsHoldersBackIsLostAtTheNextRenewal() throws Exception {
        StateFolder state = ManagedStore.of(store).state();
        try (SweepLease lease = SweepLease.acquire(state, "run-a", Duration.ofMillis(600), Clock.systemUTC())) {
            state.write("lock.json", ("{\"owner\":\"thief\",\"host\":\"h\",\"pid\":1,\"expiresAt\":\""
                    + Instant.now().plusSeconds(60) + "\"}").getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (lease.held() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(lease.held()).as("a renewal must replace only the version its run wrote; the lease was "
                    + "taken meanwhile, so the renewal must fail and the run stop acting").isFalse();
        }
        assertThat(text(state.read("lock.json").map(b -> new StoredContent(b, null))))
                .as("the run that lost its lease must not remove the new holder's").contains("thief");
    }

    private static boolean acquire(StateFolder state, String owner, List<SweepLease> taken) throws IOException {
        try {
            taken.add(SweepLease.acquire(state, owner, Duration.ofMinutes(1), Clock.systemUTC()));
            return true;
        } catch (GuardRefusal e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Runs both calls at the same moment on two threads; their results in order. */
    private static <T> List<T> race(Callable<T> first, Callable<T> second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<T> a = pool.submit(() -> {
                start.await();
                return first.call();
            });
            Future<T> b = pool.submit(() -> {
                start.await();
                return second.call();
            });
            start.countDown();
            return List.of(a.get(), b.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Lister {
        void list(ListingVisitor visitor) throws IOException;
    }

    private static List<String> listedKeys(ObjectStore store) throws IOException {
        return listedKeys(store::list);
    }

    private static List<String> listedKeys(Lister lister) throws IOException {
        List<String> keys = new ArrayList<>();
        lister.list(new ListingVisitor() {
            @Override
            public void object(StoredObject object) {
                keys.add(object.key());
            }
        });
        return keys;
    }

    private static List<StoredObject> listed(ObjectStore store) throws IOException {
        List<StoredObject> objects = new ArrayList<>();
        store.list(new ListingVisitor() {
            @Override
            public void object(StoredObject object) {
                objects.add(object);
            }
        });
        return objects;
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every byte value, then random bytes: what a text-only path would mangle. */
    private static byte[] binary(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        for (int i = 0; i < 256 && i < size; i++) {
            content[i] = (byte) i;
        }
        return content;
    }

    private static String text(Optional<StoredContent> content) {
        if (content.isEmpty()) {
            fail("the object is gone");
        }
        return new String(content.get().bytes(), StandardCharsets.UTF_8);
    }
}
