package dev.mediagc.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.Action;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A quarantine folder the user names ({@code --quarantine-dir}) inside the store, reached through
 * the same symbolic link as the root: it is still recognised as the quarantine folder.
 */
@Tag("fast")
class QuarantineDirThroughLinkTest {

    @TempDir
    Path temp;

    @Test
    void quarantinedFilesAreNeverListedAsObjectsWhenRootAndQuarantineAreNamedThroughALink() throws IOException {
        Path media = Files.createDirectories(temp.resolve("media"));
        Path link = Files.createSymbolicLink(temp.resolve("media-link"), media);
        try (SmallApp app = new SmallApp(TestDatabase.Kind.H2.create(temp), media, 10, 4)) {
            SweepReport applied = app.sweep().store(LocalStore.at(link, link.resolve("q")))
                    .maxOrphanRatio(1).apply(Action.QUARANTINE).load().sweep();
            assertThat(applied.outcome()).as(applied.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(applied.quarantined().samples()).containsExactlyInAnyOrderElementsOf(app.orphans);
            assertThat(media.resolve("q").resolve(applied.runId()).resolve(app.orphans.get(0))).exists();

            SweepReport dry = app.sweep().store(LocalStore.at(link, link.resolve("q"))).load().sweep();

            assertThat(dry.objects().count()).isEqualTo(app.live.size());
            assertThat(dry.orphans().count()).isZero();
            assertThat(ManagedStore.of(LocalStore.at(link, link.resolve("q"))).quarantineRuns()).containsExactly(applied.runId());
        }
    }
}
