package dev.mediagc.internal.store;

import dev.mediagc.internal.store.StateFolder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class LocalStateFolderTest {

    @TempDir
    Path root;

    @Test
    void anAppendAfterATornLastLineStartsOnANewLineSoItsRecordsReadBack() throws IOException {
        StateFolder state = dev.mediagc.internal.store.ManagedStore.of(LocalStore.at(root)).state();
        Path journal = Files.createDirectories(root.resolve(".mediagc/journal")).resolve("run1.jsonl");
        // A run killed mid-write: one whole record, then half of the next and no line end.
        Files.writeString(journal, "{\"run\":\"run1\",\"op\":\"quarantine\",\"phase\":\"done\",\"key\":\"a.jpg\"}\n"
                + "{\"run\":\"run1\",\"op\":\"quarantine\",\"pha");

        try (Journal appended = Journal.open(state, "run1")) {
            appended.outcomes(JournalEntry.RESTORE, List.of("a.jpg"), Arrays.asList((String) null));
        }

        assertThat(Journal.read(state, "run1"))
                .extracting(JournalEntry::op, JournalEntry::phase, JournalEntry::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(JournalEntry.QUARANTINE, JournalEntry.DONE, "a.jpg"),
                        org.assertj.core.groups.Tuple.tuple(JournalEntry.RESTORE, JournalEntry.DONE, "a.jpg"));
    }

    @Test
    void aJournalOpenedAgainAddsPartsAfterTheLastAndReadsBackWhole() throws IOException {
        StateFolder state = ManagedStore.of(LocalStore.at(root)).state();
        try (Journal first = Journal.open(state, "run2")) {
            first.outcomes(JournalEntry.QUARANTINE, List.of("one.jpg"), Arrays.asList((String) null));
        }
        try (Journal second = Journal.open(state, "run2")) {
            second.outcomes(JournalEntry.RESTORE, List.of("one.jpg"), Arrays.asList((String) null));
        }
        assertThat(root.resolve(".mediagc/journal/run2.jsonl/00000001")).isRegularFile();
        assertThat(root.resolve(".mediagc/journal/run2.jsonl/00000002")).isRegularFile();
        assertThat(Journal.read(state, "run2")).extracting(JournalEntry::op)
                .containsExactly(JournalEntry.QUARANTINE, JournalEntry.RESTORE);
        assertThat(Journal.exists(state, "run2")).isTrue();
    }
}
