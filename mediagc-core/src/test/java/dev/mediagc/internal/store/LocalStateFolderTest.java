package dev.mediagc.internal.store;

import dev.mediagc.spi.StateFolder;

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
        StateFolder state = LocalStore.at(root).state();
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
    void aWholeLogGainsNoBlankLinesWhenAppendedTo() throws IOException {
        StateFolder state = LocalStore.at(root).state();
        try (StateFolder.AppendLog log = state.openLog("journal/run2.jsonl")) {
            log.append(List.of("one"));
        }
        try (StateFolder.AppendLog log = state.openLog("journal/run2.jsonl")) {
            log.append(List.of("two"));
        }
        assertThat(root.resolve(".mediagc/journal/run2.jsonl")).hasContent("one\ntwo");
        assertThat(Files.readString(root.resolve(".mediagc/journal/run2.jsonl"))).isEqualTo("one\ntwo\n");
    }
}
