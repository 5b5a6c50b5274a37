package dev.mediagc;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A count, a byte total and the first few keys of one kind of thing a sweep met. */
public final class Tally {

    /** Keys kept as examples per category; enough to recognise a pattern, small enough to read. */
    public static final int SAMPLE_SIZE = 10;

    private long count;
    private long bytes;
    private final List<String> samples = new ArrayList<>();
    private boolean bytesComplete = true;

    public synchronized void add(String key, long size) {
        count++;
        bytes += size;
        if (samples.size() < SAMPLE_SIZE) {
            samples.add(key);
        }
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
        if (samples.size() < SAMPLE_SIZE) {
            samples.add(key);
        }
    }

    @JsonProperty
    public synchronized long count() {
        return count;
    }

    @JsonProperty
    public synchronized long bytes() {
        return bytes;
    }

    /** False when some objects were counted without their size, so {@link #bytes()} is a floor. */
    @JsonProperty
    public synchronized boolean bytesComplete() {
        return bytesComplete;
    }

    @JsonProperty
    public synchronized List<String> samples() {
        return Collections.unmodifiableList(new ArrayList<>(samples));
    }
}
