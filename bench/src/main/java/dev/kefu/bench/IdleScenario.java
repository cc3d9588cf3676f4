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
    static final int MAX_SETTLING_WINDOWS = 12;
    /**
     * The JIT compilers of all JVMs together may use at most this many points of one core in the last settling
     * window: a tenth of the 5% target. After a load (and after a start) six JVMs go on compiling for minutes on two
     * shared cores; that is the load's tail, not what the idle stack costs.
     */
    static final double QUIET_COMPILERS = 0.5;

    /**
     * After a settling pause, and then until the stack's CPU holds steady (two windows in a row within 0.5 points or
     * 20% of each other) and its JIT compilers are quiet (at most {@value #QUIET_COMPILERS} points), at most
     * {@value #MAX_SETTLING_WINDOWS} windows, three samples; returns the stack's total per run (compilers included)
     * and notes the settling windows, the compilers' share and the per-process medians.
     */
    public List<Double> measure(String label) throws InterruptedException, IOException {
        Thread.sleep(config.sizes().idleSettle().toMillis());
        Map<Long, String> processes = cpu.processes();
        long window = config.sizes().idleSample().toMillis();
        List<StackCpu.Sample> settling = new ArrayList<>(List.of(cpu.sampleWithCompilers(processes, window)));
        while (settling.size() < MAX_SETTLING_WINDOWS && !settled(settling)) {
            settling.add(cpu.sampleWithCompilers(processes, window));
        }
        report.note(NAME, String.format(Locale.ROOT, "- %s: settling windows of %d s before the samples (%% of one"
                        + " core, of it the JIT compilers'): %s%s", label, window / 1000, settling.stream()
                        .map(s -> Report.number(s.total()) + " (" + Report.number(s.compilers()) + ")")
                        .collect(Collectors.joining(" → ")), settled(settling) ? "" : " (not settled: measured anyway)"));
        List<Double> totals = new ArrayList<>();
        List<Double> compilers = new ArrayList<>();
        Map<String, List<Double>> perProcess = new LinkedHashMap<>();
        for (int r = 0; r < 3; r++) {
            StackCpu.Sample sample = cpu.sampleWithCompilers(processes, window);
            totals.add(sample.total());
            compilers.add(sample.compilers());
            sample.perProcess().forEach((name, pct) -> perProcess.computeIfAbsent(name, n -> new ArrayList<>()).add(pct));
        }
        report.note(NAME, String.format(Locale.ROOT, "- %s: %d processes; median %% of one core per process: %s;"
                        + " of the stack's total, the JIT compilers' per sample: %s", label, processes.size(),
                perProcess.entrySet().stream()
                        .map(e -> e.getKey() + " " + Report.number(Stats.median(e.getValue())))
                        .collect(Collectors.joining(", ")),
                compilers.stream().map(Report::number).collect(Collectors.joining(" / "))));
        return totals;
    }

    /** Steady ({@link #steady}) and the compilers quiet in the last window. */
    static boolean settled(List<StackCpu.Sample> windows) {
        return steady(windows.stream().map(StackCpu.Sample::total).toList())
                && windows.get(windows.size() - 1).compilers() <= QUIET_COMPILERS;
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

    public void figure(List<Double> empty, List<Double> stored) {
        report.add(NAME, new Figure("whole stack CPU idle, " + config.storedLabel() + " orders stored",
                "% of one core", stored, "the same stack idle and empty", empty, new Target.Below(5, "%")));
    }
}
