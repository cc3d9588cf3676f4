package dev.kefu.bench;

import org.apache.kafka.clients.producer.KafkaProducer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Throughput of order-service and conversation-service with 1, 2 and 3 instances each (the topics have 3
 * partitions). bench/run starts a fresh devstack per instance count ({@code --replicas}) and runs one step of this
 * scenario against each; a step measures its windows with the pipeline's method and appends them to a results file
 * of the run, and the last step turns the file into the figures: applied/s with 2 and 3 instances, each beside 1
 * instance measured in the same bench/run invocation.
 */
public final class ScalingScenario {

    static final String NAME = "scaling";
    static final List<PipelineScenario.Watched> WATCHED = List.of(PipelineScenario.ORDER_SERVICE,
            PipelineScenario.CONVERSATION_SERVICE);
    private static final Duration MEMBERS_CAP = Duration.ofMinutes(3);

    private final BenchConfig config;
    private final KafkaTools kafka;
    private final Report report;

    public ScalingScenario(BenchConfig config, KafkaTools kafka, Report report) {
        this.config = config;
        this.kafka = kafka;
        this.report = report;
    }

    /**
     * What one step (one instance count of one variant) measured; a line per value in the results file. The variant
     * is {@link #CONFIGURED} (the services as they are: spring.kafka.listener.concurrency = 3, the partitions, in
     * every instance) or {@code threads=N} (bench/run sets SPRING_KAFKA_LISTENER_CONCURRENCY=N for that stack).
     */
    record Step(String variant, int instances, Map<String, List<Double>> windows, Map<String, Double> cpu,
                Map<String, String> assignment, String load) {

        List<String> lines() {
            List<String> out = new ArrayList<>();
            windows.forEach((group, runs) -> runs.forEach(v -> out.add(line("window", group, Double.toString(v)))));
            cpu.forEach((process, percent) -> out.add(line("cpu", process, Double.toString(percent))));
            assignment.forEach((group, text) -> out.add(line("assignment", group, text)));
            out.add(line("load", "-", load));
            return out;
        }

        private String line(String kind, String key, String value) {
            return variant + "\t" + instances + "\t" + kind + "\t" + key + "\t" + value;
        }

        /** The steps of a results file, by variant and instance count, in the file's order. */
        static List<Step> parse(List<String> lines) {
            Map<String, Step> steps = new LinkedHashMap<>();
            for (String line : lines) {
                String[] f = line.split("\t", 5);
                if (f.length < 5) {
                    continue;
                }
                int n = Integer.parseInt(f[1]);
                Step s = steps.computeIfAbsent(f[0] + "/" + n, k -> new Step(f[0], n, new LinkedHashMap<>(),
                        new LinkedHashMap<>(), new LinkedHashMap<>(), "?"));
                switch (f[2]) {
                    case "window" -> s.windows.computeIfAbsent(f[3], g -> new ArrayList<>()).add(Double.parseDouble(f[4]));
                    case "cpu" -> s.cpu.put(f[3], Double.parseDouble(f[4]));
                    case "assignment" -> s.assignment.put(f[3], f[4]);
                    case "load" -> steps.put(f[0] + "/" + n, new Step(f[0], n, s.windows, s.cpu, s.assignment, f[4]));
                    default -> throw new IllegalArgumentException("unknown line in the scaling results: " + line);
                }
            }
            return new ArrayList<>(steps.values());
        }
    }

    static final String CONFIGURED = "configured";

    static String variant(int threads) {
        return threads > 0 ? "threads=" + threads : CONFIGURED;
    }

    private static String describeVariant(String variant) {
        return variant.equals(CONFIGURED) ? "" : ", " + variant.substring("threads=".length())
                + " consumer thread(s) per listener per instance";
    }

    /**
     * The figures: per variant and group, applied/s with n instances beside 1 instance of the same variant from the
     * same file. The issue asks how it scales, not for a speed-up, and on 2 cores more JVMs share the same cores: no
     * target, the ratio is the answer.
     */
    static List<Figure> figures(List<Step> steps) {
        List<Figure> out = new ArrayList<>();
        for (String variant : steps.stream().map(Step::variant).distinct().toList()) {
            Step one = steps.stream().filter(s -> s.variant().equals(variant) && s.instances() == 1).findFirst()
                    .orElse(null);
            if (one == null) {
                continue;
            }
            for (PipelineScenario.Watched w : WATCHED) {
                List<Double> base = one.windows().getOrDefault(w.group(), List.of());
                steps.stream().filter(s -> s.variant().equals(variant) && s.instances() > 1).forEach(s -> out.add(
                        new Figure(w.group() + " applied/s, " + s.instances() + " instances of each, 3 partitions"
                                + describeVariant(variant), "records/s", s.windows().getOrDefault(w.group(), List.of()),
                                "1 instance of each" + describeVariant(variant) + ", same run", base,
                                new Target.None())));
            }
        }
        return out;
    }

