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

    /** After a settling pause, three samples; returns the stack's total per run and notes the per-process medians. */
    public List<Double> measure(String label) throws InterruptedException, IOException {
        Thread.sleep(config.sizes().idleSettle().toMillis());
        Map<Long, String> processes = cpu.processes();
        List<Double> totals = new ArrayList<>();
        Map<String, List<Double>> perProcess = new LinkedHashMap<>();
        for (int r = 0; r < 3; r++) {
            Map<String, Double> sample = cpu.sample(processes, config.sizes().idleSample().toMillis());
            totals.add(sample.values().stream().mapToDouble(Double::doubleValue).sum());
            sample.forEach((name, pct) -> perProcess.computeIfAbsent(name, n -> new ArrayList<>()).add(pct));
        }
        report.note(NAME, String.format(Locale.ROOT, "- %s: %d processes; median %% of one core per process: %s",
                label, processes.size(), perProcess.entrySet().stream()
                        .map(e -> e.getKey() + " " + Report.number(Stats.median(e.getValue())))
                        .collect(Collectors.joining(", "))));
        return totals;
    }

    public void figure(List<Double> empty, List<Double> stored) {
        report.add(NAME, new Figure("whole stack CPU idle, " + config.storedLabel() + " orders stored",
                "% of one core", stored, "the same stack idle and empty", empty, new Target.Below(5, "%")));
    }
}
