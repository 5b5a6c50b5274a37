package dev.mediagc.internal.report.html;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Orphans by age at the run's start, in buckets that begin at the grace period: every candidate is
 * at least that old, so the first bucket starts there and the page marks it. The edges after it
 * are fixed (a day, a week, a month, …), so two runs' histograms read alike.
 */
final class AgeHistogram {

    /** Orphans whose age is in [{@code from}, {@code to}); {@code to} is null for the last bucket. */
    record Bucket(Duration from, Duration to, long count, long bytes) {
    }

    static final List<Duration> EDGES = List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1),
            Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(180), Duration.ofDays(365),
            Duration.ofDays(730), Duration.ofDays(1825));

    private final Instant start;
    /** Lower edge of each bucket, in seconds of age; the first is the grace period. */
    private final long[] lower;
    private final long[] counts;
    private final long[] bytes;

    AgeHistogram(Instant start, Duration gracePeriod) {
        this.start = start;
        List<Long> edges = new ArrayList<>();
        edges.add(gracePeriod.toSeconds());
        for (Duration edge : EDGES) {
            if (edge.toSeconds() > gracePeriod.toSeconds()) {
                edges.add(edge.toSeconds());
            }
        }
        lower = edges.stream().mapToLong(Long::longValue).toArray();
        counts = new long[lower.length];
        bytes = new long[lower.length];
    }

    /** Age in whole seconds at the run's start; never negative (a clock ahead of the run's counts as new). */
    long ageSeconds(Instant lastModified) {
        return Math.max(0, start.getEpochSecond() - lastModified.getEpochSecond());
    }

    void add(long ageSeconds, long size) {
        int bucket = lower.length - 1;
        while (bucket > 0 && ageSeconds < lower[bucket]) {
            bucket--;
        }
        // Younger than the grace period (an inventory's earlier date, a plan's candidates) lands in the first.
        counts[bucket]++;
        bytes[bucket] += size;
    }

    List<Bucket> buckets() {
        List<Bucket> buckets = new ArrayList<>(lower.length);
        for (int i = 0; i < lower.length; i++) {
            buckets.add(new Bucket(Duration.ofSeconds(lower[i]),
                    i + 1 < lower.length ? Duration.ofSeconds(lower[i + 1]) : null, counts[i], bytes[i]));
        }
        return buckets;
    }
}
