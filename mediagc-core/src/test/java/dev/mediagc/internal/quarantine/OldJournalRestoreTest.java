package dev.mediagc.internal.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.internal.store.ManagedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run quarantined by an older mediagc, whose local journal is one appended file
 * ({@code journal/RUN_ID.jsonl}) rather than a folder of parts, is still restored from it.
 */
@Tag("fast")
class OldJournalRestoreTest {

    @TempDir
    Path root;

    @Test
    void aRunWithASingleFileJournalIsRestoredAndItsOutcomesAppended() throws IOException {
        String run = "20260101T000000Z-old123";
        Path quarantined = Files.createDirectories(root.resolve(".mediagc/quarantine/" + run + "/photos"));
        Files.writeString(quarantined.resolve("a.jpg"), "a");
        Files.writeString(quarantined.resolve("b.jpg"), "b");
        Path journal = Files.createDirectories(root.resolve(".mediagc/journal")).resolve(run + ".jsonl");
        // Only a.jpg is named by the journal: a restore from a journal puts back what it lists.
        Files.writeString(journal, "{\"run\":\"" + run + "\",\"op\":\"quarantine\",\"phase\":\"intent\",\"key\":\"photos/a.jpg\"}\n"
                + "{\"run\":\"" + run + "\",\"op\":\"quarantine\",\"phase\":\"done\",\"key\":\"photos/a.jpg\"}\n");
        ManagedStore store = ManagedStore.of(LocalStore.at(root));

        Quarantine.RestoreResult result = new Quarantine(store).restore(run);

        assertThat(result.journalMissing()).as("read from the old journal, not the folder").isFalse();
        assertThat(result.restored()).isEqualTo(1);
        assertThat(root.resolve("photos/a.jpg")).hasContent("a");
        assertThat(root.resolve("photos/b.jpg")).doesNotExist();
        assertThat(journal).isRegularFile();
        assertThat(Journal.read(store.state(), run)).extracting(JournalEntry::op)
                .containsExactly(JournalEntry.QUARANTINE, JournalEntry.QUARANTINE, JournalEntry.RESTORE);
    }
}
