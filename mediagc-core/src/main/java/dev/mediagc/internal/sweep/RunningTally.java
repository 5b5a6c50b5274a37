package dev.mediagc.internal.sweep;

import dev.mediagc.Tally;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Tally} while the sweep counts into it: from the listing's thread and the acting
 * threads alike, hence synchronized. {@link #freeze()} gives the immutable tally for the report.
 */
public final class RunningTally {

    private long count;
    private long bytes;
    private final List<String> samples = new ArrayList<>();
    private boolean bytesComplete = true;

    public synchronized void add(String key, long size) {
        count++;
        bytes += size;
        addSample(key);
    }

    public synchronized void add(String key) {
        add(key, 0);
    }

    /** Counts an object whose size the store did not read (it was not needed). */
    public synchronized void addWithoutSize(String key) {
        add(key, 0);
        bytesComplete = false;
    }

    /** Sets the count where it is known only as a total (e.g. dangling references). */
    public synchronized void setCount(long count) {
        this.count = count;
    }

    public synchronized void addSample(String key) {
        if (samples.size() < Tally.SAMPLE_SIZE) {
            samples.add(key);
        }
    }

    public synchronized long count() {
        return count;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized List<String> samples() {
        return List.copyOf(samples);
    }

    public synchronized Tally freeze() {
        return new Tally(count, bytes, samples, bytesComplete);
    }
}
