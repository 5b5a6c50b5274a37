package dev.mediagc.internal.quarantine;

import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a quarantine run's folder holds, read from the folder itself rather than from the journal:
 * restore falls back on it when the journal is gone or incomplete. Every object under
 * {@code .mediagc/quarantine/RUN_ID/} was put there by that run, under its own key.
 */
final class QuarantineFolder {

    private QuarantineFolder() {
    }

    /** The keys of the regular objects quarantine run {@code runId} holds, found by walking its folder. */
    static List<String> keys(ObjectStore store, String runId) throws IOException {
        List<String> keys = new ArrayList<>();
        String base = "quarantine/" + runId;
        Deque<String> pending = new ArrayDeque<>();
        pending.push("");
        while (!pending.isEmpty()) {
            String prefix = pending.pop();
            List<String> names = store.state().list(prefix.isEmpty() ? base : base + "/" + prefix);
            for (String name : names) {
                String key = prefix.isEmpty() ? name : prefix + "/" + name;
                // The state folder does not say file or folder; the store does. A folder (or an
                // empty one) is walked into; a regular object is a key; a link is neither.
                if (store.isQuarantined(key, runId)) {
                    keys.add(key);
                } else {
                    pending.push(key);
                }
            }
        }
        keys.sort(null);
        return keys;
    }
}
