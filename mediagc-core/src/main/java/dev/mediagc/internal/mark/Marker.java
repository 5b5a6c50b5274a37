package dev.mediagc.internal.mark;

import dev.mediagc.DanglingBySource;
import dev.mediagc.MarkIncompleteException;

import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.spi.ReferenceSource;
import dev.mediagc.ReferenceSourceException;
import dev.mediagc.SourceFigures;
import dev.mediagc.ProgressListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every reference source, in parallel, into one {@link MarkSet}. Either every source
 * delivers all its values, or {@link #mark()} throws and nothing downstream acts.
 */
public final class Marker {

    private static final Logger log = LoggerFactory.getLogger(Marker.class);
    /** Hashes buffered per source before taking the shared set's lock. */
    private static final int BATCH = 4096;
    /** References kept (per source) as a uniform sample, to name some dangling ones. */
    static final int SAMPLE_KEEP = 2048;

    private final List<ReferenceSource> sources;
    private final KeyNormalizer normalizer;
    private final boolean allowEmptySource;
    private final ProgressListener progress;

    public Marker(List<ReferenceSource> sources, KeyNormalizer normalizer, boolean allowEmptySource,
                  ProgressListener progress) {
        this.sources = List.copyOf(sources);
        this.normalizer = normalizer;
        this.allowEmptySource = allowEmptySource;
        this.progress = progress;
    }

    /** The outcome of a complete mark; {@code figures} in the order the sources were given. */
    public record Result(MarkSet marks, List<SourceFigures> figures, List<SampledReference> sample) {

        /**
         * Up to {@code limit} sampled references whose key the store did not hold, sorted: one
         * spelling each, so "and N more" beside them counts what is not shown.
         */
        public List<String> danglingSamples(int limit) {
            return danglingSpellings().values().stream().sorted().limit(limit).toList();
        }

        /**
         * The sampled dangling references, one spelling per reference (the first in sorting
         * order): two spellings of one value ({@code /media/a.jpg}, {@code a.jpg}) are one
         * reference, counted once in the figures, so shown once.
         */
        private Map<Long, String> danglingSpellings() {
            Map<Long, String> spellings = new HashMap<>();
            for (SampledReference s : sample) {
                if (!marks.wasSeen(s.hash())) {
                    spellings.merge(s.hash(), s.raw(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
            return spellings;
        }

        /**
         * The dangling references (once the store is listed) told by who names them: a row per
         * source that the mark can tell apart (the first {@code MarkSet.LAST_NAMED_SOURCE + 1}),
         * zero counts included, in the order sources were given; then, when there are any, a row
         * for those several sources name and one for those only sources past that limit name.
         * The counts add up to {@link MarkSet#unseenCount()}. Each row has up to {@code limit}
         * samples of its own references, sorted, one spelling each: the sampled values whose entry
         * the row counts (a source's sampled value is marked by it, so its entry is that source's
         * or several's).
         */
        public List<DanglingBySource> danglingBySource(int limit) {
            long[] counts = marks.unseenCountByMarker();
            Map<Integer, SortedSet<String>> samplesByMarker = new HashMap<>();
            danglingSpellings().forEach((hash, raw) ->
                    samplesByMarker.computeIfAbsent(marks.markedBy(hash), m -> new TreeSet<>()).add(raw));
            IntFunction<List<String>> samplesOf = marker ->
                    samplesByMarker.getOrDefault(marker, Collections.emptySortedSet()).stream().limit(limit).toList();
            List<DanglingBySource> rows = new ArrayList<>();
            for (int index = 0; index < figures.size() && index <= MarkSet.LAST_NAMED_SOURCE; index++) {
                rows.add(DanglingBySource.ofSource(figures.get(index).name(), counts[index], samplesOf.apply(index)));
            }
            if (counts[MarkSet.SEVERAL_SOURCES] > 0) {
                rows.add(new DanglingBySource(DanglingBySource.NamedBy.SEVERAL_SOURCES, null,
                        counts[MarkSet.SEVERAL_SOURCES], samplesOf.apply(MarkSet.SEVERAL_SOURCES)));
            }
            if (counts[MarkSet.LATER_SOURCES] > 0) {
                rows.add(new DanglingBySource(DanglingBySource.NamedBy.SOURCES_PAST_THE_254TH, null,
                        counts[MarkSet.LATER_SOURCES], samplesOf.apply(MarkSet.LATER_SOURCES)));
            }
            return rows;
        }
    }

    /** A reference value and the hash of its matching form. */
    public record SampledReference(long hash, String raw) {
    }

    public Result mark() throws MarkIncompleteException {
        if (sources.isEmpty()) {
            throw new MarkIncompleteException("no reference source is configured; name at least one with "
                    + "`ref` TABLE.COLUMN or `ref-sql`", null);
        }
        for (int index = 0; index < sources.size(); index++) {
            String name = sources.get(index).name();
            if (name == null || name.isBlank()) {
                // Reports, the last-run comparison and the second mark all tell sources by name.
                throw new MarkIncompleteException("reference source #" + (index + 1) + " ("
                        + sources.get(index).getClass().getName() + ") has no name; its name() must return one, "
                        + "such as the table and column it reads", null);
            }
        }
        MarkSet marks = new MarkSet();
        AtomicLong total = new AtomicLong();
        progress.phase("mark");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(sources.size(), 4), r -> {
            Thread t = new Thread(r, "mediagc-mark");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SourceOutcome>> futures = new ArrayList<>();
            for (int index = 0; index < sources.size(); index++) {
                ReferenceSource source = sources.get(index);
                int sourceIndex = index;
                futures.add(pool.submit(() -> readSource(source, sourceIndex, marks, total)));
            }
            List<SourceFigures> figures = new ArrayList<>();
            List<SampledReference> sample = new ArrayList<>();
            for (Future<SourceOutcome> future : futures) {
                SourceOutcome outcome = await(future);
                figures.add(outcome.figures());
                sample.addAll(outcome.sample());
            }
            for (SourceFigures f : figures) {
                if (f.values() == 0 && !allowEmptySource) {
                    throw new MarkIncompleteException("reference source " + f.name() + " returned no values ("
                            + f.rows() + " rows); a wrong database or table would look like this. "
                            + "Set `allow-empty-source` if it is really empty", null);
                }
            }
            log.info("marked {} distinct references from {} source(s), {} more spellings", marks.size(), sources.size(),
                    marks.entries() - marks.size());
            return new Result(marks, figures, sample);
        } finally {
            pool.shutdownNow();
        }
    }

    private static SourceOutcome await(Future<SourceOutcome> future) throws MarkIncompleteException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarkIncompleteException("interrupted while reading references", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ReferenceSourceException rse) {
                throw new MarkIncompleteException("reference source " + rse.sourceName() + " failed: "
                        + rse.getMessage(), rse);
            }
            throw new MarkIncompleteException("reading references failed: " + cause, cause);
        }
    }

    private record SourceOutcome(SourceFigures figures, List<SampledReference> sample) {
    }

    private SourceOutcome readSource(ReferenceSource source, int sourceIndex, MarkSet marks, AtomicLong total)
            throws ReferenceSourceException {
        long started = System.nanoTime();
        long[] buffer = new long[BATCH];
        int[] filled = {0};
        // Hashes of lenient spellings, marked without the strict bit (see KeyNormalizer.lenientForms).
        long[] lenientBuffer = new long[BATCH];
        int[] lenientFilled = {0};
        long[] rows = {0};
        long[] values = {0};
        // Bottom-k by hash: a uniform sample of distinct references, kept to name dangling ones.
        PriorityQueue<SampledReference> sample = new PriorityQueue<>(
                Comparator.comparingLong(SampledReference::hash).reversed());
        java.util.function.Consumer<String> markLeniently = form -> {
            lenientBuffer[lenientFilled[0]++] = KeyHash.of(form);
            if (lenientFilled[0] == BATCH) {
                flush(marks, lenientBuffer, BATCH, false, sourceIndex);
                lenientFilled[0] = 0;
            }
        };
        source.stream(raw -> {
            rows[0]++;
            String key = normalizer.normalizeWithLenientForms(raw, markLeniently);
            if (key == null) {
                return;
            }
            values[0]++;
            long hash = KeyHash.of(key);
            buffer[filled[0]++] = hash;
            if (sample.size() < SAMPLE_KEEP) {
                sample.add(new SampledReference(hash, raw));
            } else if (hash < sample.peek().hash()) {
                sample.poll();
                sample.add(new SampledReference(hash, raw));
            }
            if (filled[0] == BATCH) {
                flush(marks, buffer, BATCH, true, sourceIndex);
                filled[0] = 0;
                progress.progress("mark", total.addAndGet(BATCH));
            }
        });
        flush(marks, buffer, filled[0], true, sourceIndex);
        flush(marks, lenientBuffer, lenientFilled[0], false, sourceIndex);
        total.addAndGet(filled[0]);
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.sourceRead(source.name(), values[0]);
        log.info("source {}: {} rows, {} values in {}s", source.name(), rows[0], values[0], String.format("%.1f", seconds));
        return new SourceOutcome(new SourceFigures(source.name(), rows[0], values[0], seconds), List.copyOf(sample));
    }

    private static void flush(MarkSet marks, long[] buffer, int n, boolean strictly, int sourceIndex) {
        synchronized (marks) {
            for (int i = 0; i < n; i++) {
                marks.add(buffer[i], strictly, sourceIndex);
            }
        }
    }
}
