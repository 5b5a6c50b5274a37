package dev.mediagc;

/** Hears how a long sweep is getting on; the CLI draws a progress line from it. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** A new phase began: {@code mark}, {@code list}, {@code verify}, {@code act}. */
    default void phase(String name) {
    }

    /** One reference source has delivered all its values (sources are read in parallel). */
    default void sourceRead(String source, long values) {
    }

    /** Running totals: references read, objects listed, candidates acted on. */
    default void progress(String phase, long done) {
    }
}
