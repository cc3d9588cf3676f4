package dev.kefu.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** CPU of the whole stack with no traffic: the sum over every process the devstack started, in % of one core. */
public final class IdleScenario {

    static final String NAME = "idle";

    private final BenchConfig config;
    private final Report report;
    private final StackCpu cpu;

    public IdleScenario(BenchConfig config, Report report) {
        this.config = config;
        this.report = report;
        this.cpu = new StackCpu(config.devstackPid(), config.clockTicks());
    }

    /** At most this many settling windows (each as long as a sample) before the three samples. */
    static final int MAX_SETTLING_WINDOWS = 6;

    /**
     * After a settling pause, and then until the stack's CPU holds steady (two windows in a row within 0.5 points or
     * 20% of each other, at most {@value #MAX_SETTLING_WINDOWS} windows: after a load the JIT compilers of six JVMs
     * go on for a while, which is the load's tail, not the idle stack), three samples; returns the stack's total per
     * run and notes the settling windows and the per-process medians.
     */
    public List<Double> measure(String label) throws InterruptedException, IOException {
        Thread.sleep(config.sizes().idleSettle().toMillis());
        Map<Long, String> processes = cpu.processes();
        long window = config.sizes().idleSample().toMillis();
        List<Double> settling = new ArrayList<>(List.of(total(cpu.sample(processes, window))));
        while (settling.size() < MAX_SETTLING_WINDOWS && !steady(settling)) {
            settling.add(total(cpu.sample(processes, window)));
        }
        report.note(NAME, String.format(Locale.ROOT, "- %s: settling windows of %d s before the samples (%% of one"
                        + " core): %s%s", label, window / 1000, settling.stream().map(Report::number)
                        .collect(Collectors.joining(" → ")), steady(settling) ? "" : " (not steady: measured anyway)"));
        List<Double> totals = new ArrayList<>();
        Map<String, List<Double>> perProcess = new LinkedHashMap<>();
        for (int r = 0; r < 3; r++) {
            Map<String, Double> sample = cpu.sample(processes, config.sizes().idleSample().toMillis());
            totals.add(total(sample));
            sample.forEach((name, pct) -> perProcess.computeIfAbsent(name, n -> new ArrayList<>()).add(pct));
        }
        report.note(NAME, String.format(Locale.ROOT, "- %s: %d processes; median %% of one core per process: %s",
                label, processes.size(), perProcess.entrySet().stream()
                        .map(e -> e.getKey() + " " + Report.number(Stats.median(e.getValue())))
                        .collect(Collectors.joining(", "))));
        return totals;
    }

    /** Whether the last two windows are within 0.5 points or 20% of each other. */
    static boolean steady(List<Double> windows) {
        if (windows.size() < 2) {
            return false;
        }
        double last = windows.get(windows.size() - 1);
        double before = windows.get(windows.size() - 2);
        return Math.abs(last - before) <= Math.max(0.5, 0.2 * Math.max(last, before));
    }

    private static double total(Map<String, Double> sample) {
        return sample.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public void figure(List<Double> empty, List<Double> stored) {
        report.add(NAME, new Figure("whole stack CPU idle, " + config.storedLabel() + " orders stored",
                "% of one core", stored, "the same stack idle and empty", empty, new Target.Below(5, "%")));
    }
}
