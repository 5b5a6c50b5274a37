package dev.mediagc.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * mediagc's own small files inside a store's {@code .mediagc/} area. Names are
 * {@code /}-separated relative paths such as {@code journal/RUN_ID.jsonl}.
 */
public interface StateFolder {

    Optional<byte[]> read(String name) throws IOException;

    /** Replaces the file atomically: readers see the old or the new content, never a mix. */
    void write(String name, byte[] content) throws IOException;

    /**
     * Creates the file only if it does not exist; returns false when it already did. Used for the
     * sweep lock. The default reads then writes, which two racing writers can both pass; stores
     * with an exclusive create (a local file system, a conditional PUT) override it.
     */
    default boolean createIfAbsent(String name, byte[] content) throws IOException {
        if (read(name).isPresent()) {
            return false;
        }
        write(name, content);
        return true;
    }

    /** Names directly under {@code folder}. */
    List<String> list(String folder) throws IOException;

    void delete(String name) throws IOException;

    /** Opens an append-only log (a journal), creating it if needed. */
    AppendLog openLog(String name) throws IOException;

    /** Reads a log's lines, including those of a run that was killed while writing it. */
    List<String> readLog(String name) throws IOException;

    /**
     * An append-only log. Lines are written in groups: a group is on stable storage before
     * {@code append} returns, so one sync covers a whole batch of actions.
     */
    interface AppendLog extends Closeable {
        void append(List<String> lines) throws IOException;
    }
}
