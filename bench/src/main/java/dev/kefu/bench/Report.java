package dev.kefu.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects figures and notes per scenario and writes docs/benchmarks.md. */
public final class Report {

    static final String CAVEATS = """
            Read with care: the load generator runs on the same cores as the stack, and the machine may be shared \
            (see the load average above); a `--quick` run uses smaller stored levels and shorter runs than the \
            issue's. Consumer progress is read from committed offsets, which move once per poll batch.
            """;

    private final Map<String, List<Figure>> figures = new LinkedHashMap<>();
    private final Map<String, StringBuilder> notes = new LinkedHashMap<>();

    public synchronized void add(String scenario, Figure figure) {
        figures.computeIfAbsent(scenario, s -> new ArrayList<>()).add(figure);
        System.out.printf(Locale.ROOT, "[bench] %s: %s = %s (runs %s) vs %s %s → %s%n", scenario, figure.name(),
                number(figure.kefuMedian()), runs(figure.kefu()), figure.baselineName(),
                number(figure.baselineMedian()), figure.verdict());
    }

    /** A line of explanation or an extra measurement under the scenario's heading. */
    public synchronized void note(String scenario, String markdownLine) {
        notes.computeIfAbsent(scenario, s -> new StringBuilder()).append(markdownLine).append('\n');
        System.out.println("[bench] " + scenario + ": " + markdownLine);
    }

    public synchronized void write(Path file, Machine machine, String command, Map<String, String> howMeasured)
            throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks\n\n");
        b.append("Measured from outside the services on the devstack (webhooks, Kafka, HTTP, the Mongo wire server "
                + "read-only), each figure beside a baseline taken in the same run; every figure is the median of 3 "
                + "runs. Rerun with `").append(command).append("` (issue 10's \"Done when\").\n\n");
        b.append("| machine | |\n|---|---|\n");
        machine.rows().forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\n## Results\n\n");
        b.append("| scenario | figure | Kefu runs | Kefu median | baseline | baseline runs | baseline median "
                + "| ratio | target | verdict |\n|---|---|---|---|---|---|---|---|---|---|\n");
        figures.forEach((scenario, list) -> list.forEach(f -> b.append("| ").append(scenario).append(" | ")
                .append(f.name()).append(" (").append(f.unit()).append(") | ").append(runs(f.kefu())).append(" | **")
                .append(number(f.kefuMedian())).append("** | ").append(f.baselineName()).append(" | ")
                .append(runs(f.baseline())).append(" | ").append(number(f.baselineMedian())).append(" | ")
                .append(ratio(f.ratio())).append(" | ").append(f.target().describe()).append(" | **")
                .append(f.verdict()).append("** |\n")));
        b.append("\n∞ = not done within the wait (see the scenario's notes).\n\n").append(CAVEATS);
        for (String scenario : howMeasured.keySet()) {
            if (!figures.containsKey(scenario) && !notes.containsKey(scenario)) {
                continue;
            }
            b.append("\n## ").append(scenario).append("\n\n").append(howMeasured.get(scenario)).append("\n");
            StringBuilder n = notes.get(scenario);
            if (n != null) {
                b.append('\n').append(n);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    static String runs(List<Double> values) {
        return values.isEmpty() ? "-" : values.stream().map(Report::number).collect(Collectors.joining(" / "));
    }

    static String ratio(double r) {
        return Double.isNaN(r) ? "-" : Double.isInfinite(r) ? "∞" : String.format(Locale.ROOT, "%.2f", r);
    }

    /** Three significant digits, thousands separated; ∞ and - for the special values. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return "∞";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, a >= 1 ? "%.2f" : "%.3f", v);
    }
}
