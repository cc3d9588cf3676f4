package dev.kefu.bench;

import dev.kefu.bench.simulate.SimulationRun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The marketplace simulator ({@code devstack/simulate}'s classes, as a library) against the devstack: 20 shops at a
 * fixed rate for a while, seeded, sampled every second (answers, each back-end group's committed offsets, the total
 * lag) until the groups have caught up; a chart (SVG) and the series (CSV) in docs/benchmarks/, figures beside the
 * target rate and the broker's own produce → consume p99 at the same rate.
 */
public final class SimulateScenario {

    static final String NAME = "simulate";
    /** bench/run adds these shops to the devstack (--add-shop=sim-shop-01..20). */
    static final String SHOP_PREFIX = "sim-shop-";
    static final int SHOPS = 20;
    static final long SEED = 20_261_207L;
    static final int CONCURRENCY = 64;
    /** The back-end services' own groups (their application name), which apply the webhooks' topics. */
    static final List<String> GROUPS = List.of("order-service", "conversation-service", "aftersales-service",
            "review-service");
    static final int CHART_BUCKET_SECONDS = 5;
    private static final String[] GROUP_COLORS = {"#2ca02c", "#9467bd", "#8c564b", "#e377c2"};

    private final BenchConfig config;
    private final KafkaTools kafka;
    private final Report report;
    private final Path docs;

    /** {@code docs}: where docs/benchmarks.md goes; the chart and the series go to its benchmarks/ folder. */
    public SimulateScenario(BenchConfig config, KafkaTools kafka, Report report, Path docs) {
        this.config = config;
        this.kafka = kafka;
        this.report = report;
        this.docs = docs;
    }

    public void run() throws Exception {
        Map<String, String> secrets = shops();
        int rate = config.sizes().simulateRate();
        Duration duration = config.sizes().simulateRun();

        // The baseline first, on the quiet stack: what the broker alone takes at this rate.
        LatencyScenario latency = new LatencyScenario(config, kafka, report);
        kafka.ensureTopic(LatencyScenario.KAFKA_TOPIC, 3);
        List<Double> kafkaP99 = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            kafkaP99.add(latency.kafkaRun(rate, config.sizes().kafkaBaselineRun()));
        }
        new PipelineScenario(config, kafka, report, NAME).awaitQuiet();

        SimulationRun simulation = new SimulationRun(config.gateway(), secrets, rate, SEED, CONCURRENCY);
        Sampler sampler = new Sampler(simulation);
        SimulateSeries.Sample first = sampler.take();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-simulate-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(sampler::takeQuietly, 1, 1, TimeUnit.SECONDS);
        simulation.run(duration);
        double sendSeconds = sampler.seconds();
        SimulateSeries.Sample endOfSends = sampler.take();
        long deadline = System.nanoTime() + config.sizes().simulateDrain().toNanos();
        while (sampler.last().lag() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        SimulateSeries.Sample end = sampler.take();
        double drainSeconds = end.seconds() - sendSeconds;
        List<SimulateSeries.Sample> samples = sampler.samples();

        List<SimulateSeries.Bucket> buckets = SimulateSeries.buckets(samples, CHART_BUCKET_SECONDS);
        Path folder = docs.resolve("benchmarks");
        Files.createDirectories(folder);
        String title = String.format(Locale.ROOT, "simulate: %d shops, %d webhooks/s for %d s, seed %d", SHOPS, rate,
                duration.toSeconds(), SEED);
        Files.writeString(folder.resolve("simulate.svg"), chart(title, buckets, rate, duration), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("simulate.csv"), SimulateSeries.csv(buckets, rate), StandardCharsets.UTF_8);

        SimulationRun.Counts counts = simulation.counts();
        double[] all = simulation.latencies(0, counts.answers());
        String label = String.format(Locale.ROOT, "%d shops, simulator at %d/s for %d s", SHOPS, rate,
                duration.toSeconds());
        report.add(NAME, new Figure("webhooks accepted (202)/s, " + label, "webhooks/s",
                List.of(counts.accepted() / sendSeconds), "the target rate", List.of((double) rate),
                new Target.None()));
        report.add(NAME, new Figure("webhook answer p99, " + label, "ms", List.of(Stats.percentile(all, 99)),
                "broker produce → consume p99, same rate", kafkaP99, new Target.None()));
        report.add(NAME, new Figure("webhook answer p50, " + label, "ms", List.of(Stats.percentile(all, 50)), "-",
                List.of(), new Target.None()));
        for (String group : GROUPS) {
            long arrived = sampler.ends(endOfSends).getOrDefault(group, 0L) - sampler.ends(first).getOrDefault(group, 0L);
            long applied = endOfSends.applied().getOrDefault(group, 0L) - first.applied().getOrDefault(group, 0L);
            if (arrived > 0) {
                report.add(NAME, new Figure(group + " records applied/s while sending, " + label, "records/s",
                        List.of(applied / sendSeconds), "records arriving on its partitions/s",
                        List.of(arrived / sendSeconds), new Target.None()));
            }
        }
        long maxLag = samples.stream().mapToLong(SimulateSeries.Sample::lag).max().orElse(0);
        report.note(NAME, String.format(Locale.ROOT, "- One run (no repeats: the figures above are single values; the "
                        + "broker baseline is 3 runs of %d s). %,d webhooks sent in %.1f s, %,d accepted, %,d rejected, "
                        + "%,d failed. Total lag of the four groups: at most %,d records, %,d when the last answer "
                        + "came, %,d after %.0f s more%s.", config.sizes().kafkaBaselineRun().toSeconds(),
                counts.sent(), sendSeconds, counts.accepted(), counts.rejected(), counts.failed(), maxLag,
                endOfSends.lag(), end.lag(), drainSeconds,
                end.lag() == 0 ? " (caught up)" : " (NOT caught up within " + config.sizes().simulateDrain() + ")"));
        report.note(NAME, "");
        report.note(NAME, "![simulate run: rates, lag, answer latency](benchmarks/simulate.svg)");
        report.note(NAME, "");
        report.note(NAME, "Per " + CHART_BUCKET_SECONDS + " s: [benchmarks/simulate.csv](benchmarks/simulate.csv). "
                + "Coarser, here:");
        report.note(NAME, "");
        // about ten rows over the whole run, drain included (a slow stack stretches the sending past the duration)
        double width = Math.max(CHART_BUCKET_SECONDS, Math.ceil(end.seconds() / 10.0 / 5) * 5);
        table(SimulateSeries.buckets(samples, width)).lines().forEach(line -> report.note(NAME, line));
        report.note(NAME, "");
        report.note(NAME, "The simulator's summary (webhooks by type):");
        report.note(NAME, "");
        report.note(NAME, "```");
        simulation.summary(sendSeconds).lines().forEach(line -> report.note(NAME, line));
        report.note(NAME, "```");
    }

    /** The 20 simulated shops' secrets from the devstack's shops.properties. */
    private Map<String, String> shops() throws IOException {
        SortedMap<String, String> all = SignedWebhook.secrets(config.dataDir().resolve("shops.properties"));
        Map<String, String> chosen = new TreeMap<>();
        all.forEach((shop, secret) -> {
            if (shop.startsWith(SHOP_PREFIX)) {
                chosen.put(shop, secret);
            }
        });
        if (chosen.size() != SHOPS) {
            throw new IllegalStateException("the devstack has " + chosen.size() + " shops named " + SHOP_PREFIX
                    + "*, not " + SHOPS + " (bench/run adds them with --add-shop)");
        }
        return chosen;
    }

    static String chart(String title, List<SimulateSeries.Bucket> buckets, double rate, Duration duration) {
        List<double[]> target = List.of(new double[] {0, rate}, new double[] {duration.toSeconds(), rate});
        List<SvgChart.Series> rates = new ArrayList<>();
        rates.add(new SvgChart.Series("target rate", "#7f7f7f", true, target));
        rates.add(new SvgChart.Series("accepted (202)/s", "#1f77b4", false, points(buckets,
                SimulateSeries.Bucket::acceptedPerSecond)));
        List<String> groups = buckets.isEmpty() ? List.of() : new ArrayList<>(buckets.get(0).appliedPerSecond().keySet());
        for (int g = 0; g < groups.size(); g++) {
            String group = groups.get(g);
            rates.add(new SvgChart.Series(group + " applied/s", GROUP_COLORS[g % GROUP_COLORS.length], false,
                    points(buckets, b -> b.appliedPerSecond().getOrDefault(group, Double.NaN))));
        }
        return SvgChart.render(title, "seconds since the first webhook (per " + CHART_BUCKET_SECONDS + " s)", List.of(
                new SvgChart.Panel("rates", "per second", rates),
                new SvgChart.Panel("consumer lag, four back-end groups", "records", List.of(
                        new SvgChart.Series("lag", "#d62728", false, points(buckets, b -> (double) b.lag())))),
                new SvgChart.Panel("webhook answer latency", "ms", List.of(
                        new SvgChart.Series("p99", "#ff7f0e", false, points(buckets, SimulateSeries.Bucket::p99Millis)),
                        new SvgChart.Series("p50", "#bcbd22", false, points(buckets, SimulateSeries.Bucket::p50Millis))))));
    }

    private static List<double[]> points(List<SimulateSeries.Bucket> buckets,
                                         java.util.function.ToDoubleFunction<SimulateSeries.Bucket> y) {
        return buckets.stream().map(b -> new double[] {b.to(), y.applyAsDouble(b)}).toList();
    }

    /** A markdown table of buckets (seconds, rates, answers, per-group applied/s, lag). */
    static String table(List<SimulateSeries.Bucket> buckets) {
        List<String> groups = buckets.isEmpty() ? List.of() : new ArrayList<>(buckets.get(0).appliedPerSecond().keySet());
        StringBuilder b = new StringBuilder("| s | sent/s | accepted/s | rejected | failed | p50 ms | p99 ms | "
                + groups.stream().map(g -> g + " applied/s").collect(Collectors.joining(" | "))
                + (groups.isEmpty() ? "" : " | ") + "lag |\n|---|---|---|---|---|---|---|"
                + "---|".repeat(groups.size()) + "---|\n");
        for (SimulateSeries.Bucket k : buckets) {
            b.append(String.format(Locale.ROOT, "| %.0f-%.0f | %s | %s | %d | %d | %s | %s | ", k.from(), k.to(),
                    Report.number(k.sentPerSecond()), Report.number(k.acceptedPerSecond()), k.rejected(), k.failed(),
                    Report.number(k.p50Millis()), Report.number(k.p99Millis())));
            groups.forEach(g -> b.append(Report.number(k.appliedPerSecond().getOrDefault(g, Double.NaN))).append(" | "));
            b.append(String.format(Locale.ROOT, "%,d |%n", k.lag()));
        }
        return b.toString();
    }

    /** Takes the samples (the timer's thread and the scenario's), keeping each group's log end offsets beside them. */
    private final class Sampler {
        private final SimulationRun simulation;
        private final long start = System.nanoTime();
        private final List<SimulateSeries.Sample> samples = new ArrayList<>();
        private final Map<SimulateSeries.Sample, Map<String, Long>> ends = new IdentityHashMap<>();
        private int answers;

        Sampler(SimulationRun simulation) {
            this.simulation = simulation;
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        synchronized SimulateSeries.Sample take() throws InterruptedException {
            Map<String, KafkaTools.GroupProgress> progress = kafka.progress(GROUPS);
            SimulationRun.Counts c = simulation.counts();
            double[] latest = simulation.latencies(answers, c.answers());
            answers = c.answers();
            Map<String, Long> applied = new LinkedHashMap<>();
            Map<String, Long> end = new LinkedHashMap<>();
            long lag = 0;
            for (String group : GROUPS) {
                KafkaTools.GroupProgress p = progress.get(group);
                applied.put(group, p == null ? 0 : p.committed());
                end.put(group, p == null ? 0 : p.end());
                lag += p == null ? 0 : p.lag();
            }
            SimulateSeries.Sample s = new SimulateSeries.Sample(seconds(), c.sent(), c.accepted(), c.rejected(),
                    c.failed(), latest, applied, lag);
            samples.add(s);
            ends.put(s, end);
            if (samples.size() % 10 == 0) { // a sign of life in the bench's log (a slow stack stretches the run)
                System.out.printf(Locale.ROOT, "[bench] simulate: %.0f s, %,d sent, %,d accepted, lag %,d%n",
                        s.seconds(), s.sent(), s.accepted(), s.lag());
            }
            return s;
        }

        void takeQuietly() {
            try {
                take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.out.println("[bench] simulate: a sample failed: " + e);
            }
        }

        synchronized SimulateSeries.Sample last() {
            return samples.get(samples.size() - 1);
        }

        synchronized List<SimulateSeries.Sample> samples() {
            return List.copyOf(samples);
        }

        synchronized Map<String, Long> ends(SimulateSeries.Sample s) {
            return ends.getOrDefault(s, Map.of());
        }
    }
}
