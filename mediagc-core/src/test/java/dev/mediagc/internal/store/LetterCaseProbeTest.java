package dev.mediagc.internal.store;

import static dev.mediagc.internal.store.CaseFoldingStoreTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Action;
import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.spi.LetterCase;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.testing.ForwardingStore;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The letter-case probe on this machine's ordinary, case-sensitive disk (the case-folding side is
 * {@link CaseFoldingStoreTest}, on a FUSE mount): it reads, never writes, and a case-sensitive
 * store is matched exactly, as before.
 */
@Tag("fast")
class LetterCaseProbeTest {

    @TempDir
    Path temp;

    @Test
    void aCaseSensitiveFolderIsExact() throws IOException {
        write(temp, "photo.jpg");

        assertThat(CaseProbe.of(temp)).isEqualTo(LetterCase.EXACT);
    }

    @Test
    void twoFilesWhoseNamesDifferOnlyInCaseMakeTheFolderExact() throws IOException {
        write(temp, "photo.jpg");
        write(temp, "PHOTO.JPG");

        assertThat(CaseProbe.of(temp)).isEqualTo(LetterCase.EXACT);
    }

    @Test
    void aLinkAndTheFileItNamesInOtherLettersAreTwoEntries() throws IOException {
        write(temp, "photo.jpg");
        Files.createSymbolicLink(temp.resolve("PHOTO.JPG"), temp.resolve("photo.jpg"));

        assertThat(CaseProbe.of(temp)).isEqualTo(LetterCase.EXACT);
    }

    @Test
    void aTreeWithoutANameHoldingALetterIsExactSinceCaseCannotMatterToItsKeys() throws IOException {
        write(temp, "2024/05/0001.2");
        Files.createDirectories(temp.resolve("2025"));

        assertThat(CaseProbe.of(temp)).isEqualTo(LetterCase.EXACT);
    }

    @Test
    void readsTheMountPointsBelowARootFromMountinfoWithTheirEscapes() throws IOException {
        Path root = Files.createDirectories(temp.resolve("site")).toRealPath();
        Path mountInfo = temp.resolve("mountinfo");
        Files.writeString(mountInfo, String.join("\n",
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "90 22 0:50 / " + root + " rw - ext4 /dev/sdb1 rw",
                "91 90 0:51 / " + root + "/uploads rw - fuse.casefolding casefolding rw",
                "92 90 0:52 / " + root + "/my\\040photos rw - cifs //nas/photos rw",
                "93 22 0:53 / " + root + "-other rw - tmpfs tmpfs rw",
                ""));

        assertThat(CaseProbe.mountsBelow(root, mountInfo))
                .containsExactly(root.resolve("uploads"), root.resolve("my photos"));
        assertThat(CaseProbe.mountsBelow(root, temp.resolve("no-such-file"))).isEmpty();
    }

    /** Letters outside ASCII fold too (APFS, NTFS, ext4 casefold), but only ASCII ones are probed. */
    @Test
    void aTreeWhoseOnlyLettersAreOutsideAsciiCannotTell() throws IOException {
        write(temp, "2024/Фото/0001.2");

        assertThat(CaseProbe.of(temp)).isEqualTo(LetterCase.UNKNOWN);
    }

    @Test
    void aNameFurtherDownTellsWhenTheRootHoldsNone() throws IOException {
        write(temp, "2024/05/photo.jpg");
        write(temp, "2024/05/PHOTO.JPG");

        assertThat(CaseProbe.of(temp)).isEqualTo(LetterCase.EXACT);
    }

    @Test
    void aLookThatEndsBeforeAnyNameWithALetterCannotTell() throws IOException {
        for (int i = 0; i < 5; i++) {
            write(temp, "2024/" + i);
        }
        write(temp, "2024/5/photo.jpg"); // one level further down than the look goes

        assertThat(CaseProbe.of(temp, 4)).isEqualTo(LetterCase.UNKNOWN);
    }

    @Test
    void theStateFoldersNameTellsWhenTheRootHoldsNoOtherName() throws IOException {
        write(temp, "2024/photo.jpg");
        Files.createDirectories(temp.resolve(".mediagc"));

        assertThat(LocalStore.at(temp).letterCase()).isEqualTo(LetterCase.EXACT);
    }

    @Test
    void swapsTheCaseOfAsciiLettersOnly() {
        assertThat(CaseProbe.swapAsciiCase(".mediagc")).isEqualTo(".MEDIAGC");
        assertThat(CaseProbe.swapAsciiCase("Été-2024.JPG")).isEqualTo("ÉTé-2024.jpg");
        assertThat(CaseProbe.swapAsciiCase("2024_05")).isEqualTo("2024_05");
    }