    /** Measures {@code instances} (the count the running devstack was started with) and appends it to the file. */
    public void step(int instances, int threads, Path results) throws Exception {
        for (PipelineScenario.Watched w : WATCHED) {
            awaitMembers(w.group(), instances);
        }
        Map<String, String> assignment = new LinkedHashMap<>();
        for (PipelineScenario.Watched w : WATCHED) {
            Map<String, Integer> byMember = kafka.assignment(w.group(), PipelineScenario.TOPIC);
            assignment.put(w.group(), describe(perInstance(w.group(), byMember), byMember.size()));
        }
        PipelineScenario pipeline = new PipelineScenario(config, kafka, report, NAME);
        int orders = config.sizes().scalingOrders();
        Map<String, List<Double>> windows = new LinkedHashMap<>();
        Map<Long, String> processes = processes();
        StackCpu cpu = new StackCpu(config.devstackPid(), config.clockTicks());
        Map<Long, Long> ticks = new LinkedHashMap<>();
        double windowSeconds = 0;
        try (KafkaProducer<String, Object> producer = kafka.producer(10)) {
            awaitQuiet();
            pipeline.window(producer, orders, WATCHED); // warms the services' JIT and this JVM; not counted
            for (int r = 0; r < 3; r++) {
                awaitQuiet();
                processes.keySet().forEach(pid -> ticks.merge(pid, -cpu.ticks(pid), Long::sum));
                long start = System.nanoTime();
                Map<String, Double> rates = pipeline.window(producer, orders, WATCHED);
                windowSeconds += (System.nanoTime() - start) / 1e9;
                processes.keySet().forEach(pid -> ticks.merge(pid, cpu.ticks(pid), Long::sum));
                rates.forEach((group, rate) -> windows.computeIfAbsent(group, g -> new ArrayList<>()).add(rate));
            }
        }
        Map<String, Double> percent = new LinkedHashMap<>();
        for (Map.Entry<Long, String> p : processes.entrySet()) {
            percent.put(p.getValue(), ticks.get(p.getKey()) * 100.0 / config.clockTicks() / windowSeconds);
        }
        Step step = new Step(variant(threads), instances, windows, percent, assignment, Machine.loadAverage());
        Files.write(results, step.lines(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("[bench] scaling: " + instances + " instance(s): " + windows + ", CPU " + percent);
    }

    /** Adds the figures and notes of every step in the file (the last step calls this). */
    public void figures(Path results) throws IOException {
        List<Step> steps = Step.parse(Files.readAllLines(results, StandardCharsets.UTF_8));
        figures(steps).forEach(f -> report.add(NAME, f));
        for (Step s : steps) {
            report.note(NAME, String.format(Locale.ROOT, "- %d instance(s) of each%s: %s; partitions of `%s` per "
                            + "instance: %s; CPU during the windows, %% of one core: %s; load average after: %s",
                    s.instances(), describeVariant(s.variant()), s.windows().entrySet().stream()
                            .map(e -> e.getKey() + " " + Report.runs(e.getValue()) + " records/s")
                            .collect(Collectors.joining(", ")),
                    PipelineScenario.TOPIC, String.join("; ", s.assignment().values()),
                    s.cpu().entrySet().stream().map(e -> e.getKey() + " " + Report.number(e.getValue()))
                            .collect(Collectors.joining(", ")), s.load()));
        }
    }

    /**
     * Until the group's members come from {@code instances} instances and hold all 3 partitions of marketplace.orders
     * (the rebalance after the start ended).
     */
    private void awaitMembers(String group, int instances) throws InterruptedException {
        long deadline = System.nanoTime() + MEMBERS_CAP.toNanos();
        Map<String, Integer> held = Map.of();
        while (System.nanoTime() < deadline) {
            held = perInstance(group, kafka.assignment(group, PipelineScenario.TOPIC));
            if (held.size() == instances && held.values().stream().mapToInt(i -> i).sum() == 3) {
                return;
            }
            Thread.sleep(500);
        }
        report.note(NAME, "- " + group + " had members of " + held + " (partitions of `" + PipelineScenario.TOPIC
                + "` per instance) after " + MEMBERS_CAP + ", not " + instances + " instances; measured anyway");
    }

    private static final Pattern REPLICA = Pattern.compile("-replica(\\d+)-");

    /**
     * Partitions held per instance ({@code order-service}, {@code order-service-2}...), from the members' static ids:
     * the devstack gives replica n's consumers {@code devstack-<service>-replica<n>-...}, the first's
     * {@code devstack-<service>-...}. Each instance runs 3 consumer threads per listener
     * (spring.kafka.listener.concurrency = the partitions), so most members hold nothing once there are two.
     */
    static Map<String, Integer> perInstance(String service, Map<String, Integer> byMember) {
        Map<String, Integer> out = new TreeMap<>();
        byMember.forEach((member, partitions) -> {
            Matcher m = REPLICA.matcher(member);
            out.merge(m.find() ? service + "-" + m.group(1) : service, partitions, Integer::sum);
        });
        return out;
    }

    private void awaitQuiet() throws InterruptedException {
        Duration cap = config.sizes().catchUpCap();
        for (PipelineScenario.Watched w : WATCHED) {
            for (String topic : w.topics()) {
                if (!kafka.awaitCaughtUp(w.group(), topic, cap)) {
                    report.note(NAME, "- " + w.group() + " still had a backlog on " + topic + " after " + cap);
                }
            }
        }
    }

    /** "order-service 2, order-service-2 1 (6 consumers)": partitions per instance, and how many consumers. */
    static String describe(Map<String, Integer> perInstance, int consumers) {
        return perInstance.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + " (" + consumers + (consumers == 1 ? " consumer)" : " consumers)");
    }

    /** The devstack's children by their pid files (the instances of a service share a jar, not a name). */
    private Map<Long, String> processes() throws IOException {
        Map<Long, String> out = new TreeMap<>();
        out.put(config.devstackPid(), "devstack+mongo");
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(config.dataDir().resolve("pids"), "*.pid")) {
            for (Path p : pids) {
                String name = p.getFileName().toString().replace(".pid", "");
                out.put(Long.parseLong(Files.readString(p).strip()), name);
            }
        }
        return out;
    }
}
