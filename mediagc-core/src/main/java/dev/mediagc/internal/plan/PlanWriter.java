package dev.mediagc.internal.plan;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.StoredObject;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a plan file, streaming: the candidates a run would act on, for people to review and for
 * {@code apply} to act on.
 *
 * <p>The format ({@value PlanHeader#FORMAT}, version {@value PlanHeader#VERSION}) is gzip-compressed
 * UTF-8 JSON Lines, so {@code zcat plan.jsonl.gz | jq} reads it, any language parses it, it streams
 * in both directions with constant memory, and it needs no schema library (Parquet would need
 * Hadoop's classes in every reader). Line one is the {@link PlanHeader}; then one
 * {@link PlannedCandidate} per line in strictly increasing {@link KeyOrder} of the raw key (so two
 * plans of the same store compare line by line, and a key can appear only once); the last line is
 * the trailer {@code {"end":true,"candidates":N,"bytes":B}}. JSON escapes every line break inside
 * a key, so any key fits on its line.
 *
 * <p>The plan is written to a temporary file beside the target and moved into place only by
 * {@link #complete()}: a run that fails half way leaves no plan, never a partial one that looks
 * whole. An existing file is never replaced: a plan someone reviewed stays the plan they reviewed.
 */
public final class PlanWriter implements Closeable {

    private static final ObjectWriter LINE = dev.mediagc.internal.report.Json.mapper().writer();

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private String lastKey;
    private long candidates;
    private long bytes;
    private boolean completed;

    private PlanWriter(Path target, Path temp, OutputStream out) {
        this.target = target;
        this.temp = temp;
        this.out = out;
    }

    /** Starts a plan at {@code target}, which must not exist yet. */
    public static PlanWriter create(Path target, PlanHeader header) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target + " exists; a plan is never replaced (a reviewed plan must stay "
                    + "the one reviewed): name another file or remove it");
        }
        // A name of its own (made with CREATE_NEW), so two runs writing the same plan never share it.
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + "-", ".partial");
        OutputStream file = Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        PlanWriter writer = new PlanWriter(absolute, temp,
                new BufferedOutputStream(new GZIPOutputStream(file, 1 << 16), 1 << 16));
        try {
            writer.line(header);
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /** Adds one candidate; keys must come in strictly increasing {@link KeyOrder}. */
    public void candidate(StoredObject object, String reason) throws IOException {
        if (lastKey != null && KeyOrder.compare(lastKey, object.key()) >= 0) {
            throw new IllegalArgumentException("plan candidates must come in increasing key order without repeats: "
                    + object.key() + " after " + lastKey);
        }
        line(PlannedCandidate.of(object, reason));
        lastKey = object.key();
        candidates++;
        bytes += object.size();
    }

    /** How many candidates were written so far. */
    public long candidates() {
        return candidates;
    }

    /** Writes the trailer, makes the file durable and moves it into place. */
    public void complete() throws IOException {
        line(new PlanTrailer(true, candidates, bytes));
        out.close();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        publish();
        completed = true;
    }

    /**
     * Puts the finished file at the target name, failing if something is there already: a hard
     * link (which never replaces) then the temporary name removed; where links are not possible, a
     * move that does not replace (not atomic, but never over another file).
     */
    private void publish() throws IOException {
        try {
            Files.createLink(target, temp);
            Files.delete(temp);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(target + " appeared while the plan was written; a plan is never "
                    + "replaced: name another file");
        } catch (UnsupportedOperationException | IOException e) {
            Files.move(temp, target); // no REPLACE_EXISTING: fails rather than replace
        }
        try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Not every platform can sync a folder; the file itself is synced.
        }
    }

    private void line(Object value) throws IOException {
        LINE.writeValue(new NonClosing(out), value);
        out.write('\n');
    }

    /** Leaves no file behind unless {@link #complete()} ran. */
    @Override
    public void close() throws IOException {
        if (!completed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Jackson closes the stream it writes a value to; the plan's stream must stay open. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
