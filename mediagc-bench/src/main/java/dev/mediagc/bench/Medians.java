package dev.mediagc.bench;

import java.util.Arrays;
import java.util.List;

/** The median of a benchmark's timings (the mean of the middle two for an even count). */
public final class Medians {

    private Medians() {
    }

    public static double of(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
