package dev.mediagc.internal.sweep;

import dev.mediagc.ProgressListener;

/** Reports a phase under another name, so the second mark shows as "re-mark", not as a second "mark". */
final class ProgressListenerRenamer implements ProgressListener {

    private final ProgressListener delegate;
    private final String name;

    private ProgressListenerRenamer(ProgressListener delegate, String name) {
        this.delegate = delegate;
        this.name = name;
    }

    static ProgressListener of(ProgressListener delegate, String name) {
        return new ProgressListenerRenamer(delegate, name);
    }

    @Override
    public void phase(String phase) {
        delegate.phase(name);
    }

    @Override
    public void progress(String phase, long done) {
        delegate.progress(name, done);
    }

    @Override
    public void sourceRead(String source, long values) {
        delegate.sourceRead(source, values);
    }
}
