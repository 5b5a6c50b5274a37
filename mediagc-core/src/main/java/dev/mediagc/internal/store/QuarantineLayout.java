package dev.mediagc.internal.store;

import dev.mediagc.internal.store.RunId;
import dev.mediagc.spi.UnsafeKeyException;
import java.util.Optional;

/**
 * Where quarantine keeps objects, in every store: {@code .mediagc/quarantine/RUN_ID/KEY}, each
 * object under its own key inside its run's folder, so a restore needs nothing but the key.
 */
public final class QuarantineLayout {

    /** The folder key holding every run's folder. */
    public static final String ROOT = ".mediagc/quarantine/";

    private QuarantineLayout() {
    }

    /** The folder key of run {@code runId}. */
    public static String runFolder(String runId) throws UnsafeKeyException {
        if (!RunId.isSafe(runId)) {
            throw new UnsafeKeyException(String.valueOf(runId), "not a run id");
        }
        return ROOT + runId + "/";
    }

    /** The key of {@code key} in the quarantine of run {@code runId}. */
    public static String keyOf(String runId, String key) throws UnsafeKeyException {
        return runFolder(runId) + key;
    }

    /** The run and the object's own key of a quarantine key; empty for any other key. */
    public static Optional<Entry> parse(String storeKey) {
        if (!storeKey.startsWith(ROOT)) {
            return Optional.empty();
        }
        String rest = storeKey.substring(ROOT.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Entry(rest.substring(0, slash), rest.substring(slash + 1)));
    }

    /** A quarantined object: its run and its own key. */
    public record Entry(String runId, String key) {
    }
}
