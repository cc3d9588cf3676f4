package dev.kefu.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How long the devstack takes from its command to {@code KEFU READY}, and how much memory the whole stack holds once
 * it is up: the devstack started by this scenario itself (nothing else of the bench running), on ports of its own,
 * on one data dir: a first start with an empty class-data sharing cache (which makes the archives), then three rounds
 * of two starts: today's devstack ({@code --cds=false} and the JVM flags from before the footprint work), and a start
 * with the cache warm.
 */
public final class FootprintScenario {

    static final String NAME = "footprint";
    static final String READY = "KEFU READY";
    /** Written by the devstack once its training runs made the archives (ClassDataSharing). */
    static final String ARCHIVES_MADE = "archives made";
    /** The JVM flags the broker had before (G1, 128 MiB initial heap); MALLOC_ARENA_MAX=0 is glibc's default. */
    static final String PREVIOUS_KAFKA_FLAGS = "-Xms128m -Xmx512m";

    private final Path devstackJar;
    private final Path repo;
    private final Path dataDir;
    private final int portOffset;
    private final boolean quick;
    private final Report report;

    public FootprintScenario(Path devstackJar, Path repo, Path dataDir, int portOffset, boolean quick, Report report) {
        this.devstackJar = devstackJar;
        this.repo = repo;
        this.dataDir = dataDir;
        this.portOffset = portOffset;
        this.quick = quick;
        this.report = report;
    }

    /** One start: seconds to the ready line, the stack's RSS after the settle, per process. */
    record Start(double seconds, double totalMiB, Map<String, Double> perProcessMiB, double archivesSeconds) {
    }

    enum Kind {
        BASELINE("today's devstack: --cds=false, previous JVM flags"),
        FIRST("first start, empty class-data sharing cache"),
        WARM("start with the class-data sharing cache warm");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public void run() throws Exception {
        long settle = quick ? 5_000 : 15_000;
        // formats the broker's storage once, so that no counted start pays for it
        start("prelude (formats Kafka's storage, not counted)", List.of("--services=none", "--cds=false"), Map.of(),
                0, false);
        // the first start with an empty cache, once: its training runs after ready make the archives
        Start first = start(Kind.FIRST.label, List.of("--cds=true"), Map.of(), settle, true);
        Map<Kind, List<Start>> runs = new LinkedHashMap<>();
        for (int round = 1; round <= 3; round++) {
            runs.computeIfAbsent(Kind.BASELINE, k -> new ArrayList<>()).add(start("round " + round + ": "
                    + Kind.BASELINE.label, List.of("--cds=false"), Map.of("KEFU_KAFKA_JVM_OPTIONS",
                    PREVIOUS_KAFKA_FLAGS, "MALLOC_ARENA_MAX", "0"), settle, false));
            runs.computeIfAbsent(Kind.WARM, k -> new ArrayList<>()).add(start("round " + round + ": "
                    + Kind.WARM.label, List.of("--cds=true"), Map.of(), settle, false));
        }
        List<Double> baselineSeconds = seconds(runs.get(Kind.BASELINE));
        report.add(NAME, new Figure("devstack command → `KEFU READY`, class-data sharing cache warm", "s",
                seconds(runs.get(Kind.WARM)), Kind.BASELINE.label, baselineSeconds, new Target.Below(20, "s")));
        report.add(NAME, new Figure("whole stack RSS " + settle / 1000 + " s after `KEFU READY`, cache warm", "MiB",
                runs.get(Kind.WARM).stream().map(Start::totalMiB).toList(), Kind.BASELINE.label,
                runs.get(Kind.BASELINE).stream().map(Start::totalMiB).toList(), new Target.Below(1536, "MiB")));
        report.note(NAME, String.format(Locale.ROOT, "- %s (once, before the rounds): `KEFU READY` after %s s; "
                + "then the training runs, one at a time and niced, took %s s", Kind.FIRST.label,
                Report.number(first.seconds()), Report.number(first.archivesSeconds())));
        for (Kind kind : List.of(Kind.BASELINE, Kind.WARM)) {
            Map<String, List<Double>> perProcess = new LinkedHashMap<>();
            runs.get(kind).forEach(s -> s.perProcessMiB().forEach((name, mib) ->
                    perProcess.computeIfAbsent(name, n -> new ArrayList<>()).add(mib)));
            report.note(NAME, "- RSS per process (median MiB), " + kind.label + ": " + perProcess.entrySet().stream()
                    .map(e -> e.getKey() + " " + Report.number(Stats.median(e.getValue())))
                    .collect(Collectors.joining(", ")));
        }
    }

