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

    /**
     * No list of orphans: a run that failed or was refused before its listing ended, or a past
     * run's page rebuilt from its saved report when its journal lists nothing. The page says the
     * list is not kept rather than showing an empty one.
     */
    OrphanSource NONE = each -> { };

    /** Calls {@code each} once per orphan, in the same order every time. */
    void forEach(OrphanConsumer each) throws IOException;

    /** How the page introduces the list, after its count: by default, a sweep's own candidates. */
    default String wording() {
        return "orphan(s) old enough to act on, as listed.";
    }

    /** {@code source} introduced on the page by {@code wording} (after the count) instead of the default. */
    static OrphanSource worded(String wording, OrphanSource source) {
        return new OrphanSource() {
            @Override
            public void forEach(OrphanConsumer each) throws IOException {
                source.forEach(each);
            }

            @Override
            public String wording() {
                return wording;
            }
        };
    }

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