    /** Four live files and the file a row names in other letters, which on this disk no one can open by that name. */
    private TestDatabase database() {
        TestDatabase db = TestDatabase.Kind.SQLITE.create(temp);
        db.execute("CREATE TABLE photo (file VARCHAR(200))", "INSERT INTO photo VALUES ('2024/Photo.JPG'), "
                + "('2024/a.jpg'), ('2024/b.jpg'), ('2024/c.jpg'), ('2024/d.jpg')");
        return db;
    }

    private static Path media(Path root) throws IOException {
        for (String key : new String[] {"2024/photo.jpg", "2024/a.jpg", "2024/b.jpg", "2024/c.jpg", "2024/d.jpg"}) {
            write(root, key);
        }
        return root;
    }

    @Test
    void aCaseSensitiveStoreIsMatchedExactlyAndTheProbeLeavesNothingBehind() throws IOException {
        Path root = media(Files.createDirectories(temp.resolve("media")));
        write(root, "avatars/z.png"); // a name with letters in the root: the probe can tell
        try (TestDatabase db = database()) {
            Map<String, String> before = MediaTree.everything(root);

            SweepReport report = MediaGc.configure().dataSource(db.dataSource()).reference("photo.file")
                    .store(LocalStore.at(root)).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.DRY_RUN);
            assertThat(report.orphans().samples()).containsExactlyInAnyOrder("2024/photo.jpg", "avatars/z.png");
            assertThat(report.objects().count()).isEqualTo(6);
            assertThat(report.warnings()).noneMatch(w -> w.contains("letter case"));
            assertThat(MediaTree.everything(root)).isEqualTo(before);
        }
    }

    @Test
    void aStoreThatCannotTellIsMatchedIgnoringCaseWhenInDoubtKeep() throws IOException {
        Path root = media(Files.createDirectories(temp.resolve("media")));
        try (TestDatabase db = database()) {
            ObjectStore cannotTell = new ForwardingStore(LocalStore.at(root)) {
                @Override
                public LetterCase letterCase() {
                    return LetterCase.UNKNOWN;
                }
            };

            SweepReport report = MediaGc.configure().dataSource(db.dataSource()).reference("photo.file")
                    .store(cannotTell).apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(report.orphans().count()).isZero();
            assertThat(root.resolve("2024/photo.jpg")).exists();
            assertThat(report.warnings())
                    .contains("cannot tell whether the store folds letter case: matching ignores case, as `ignore-case` would");
        }
    }

    @Test
    void onACaseSensitiveStoreARowInOtherLettersDoesNotKeepTheFile() throws IOException {
        Path root = media(Files.createDirectories(temp.resolve("media")));
        try (TestDatabase db = database()) {
            SweepReport report = MediaGc.configure().dataSource(db.dataSource()).reference("photo.file")
                    .store(LocalStore.at(root)).apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(report.quarantined().samples()).containsExactly("2024/photo.jpg");
            assertThat(report.warnings()).noneMatch(w -> w.contains("letter case"));
        }
    }

    @Test
    void aPlanMatchingCaseExactlyIsRefusedOnAStoreThatFoldsIt() throws IOException {
        Path root = media(Files.createDirectories(temp.resolve("media")));
        try (TestDatabase db = database()) {
            Path plan = temp.resolve("plan.jsonl.gz");
            // Made where the store matched exactly, as the Spark job, which does not probe, makes every plan.
            assertThat(MediaGc.configure().dataSource(db.dataSource()).reference("photo.file").store(LocalStore.at(root))
                    .load().plan(plan).orphans().samples()).containsExactly("2024/photo.jpg");
            ObjectStore folding = new ForwardingStore(LocalStore.at(root)) {
                @Override
                public LetterCase letterCase() {
                    return LetterCase.FOLDED;
                }
            };
            Map<String, String> before = MediaTree.snapshot(root);

            SweepReport report = MediaGc.configure().dataSource(db.dataSource()).reference("photo.file").store(folding)
                    .apply(Action.QUARANTINE).load().apply(plan);

            assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(report.reason()).isEqualTo("the plan " + plan + " was made matching letter case exactly, but the "
                    + "store folds letter case (or cannot tell), so this run ignores it; nothing was changed. Make the "
                    + "plan again with `ignore-case`");
            assertThat(MediaTree.snapshot(root)).isEqualTo(before);
        }
    }
}
