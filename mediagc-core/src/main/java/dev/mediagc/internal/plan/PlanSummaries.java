package dev.mediagc.internal.plan;

import dev.mediagc.PlanSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Reads a plan through once (checking it whole) and sums it up for {@code plan show}. */
public final class PlanSummaries {

    private static final int TOP = 20;
    private static final int SAMPLES = 10;
    /** Top folders counted one by one; a store with more of them counts the rest together. */
    private static final int MAX_FOLDERS = 100_000;
    private static final String OTHERS = "(other folders)";

    private PlanSummaries() {
    }

    public static PlanSummary of(Path file) throws IOException {
        Map<String, long[]> folders = new HashMap<>();
        List<String> samples = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(file.getFileName().toString().hashCode());
        Instant oldest = null;
        Instant newest = null;
        long candidates = 0;
        long bytes = 0;
        PlanHeader header;
        try (PlanReader reader = PlanReader.open(file)) {
            header = reader.header();
            for (PlannedCandidate c = reader.next(); c != null; c = reader.next()) {
                candidates++;
                bytes += c.size();
                if (c.modified() != null) {
                    oldest = oldest == null || c.modified().isBefore(oldest) ? c.modified() : oldest;
                    newest = newest == null || c.modified().isAfter(newest) ? c.modified() : newest;
                }
                int slash = c.key().indexOf('/');
                String folder = slash < 0 ? "" : c.key().substring(0, slash + 1);
                if (!folders.containsKey(folder) && folders.size() >= MAX_FOLDERS) {
                    folder = OTHERS;
                }
                long[] sums = folders.computeIfAbsent(folder, f -> new long[2]);
                sums[0]++;
                sums[1] += c.size();
                // Reservoir sampling: every candidate equally likely to be shown, in one pass.
                if (samples.size() < SAMPLES) {
                    samples.add(c.key());
                } else {
                    long slot = random.nextLong(candidates);
                    if (slot < SAMPLES) {
                        samples.set((int) slot, c.key());
                    }
                }
            }
        }
        List<PlanSummary.Folder> top = folders.entrySet().stream()
                .map(e -> new PlanSummary.Folder(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingLong(PlanSummary.Folder::candidates).reversed()
                        .thenComparing(PlanSummary.Folder::folder))
                .limit(TOP).toList();
        samples.sort(dev.mediagc.spi.KeyOrder.COMPARATOR);
        PlanHeader.PlanFigures figures = header.figures();
        return new PlanSummary(file, header.created(), header.engine(), header.store(),
                header.database() == null ? null : header.database().toString(), header.settings(), header.listedAsOf(),
                header.minAge(), figures == null ? -1 : figures.objects(), candidates, bytes, oldest, newest, top, samples,
                header.warnings(), figures == null ? null : figures.derivedLookingRefusal());
    }
}
