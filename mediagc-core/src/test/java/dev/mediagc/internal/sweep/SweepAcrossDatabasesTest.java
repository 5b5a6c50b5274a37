package dev.mediagc.internal.sweep;

import dev.mediagc.Action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.MediaGc;
import dev.mediagc.internal.quarantine.Quarantine;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sweep end to end on each real database: the orphan list equals the generator's ground truth,
 * and applying it moves or deletes exactly those files.
 */
class SweepAcrossDatabasesTest {

    private static final int FILES = 2400;

    @TempDir
    Path temp;

    private MediaGc.Builder sweepOf(TestDatabase db, DjangoStyleDataset data) {
        MediaGc.Builder builder = MediaGc.configure()
                .dataSource(db.dataSource())
                .store(LocalStore.at(data.media()))
                .stripPrefix(DjangoStyleDataset.STRIP_PREFIXES.toArray(String[]::new))
                .exclude(DjangoStyleDataset.EXCLUDES.toArray(String[]::new))
                .minAge(DjangoStyleDataset.MIN_AGE)
                .referenceQuery(data.queryReference());
        data.columnReferences().forEach(builder::reference);
        return builder;
    }

    private DjangoStyleDataset generate(TestDatabase db) throws IOException {
        return DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), FILES, 42);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void listsExactlyTheTrueOrphans(TestDatabase.Kind kind) throws IOException {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = generate(db);
            Map<String, String> before = MediaTree.snapshot(data.media());
            Path list = temp.resolve("orphans.txt");

            SweepReport report = sweepOf(db, data).orphanList(list).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(data.expectedOrphans());
            assertThat(report.orphans().count()).isEqualTo(data.expectedOrphans().size());
            assertThat(report.referenced().count()).isEqualTo(data.referenced().size());
            assertThat(report.youngOrphans().count()).isEqualTo(data.youngOrphans().size());
            assertThat(report.excluded().count()).isEqualTo(data.excluded().size());
            assertThat(report.danglingReferences().count()).isEqualTo(data.dangling().size());
            assertThat(report.danglingReferences().samples()).isNotEmpty()
                    .allSatisfy(s -> assertThat(s).contains("missing-"));
            assertThat(report.objects().count()).isEqualTo(FILES);
            assertThat(data.expectedOrphans()).anyMatch(k -> !k.contains("/")); // top-level orphans exist
            assertThat(data.referenced()).anyMatch(k -> !k.contains("/"));      // and top-level live files
            assertThat(MediaTree.snapshot(data.media())).as("a dry run changes nothing").isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void quarantineThenRestoreGivesBackByteIdenticalFiles(TestDatabase.Kind kind) throws IOException {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = generate(db);
            Map<String, String> before = MediaTree.snapshot(data.media());

            SweepReport report = sweepOf(db, data).apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
            assertThat(report.quarantined().count()).isEqualTo(data.expectedOrphans().size());
            Map<String, String> expectedAfter = new HashMap<>(before);
            data.expectedOrphans().forEach(expectedAfter::remove);
            assertThat(MediaTree.snapshot(data.media())).isEqualTo(expectedAfter);
            Path runFolder = data.media().resolve(".mediagc/quarantine/" + report.runId());
            for (String orphan : data.expectedOrphans()) {
                assertThat(MediaTree.sha256(runFolder.resolve(orphan))).isEqualTo(before.get(orphan));
            }

            Quarantine.RestoreResult restored = new Quarantine(LocalStore.at(data.media())).restore(report.runId());

            assertThat(restored.failed()).isEmpty();
            assertThat(restored.restored()).isEqualTo(data.expectedOrphans().size());
            assertThat(MediaTree.snapshot(data.media())).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void deleteRemovesExactlyTheOrphansAndKeepsYoungAndExcludedFiles(TestDatabase.Kind kind) throws IOException {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = generate(db);
            Map<String, String> before = MediaTree.snapshot(data.media());

            SweepReport report = sweepOf(db, data).apply(Action.DELETE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
            Map<String, String> expectedAfter = new HashMap<>(before);
            data.expectedOrphans().forEach(expectedAfter::remove);
            assertThat(MediaTree.snapshot(data.media())).isEqualTo(expectedAfter);
            assertThat(expectedAfter.keySet()).containsAll(data.youngOrphans()).containsAll(data.excluded())
                    .containsAll(data.referenced());
            assertThat(report.deleted().count()).isEqualTo(data.expectedOrphans().size());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "POSTGRESQL"})
    void removingEmptyFoldersNeverRemovesTheRootOrAFolderWithAnythingInIt(TestDatabase.Kind kind) throws IOException {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = generate(db);
            Path freshEmpty = Files.createDirectories(data.media().resolve("uploads/in-flight"));
            Map<String, String> before = MediaTree.snapshot(data.media());

            SweepReport report = sweepOf(db, data).apply(Action.DELETE).removeEmptyFolders(true).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
            assertThat(data.media()).isDirectory();
            for (String folder : data.emptyFolders()) {
                assertThat(data.media().resolve(folder)).doesNotExist();
            }
            assertThat(freshEmpty).as("an empty folder younger than min-age may be about to get an upload").isDirectory();
            Map<String, String> expectedAfter = new HashMap<>(before);
            data.expectedOrphans().forEach(expectedAfter::remove);
            assertThat(MediaTree.snapshot(data.media())).isEqualTo(expectedAfter);
            // Every folder still there holds something, or is the young one.
            try (var dirs = Files.walk(data.media())) {
                List<Path> emptyLeft = dirs.filter(Files::isDirectory)
                        .filter(d -> !d.startsWith(data.media().resolve(".mediagc")))
                        .filter(d -> isEmpty(d)).toList();
                assertThat(emptyLeft).containsExactly(freshEmpty);
            }
        }
    }

    private static boolean isEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
