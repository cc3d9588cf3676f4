package dev.kefu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the scenarios of docs/benchmarks.md against a running devstack (bench/run starts it) and writes the report.
 * Order matters: idle-empty needs the empty stack; the pipeline loads the stored orders the later scenarios need;
 * the simulator's run comes before it and after the others (it stores orders of its own); the overview under backlog
 * goes last because it leaves a backlog behind. With {@code --only}, the report keeps the rows and sections of the
 * scenarios that did not run from the file it replaces. {@code scaling} needs a devstack per instance count:
 * bench/run starts one for each and runs this JVM once per count with {@code --scaling-step=N} (and
 * {@code --scaling-threads=N} for the variant with fewer consumer threads); the step given {@code --scaling-last}
 * writes the scaling figures into the report the main stack's run (if any) wrote.
 */
public final class Bench {

    static final List<String> SCENARIOS = List.of("pipeline", "idle", "latency", "ingest", "overview", "stream",
            SimulateScenario.NAME, ScalingScenario.NAME, FootprintScenario.NAME);
    /**
     * The scenarios run against bench/run's main stack: scaling and footprint start stacks of their own (scaling one
     * per instance count, footprint several with none beside them).
     */
    static final List<String> ON_THE_STACK = SCENARIOS.stream()
            .filter(s -> !s.equals(ScalingScenario.NAME) && !s.equals(FootprintScenario.NAME)).toList();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        boolean quick = a.containsKey("quick");
        List<String> only = a.containsKey("only") ? Arrays.asList(a.get("only").split(",")) : List.of();
        for (String s : only) {
            if (!SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario '" + s + "' (known: " + SCENARIOS + ")");
            }
        }
        boolean footprint = only.contains(FootprintScenario.NAME);
        if (footprint && only.size() > 1) {
            throw new IllegalArgumentException("footprint runs on its own (bench/run runs it before the others)");
        }
        // bench/run's full run is two invocations, footprint first, then the others, both --full-run (its mode)
        boolean fullRun = a.containsKey("full-run");
        BenchConfig config = new BenchConfig(Path.of(a.get("data-dir")), Integer.parseInt(a.get("port-offset")),
                Long.parseLong(a.getOrDefault("devstack-pid", "-1")), Path.of(a.get("bench-jar")),
                Integer.parseInt(a.getOrDefault("clock-ticks", "100")), quick, only,
                quick ? BenchConfig.quickSizes() : BenchConfig.full());
        Report report = new Report();
        Machine machine = new Machine(a.getOrDefault("commit", "?"),
                Files.readString(Path.of(a.get("java-version-file"))).strip().replace("\n", "; "),
                (quick ? "--quick (smoke sizes, NOT the issue's figures)" : "full")
                        + (only.isEmpty() || fullRun ? "" : ", --only " + String.join(",", only)));
        Path out = Path.of(a.get("out"));
        String command = a.getOrDefault("command", "bench/run");
        if (footprint) {
            try {
                step("footprint");
                new FootprintScenario(Path.of(a.get("devstack-jar")), Path.of(a.get("repo")), config.dataDir(),
                        config.portOffset(), quick, report).run();
            } finally {
                report.write(out, machine, command, HowMeasured.TEXT, List.of(FootprintScenario.NAME));
                System.out.println("[bench] wrote " + out);
            }
            return;
        }
        if (a.containsKey("scaling-step")) {
            int instances = Integer.parseInt(a.get("scaling-step"));
            Path results = Path.of(a.get("scaling-results"));
            try (KafkaTools kafka = new KafkaTools(config.kafka())) {
                step(ScalingScenario.NAME + " with " + instances + " instance(s) of each");
                new ScalingScenario(config, kafka, report).step(instances,
                        Integer.parseInt(a.getOrDefault("scaling-threads", "0")), results);
            }
            if (a.containsKey("scaling-last")) {
                new ScalingScenario(config, null, report).figures(results);
                report.write(out, machine, command, HowMeasured.TEXT, List.of(ScalingScenario.NAME));
                System.out.println("[bench] wrote " + out);
            }
            return;
        }
        List<String> ran = (only.isEmpty() ? ON_THE_STACK : only).stream().filter(ON_THE_STACK::contains).toList();
        try (KafkaTools kafka = new KafkaTools(config.kafka())) {
            run(config, kafka, report, out.toAbsolutePath().getParent());
        } finally {
            report.write(out, machine, command, HowMeasured.TEXT, ran);
            System.out.println("[bench] wrote " + out);
            System.out.println("[bench] wrote " + out);
        }
    }

    private static void run(BenchConfig config, KafkaTools kafka, Report report, Path docs) throws Exception {
        IdleScenario idle = new IdleScenario(config, report);
        List<Double> idleEmpty = config.runs("idle") ? idle.measure("empty stack") : List.of();

        boolean needsStored = config.runs("idle") || config.runs("latency") || config.runs("overview");
        if (config.runs("pipeline") || needsStored) {
            step("pipeline" + (config.runs("pipeline") ? "" : " (loading the stored orders only)"));
            new PipelineScenario(config, kafka, report).run(config.runs("pipeline"));
        }
        if (config.runs("idle")) {
            step("idle with orders stored");
            new PipelineScenario(config, kafka, report).awaitQuiet();
            idle.figure(idleEmpty, idle.measure(config.storedLabel() + " orders stored"));
        }
        if (config.runs("latency")) {
            step("latency");
            new LatencyScenario(config, kafka, report).run();
        }
        OverviewScenario overview = new OverviewScenario(config, kafka, report);
        if (config.runs("overview")) {
            step("overview without backlog");
            new PipelineScenario(config, kafka, report).awaitQuiet();
            overview.measure("no backlog", false);
        }
        if (config.runs("ingest")) {
            step("ingest");
            new IngestScenario(config, kafka, report).run();
        }
        if (config.runs("stream")) {
            step("stream");
            new StreamScenario(config, kafka, report).run();
        }
        if (config.runs(SimulateScenario.NAME)) {
            step("simulate");
            new SimulateScenario(config, kafka, report, docs).run();
        }
        if (config.runs("overview")) {
            step("overview with a backlog");
            new PipelineScenario(config, kafka, report).awaitQuiet();
            overview.measure(String.format("while a backlog of %,d order events is applied",
                    config.sizes().backlogEvents()), true);
        }
    }

    private static void step(String what) {
        System.out.println("[bench] ---- " + what + " ----");
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            int eq = arg.indexOf('=');
            a.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        boolean footprint = a.getOrDefault("only", "").equals(FootprintScenario.NAME);
        for (String required : footprint ? List.of("data-dir", "port-offset", "bench-jar", "out", "java-version-file",
                "devstack-jar", "repo") : List.of("data-dir", "port-offset", "devstack-pid", "bench-jar", "out",
                "java-version-file")) {
            if (!a.containsKey(required)) {
                missing.add("--" + required);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing " + missing + " (bench/run passes them)");
        }
        return a;
    }
}
