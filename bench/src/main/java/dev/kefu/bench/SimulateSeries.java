package dev.kefu.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulate scenario's time series: samples taken about once a second (cumulative counts, the answer latencies
 * that arrived since the sample before, each group's committed offsets, the total lag), turned into buckets of a
 * fixed width with rates per second and percentiles per bucket.
 */
public final class SimulateSeries {

    private SimulateSeries() {
    }

    /**
     * One sample, {@code seconds} after the run's start. Counts and {@code applied} (committed offsets per group) are
     * cumulative; {@code newLatencies} are the answers' latencies (ms) since the previous sample.
     */
    public record Sample(double seconds, long sent, long accepted, long rejected, long failed, double[] newLatencies,
                         Map<String, Long> applied, long lag) {
    }

    /** One bucket: (from, to], rates over it, percentiles of the answers in it, the lag at its last sample. */
    public record Bucket(double from, double to, double sentPerSecond, double acceptedPerSecond, long rejected,
                         long failed, double p50Millis, double p99Millis, Map<String, Double> appliedPerSecond,
                         long lag) {
    }

    /**
     * Buckets of {@code width} seconds: bucket k holds the samples with k·width &lt; t ≤ (k+1)·width; its rates are
     * the change from the last sample before it to its last sample, over the time between the two (the first sample
     * is the starting point). Empty buckets are left out.
     */
    public static List<Bucket> buckets(List<Sample> samples, double width) {
        List<Bucket> out = new ArrayList<>();
        if (samples.isEmpty()) {
            return out;
        }
        Sample previous = samples.get(0);
        int i = 1;
        while (i < samples.size()) {
            long k = (long) Math.ceil(samples.get(i).seconds() / width) - 1;
            double end = (k + 1) * width;
            List<double[]> latencies = new ArrayList<>();
            Sample last = null;
            while (i < samples.size() && samples.get(i).seconds() <= end) {
                last = samples.get(i++);
                latencies.add(last.newLatencies());
            }
            double seconds = last.seconds() - previous.seconds();
            Map<String, Double> applied = new LinkedHashMap<>();
            for (Map.Entry<String, Long> e : last.applied().entrySet()) {
                long before = previous.applied().getOrDefault(e.getKey(), 0L); // a group seen for the first time started at 0
                applied.put(e.getKey(), (e.getValue() - before) / seconds);
            }
            double[] all = latencies.stream().flatMapToDouble(Arrays::stream).toArray();
            out.add(new Bucket(k * width, end, (last.sent() - previous.sent()) / seconds,
                    (last.accepted() - previous.accepted()) / seconds, last.rejected() - previous.rejected(),
                    last.failed() - previous.failed(), Stats.percentile(all, 50), Stats.percentile(all, 99), applied,
                    last.lag()));
            previous = last;
        }
        return out;
    }

    /** The buckets as CSV: one column per figure and per group, for a spreadsheet or another chart. */
    public static String csv(List<Bucket> buckets, double targetRate) {
        StringBuilder b = new StringBuilder("from_s,to_s,target_per_s,sent_per_s,accepted_per_s,rejected,failed,"
                + "p50_ms,p99_ms,lag");
        List<String> groups = buckets.isEmpty() ? List.of() : new ArrayList<>(buckets.get(0).appliedPerSecond().keySet());
        groups.forEach(g -> b.append(",applied_per_s_").append(g));
        b.append('\n');
        for (Bucket k : buckets) {
            b.append(num(k.from())).append(',').append(num(k.to())).append(',').append(num(targetRate)).append(',')
                    .append(num(k.sentPerSecond())).append(',').append(num(k.acceptedPerSecond())).append(',')
                    .append(k.rejected()).append(',').append(k.failed()).append(',').append(num(k.p50Millis()))
                    .append(',').append(num(k.p99Millis())).append(',').append(k.lag());
            groups.forEach(g -> b.append(',').append(num(k.appliedPerSecond().getOrDefault(g, Double.NaN))));
            b.append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
