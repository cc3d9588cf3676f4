package dev.kefu.bench;

import java.util.List;

/**
 * One line of the results table: Kefu's runs beside a baseline's runs from the same stack, judged on the medians.
 * {@code baseline} may be empty when the figure stands alone.
 */
public record Figure(String name, String unit, List<Double> kefu, String baselineName, List<Double> baseline,
                     Target target) {

    public Figure {
        kefu = List.copyOf(kefu);
        baseline = List.copyOf(baseline);
    }

    public double kefuMedian() {
        return Stats.median(kefu);
    }

    public double baselineMedian() {
        return baseline.isEmpty() ? Double.NaN : Stats.median(baseline);
    }

    public double ratio() {
        return kefuMedian() / baselineMedian();
    }

    public String verdict() {
        return target.verdict(kefuMedian(), baselineMedian());
    }
}
