package dev.mediagc.cli;

import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.JournalEntry;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The first reasons a run's actions failed, read back from its journal for the summary. */
final class FailureReasons {

    static final int SHOWN = 3;

    private FailureReasons() {
    }

    static List<String> of(ObjectStore store, String runId) {
        List<String> reasons = new ArrayList<>();
        try {
            for (JournalEntry entry : Journal.read(dev.mediagc.internal.store.ManagedStore.of(store).state(), runId)) {
                if (JournalEntry.FAILED.equals(entry.phase()) && reasons.size() < SHOWN) {
                    reasons.add(entry.key() + ": " + entry.error());
                }
            }
        } catch (IOException e) {
            reasons.add("(the journal could not be read: " + e.getMessage() + ")");
        }
        if (reasons.isEmpty()) {
            reasons.add("see the journal " + store.location() + "/.mediagc/" + Journal.fileName(runId));
        }
        return reasons;
    }
}
