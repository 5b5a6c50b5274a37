package dev.mediagc.internal.report.html;

import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.util.List;

/**
 * The orphans a page shows, read as a stream and readable more than once: the writer reads them
 * twice (once to sum them by folder and age, once to embed the list), so it never holds them all.
 */
@FunctionalInterface
public interface OrphanSource {

    /** No orphans: a run that failed or was refused before its listing ended. */
    OrphanSource NONE = each -> { };

    /** Calls {@code each} once per orphan, in the same order every time. */
    void forEach(OrphanConsumer each) throws IOException;

    /** What receives each orphan. */
    @FunctionalInterface
    interface OrphanConsumer {
        void accept(StoredObject orphan) throws IOException;
    }

    /** Orphans held in a list (tests, small runs). */
    static OrphanSource of(List<StoredObject> orphans) {
        List<StoredObject> copy = List.copyOf(orphans);
        return each -> {
            for (StoredObject orphan : copy) {
                each.accept(orphan);
            }
        };
    }
}