    private static List<Double> seconds(List<Start> starts) {
        return starts.stream().map(Start::seconds).toList();
    }

    /**
     * Starts the devstack as devstack/run does ({@code java -Xmx768m -XX:-UsePerfData -XX:TrimNativeHeapInterval=10000 -jar kefu-devstack.jar}), times
     * the ready line, waits {@code settleMillis}, sums VmRSS over the devstack JVM and every process it started, then stops it with
     * SIGTERM (its shutdown hook stops the rest) and waits for it. With {@code awaitArchives}, the stop waits for the
     * devstack's training runs to have made the archives (after the RSS is taken: they are not part of it).
     */
    Start start(String label, List<String> extraArgs, Map<String, String> env, long settleMillis,
                boolean awaitArchives) throws Exception {
        Files.createDirectories(dataDir);
        Path out = dataDir.getParent().resolve("footprint-devstack.out");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx768m", "-XX:-UsePerfData",
                "-XX:TrimNativeHeapInterval=10000", "-jar",
                devstackJar.toString(), "--repo=" + repo, "--port-offset=" + portOffset, "--data-dir=" + dataDir, "--startup-timeout=600"));
        cmd.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().putAll(env);
        System.out.println("[bench] " + NAME + ": " + label);
        long t0 = System.nanoTime();
        Process devstack = builder.start();
        devstack.getOutputStream().close();
        // bench/run stopping this JVM (Ctrl-C, a failure) must not leave the stack running: SIGTERM it on the way out
        Thread stopOnExit = new Thread(devstack::destroy, "footprint-stop-devstack");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch archives = new CountDownLatch(1);
        long[] readyAt = {0};
        long[] archivesAt = {0};
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(devstack.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter log = new PrintWriter(Files.newBufferedWriter(out,
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND))) {
                log.println("===== " + label);
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(READY) && ready.getCount() > 0) {
                        readyAt[0] = System.nanoTime();
                        ready.countDown();
                    }
                    if (line.contains(ARCHIVES_MADE)) {
                        archivesAt[0] = System.nanoTime();
                        archives.countDown();
                    }
                    log.println(line);
                    log.flush();
                }
            } catch (IOException e) {
                // the devstack is gone
            }
        }, "footprint-devstack-out");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(600, TimeUnit.SECONDS) || !devstack.isAlive()) {
                throw new IllegalStateException("the devstack was not ready within 600 s (" + label + "), see " + out);
            }
            double seconds = (readyAt[0] - t0) / 1e9;
            Thread.sleep(settleMillis);
            Map<String, Double> perProcess = new LinkedHashMap<>();
            StackCpu tree = new StackCpu(devstack.pid(), 100);
            for (Map.Entry<Long, String> p : tree.processes().entrySet()) {
                perProcess.merge(p.getValue(), rssKiB(p.getKey()) / 1024.0, Double::sum);
            }
            double total = perProcess.values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf(Locale.ROOT, "[bench] %s: ready in %.1f s, RSS %.0f MiB %s%n", NAME, seconds, total,
                    perProcess);
            if (awaitArchives && !archives.await(3000, TimeUnit.SECONDS)) {
                report.note(NAME, "- " + label + ": no archives within 3000 s after ready; the warm starts had none");
            }
            double archivesSeconds = archivesAt[0] == 0 ? Double.NaN : (archivesAt[0] - readyAt[0]) / 1e9;
            return new Start(seconds, total, perProcess, archivesSeconds);
        } finally {
            devstack.destroy(); // SIGTERM: the devstack stops its services, the broker and Mongo
            if (!devstack.waitFor(120, TimeUnit.SECONDS)) {
                devstack.destroyForcibly();
                devstack.waitFor(30, TimeUnit.SECONDS);
            }
            reader.join(5_000);
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs and finds it stopped
            }
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** VmRSS of a process in KiB, 0 when it is gone. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
