package dev.kefu.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Percentiles and medians. Infinity stands for "never happened within the wait" and sorts last. */
public final class Stats {

    private Stats() {
    }

    /** Nearest-rank percentile (p in 0..100) of the values; NaN when there are none. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    public static double percentile(Collection<Double> values, double p) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), p);
    }

    /** The median of runs (the middle one of 3; the mean of the middle two for an even count). */
    public static double median(List<Double> runs) {
        if (runs.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = runs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
