package dev.kefu.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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

    /**
     * Writes the report. {@code ran} are the scenarios this run was asked for: the rows and sections of every other
     * scenario are kept from the file being replaced (a {@code --only} run), each with the run it came from.
     */
    public synchronized void write(Path file, Machine machine, String command, Map<String, String> howMeasured,
                                   Collection<String> ran) throws IOException {
        Map<String, String> machineRows = machine.rows();
        Previous previous = Files.exists(file) ? Previous.parse(Files.readString(file, StandardCharsets.UTF_8))
                : Previous.parse("");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean keeps = previous.rows.keySet().stream().anyMatch(s -> !ran.contains(s));
        if (keeps) {
            // the previous table's order, this run's scenarios in place of their old rows, new ones at the end
            for (String scenario : previous.rows.keySet()) {
                if (!ran.contains(scenario)) {
                    rows.put(scenario, previous.rows.get(scenario));
                } else if (figures.containsKey(scenario)) {
                    rows.put(scenario, rowsOf(scenario));
                }
            }
        }
        figures.keySet().forEach(scenario -> rows.computeIfAbsent(scenario, this::rowsOf));
        Map<String, String> sections = new LinkedHashMap<>();
        for (String scenario : howMeasured.keySet()) {
            if (ran.contains(scenario)) {
                if (figures.containsKey(scenario) || notes.containsKey(scenario)) {
                    StringBuilder n = notes.get(scenario);
                    sections.put(scenario, "## " + scenario + "\n\n" + howMeasured.get(scenario) + "\n"
                            + (n == null ? "" : "\n" + n));
                }
            } else if (previous.sections.containsKey(scenario)) {
                sections.put(scenario, previous.sections.get(scenario));
            }
        }
        List<String> thisRun = List.of(machineRows.getOrDefault("date", "?"), machineRows.getOrDefault("git commit", "?"),
                machineRows.getOrDefault("mode", "?"), machineRows.getOrDefault(LOAD, "?"));

        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks\n\n");
        b.append("Measured from outside the services on the devstack (webhooks, Kafka, HTTP, the Mongo wire server "
                + "read-only), each figure beside a baseline taken in the same run; every figure is the median of 3 "
                + "runs, except the simulator's (one 5-minute run, single values). The devstack JVM, whose heap holds "
                + "the Mongo server's data, gets 6 GB in full runs (200,000 orders do not fit in devstack/run's "
                + "768 MB, nor in 3 GB: about 20 KB of heap per order with its messages) and 768 MB in quick ones. "
                + "Rerun with `").append(command)
                .append("` (issue 10's \"Done when\").\n\n");
        b.append("| machine | |\n|---|---|\n");
        machineRows.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\n## Results\n\n");
        b.append("The run each scenario's rows and notes come from (a `--only` run replaces its scenarios' and keeps "
                + "the others' from the file it rewrites; the machine table above is the latest run's):\n\n");
        b.append(PROVENANCE_HEADER).append(" ").append(LOAD).append(" |\n|---|---|---|---|---|\n");
        for (String scenario : union(rows.keySet(), sections.keySet())) {
            List<String> from = ran.contains(scenario) ? thisRun
                    : previous.provenance.getOrDefault(scenario, previous.machineRun());
            b.append("| ").append(scenario).append(" | ").append(String.join(" | ", from)).append(" |\n");
        }
        b.append("\n").append(RESULTS_HEADER).append(" baseline | baseline runs | baseline median "
                + "| ratio | target | verdict |\n|---|---|---|---|---|---|---|---|---|---|\n");
        rows.values().forEach(list -> list.forEach(line -> b.append(line).append('\n')));
        b.append("\n∞ = not done within the wait (see the scenario's notes).\n\n").append(CAVEATS);
        sections.values().forEach(section -> b.append('\n').append(section.stripTrailing()).append('\n'));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private List<String> rowsOf(String scenario) {
        List<String> out = new ArrayList<>();
        for (Figure f : figures.get(scenario)) {
            out.add("| " + scenario + " | " + f.name() + " (" + f.unit() + ") | " + runs(f.kefu()) + " | **"
                    + number(f.kefuMedian()) + "** | " + f.baselineName() + " | " + runs(f.baseline()) + " | "
                    + number(f.baselineMedian()) + " | " + ratio(f.ratio()) + " | " + f.target().describe() + " | **"
                    + f.verdict() + "** |");
        }
        return out;
    }

    private static List<String> union(Collection<String> a, Collection<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(s -> !out.contains(s)).forEach(out::add);
        return out;
    }

    static final String LOAD = "load average (1/5/15 min) at the end";
    static final String PROVENANCE_HEADER = "| scenario | date | git commit | mode |";
    static final String RESULTS_HEADER = "| scenario | figure | Kefu runs | Kefu median |";

    /** What a report written before says: its machine table, which run each scenario came from, rows, sections. */
    record Previous(Map<String, String> machine, Map<String, List<String>> provenance, Map<String, List<String>> rows,
                    Map<String, String> sections) {

        List<String> machineRun() {
            return List.of(machine.getOrDefault("date", "?"), machine.getOrDefault("git commit", "?"),
                    machine.getOrDefault("mode", "?"), machine.getOrDefault(LOAD, "?"));
        }

        static Previous parse(String text) {
            Map<String, String> machine = new LinkedHashMap<>();
            Map<String, List<String>> provenance = new LinkedHashMap<>();
            Map<String, List<String>> rows = new LinkedHashMap<>();
            Map<String, String> sections = new LinkedHashMap<>();
            List<String> lines = text.lines().toList();
            String table = null;
            String section = null;
            StringBuilder sectionText = new StringBuilder();
            for (String line : lines) {
                if (line.startsWith("## ")) {
                    if (section != null) {
                        sections.put(section, sectionText.toString());
                    }
                    String name = line.substring(3).strip();
                    section = name.equals("Results") ? null : name;
                    sectionText.setLength(0);
                    table = null;
                }
                if (section != null) {
                    sectionText.append(line).append('\n');
                    continue;
                }
                if (!line.startsWith("|")) {
                    table = null;
                    continue;
                }
                if (line.startsWith("| machine |")) {
                    table = "machine";
                } else if (line.startsWith(PROVENANCE_HEADER)) {
                    table = "provenance";
                } else if (line.startsWith(RESULTS_HEADER)) {
                    table = "results";
                } else if (!line.startsWith("|---") && table != null) {
                    List<String> cells = cells(line);
                    if (cells.isEmpty()) {
                        continue;
                    }
                    switch (table) {
                        case "machine" -> machine.put(cells.get(0), cells.size() > 1 ? cells.get(1) : "");
                        case "provenance" -> provenance.put(cells.get(0), cells.subList(1, cells.size()));
                        default -> rows.computeIfAbsent(cells.get(0), k -> new ArrayList<>()).add(line);
                    }
                }
            }
            if (section != null) {
                sections.put(section, sectionText.toString());
            }
            return new Previous(machine, provenance, rows, sections);
        }

        private static List<String> cells(String line) {
            String inner = line.strip();
            inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
            return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
        }
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
