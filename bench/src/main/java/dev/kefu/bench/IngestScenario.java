package dev.kefu.bench;

import dev.kefu.events.inbound.MarketplaceOrderCreated;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Signed webhooks per second through the gateway, closed loop over a fixed number of keep-alive connections, beside
 * a bare WebFlux app answering 202 (a separate JVM with the gateway's JVM options) driven the same way.
 */
public final class IngestScenario {

    static final String NAME = "ingest";
    /** Pre-signed requests per run are sized for this rate; a faster run stops when they run out. */
    private static final int MAX_RATE = 12_000;
    /**
     * Warm-up loads at most, each as long as the configured warm-up: the stack's JVMs share two cores, so their JIT
     * compilers are starved and a fresh stack's rate keeps rising for minutes; the warm-up goes on while a load was
     * more than {@link #STILL_RISING} faster than the one before.
     */
    private static final int MAX_WARMUPS = 10;
    private static final double STILL_RISING = 1.10;

    private final BenchConfig config;
    private final KafkaTools kafka;
    private final Report report;
    private int batch;

    public IngestScenario(BenchConfig config, KafkaTools kafka, Report report) {
        this.config = config;
        this.kafka = kafka;
        this.report = report;
    }

    /** The outcome of one closed-loop run. */
    record Run(double perSecond, double p99Millis, int ok, int failed) {
    }

    public void run() throws Exception {
        String secret = SignedWebhook.secret(config.dataDir(), BenchConfig.SHOP);
        int connections = config.sizes().ingestConnections();
        String path = "/webhooks/" + BenchConfig.SHOP;
        List<Run> kefu = new ArrayList<>();
        StackCpu cpu = new StackCpu(config.devstackPid(), config.clockTicks());
        Map<Long, String> processes = new LinkedHashMap<>(cpu.processes());
        processes.put(ProcessHandle.current().pid(), "bench client");
        try (WebhookClient gateway = new WebhookClient(config.gateway(), connections)) {
            warmUp(gateway, path, secret);
            for (int r = 0; r < 3; r++) {
                settle();
                Map<Long, Long> before = cpu.ticks(processes.keySet());
                long compilersBefore = cpu.compilerTicks(processes.keySet());
                Run run = load(gateway, path, secret, config.sizes().ingestRun());
                kefu.add(run);
                report.note(NAME, "- gateway run " + (r + 1) + ": CPU per accepted webhook (ms) "
                        + cpuPerWebhook(cpu, processes, before, run.ok()) + "; of it the JIT compilers' "
                        + Report.number((cpu.compilerTicks(processes.keySet()) - compilersBefore) * 1000.0
                        / config.clockTicks() / Math.max(1, run.ok())));
            }
        }
        List<Run> bare = new ArrayList<>();
        int barePort = config.port(8089);
        Process app = startBare(barePort);
        try (WebhookClient client = new WebhookClient("http://127.0.0.1:" + barePort, connections)) {
            awaitUp(client, path, secret);
            load(client, path, secret, config.sizes().ingestWarmup());
            for (int r = 0; r < 3; r++) {
                bare.add(load(client, path, secret, config.sizes().ingestRun()));
            }
        } finally {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        report.add(NAME, new Figure("signed webhooks/s through the gateway, " + connections + " connections",
                "requests/s", kefu.stream().map(Run::perSecond).toList(), "bare WebFlux answering 202",
                bare.stream().map(Run::perSecond).toList(), new Target.RatioAtLeast(0.5)));
        report.note(NAME, "- client-side p99 per run (ms): gateway " + Report.runs(kefu.stream().map(Run::p99Millis).toList())
                + "; bare " + Report.runs(bare.stream().map(Run::p99Millis).toList()) + ". Non-2xx or failed: gateway "
                + kefu.stream().mapToInt(Run::failed).sum() + ", bare " + bare.stream().mapToInt(Run::failed).sum() + ".");
    }

    /** Loads until the rate stops rising (see {@link #MAX_WARMUPS}), each with the stack caught up first. */
    private void warmUp(WebhookClient gateway, String path, String secret) throws InterruptedException {
        List<Double> rates = new ArrayList<>();
        do {
            settle();
            rates.add(load(gateway, path, secret, config.sizes().ingestWarmup()).perSecond());
        } while (rates.size() < MAX_WARMUPS && (rates.size() == 1
                || rates.get(rates.size() - 1) > STILL_RISING * rates.get(rates.size() - 2)));
        report.note(NAME, "- gateway warm-up: " + rates.size() + " load(s) of " + config.sizes().ingestWarmup()
                .toSeconds() + " s, webhooks/s " + Report.runs(rates));
    }

    /**
     * CPU each process used during a run, per webhook accepted in it: tells a slow gateway from a stack whose two
     * cores are busy applying what it accepts (the services consume while the gateway ingests).
     */
    private String cpuPerWebhook(StackCpu cpu, Map<Long, String> processes, Map<Long, Long> before, int accepted) {
        Map<String, Double> millis = new LinkedHashMap<>();
        processes.forEach((pid, name) -> millis.merge(name, (cpu.ticks(pid) - before.get(pid)) * 1000.0
                / config.clockTicks() / Math.max(1, accepted), Double::sum));
        double total = millis.values().stream().mapToDouble(Double::doubleValue).sum();
        return millis.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + Report.number(e.getValue()))
                .collect(Collectors.joining(", ")) + "; all " + Report.number(total);
    }

    /** Each run starts with order-service caught up, so runs do not inherit each other's backlog. */
    private void settle() throws InterruptedException {
        Duration cap = config.quick() ? Duration.ofSeconds(30) : Duration.ofSeconds(120);
        if (!kafka.awaitCaughtUp(PipelineScenario.ORDER_GROUP, PipelineScenario.TOPIC, cap)) {
            report.note(NAME, "- a gateway run started with order-service still behind (waited " + cap + ")");
        }
    }

    private Run load(WebhookClient client, String path, String secret, Duration duration) {
        int count = (int) Math.min(2_000_000, duration.toSeconds() * MAX_RATE);
        List<SignedWebhook> requests = presign(secret, count);
        long[] latency = new long[count];
        int[] status = new int[count];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        int connections = config.sizes().ingestConnections();
        Flux.range(0, connections)
                .flatMap(worker -> Mono.defer(() -> {
                    int i = next.getAndIncrement();
                    if (i >= count) {
                        return Mono.empty();
                    }
                    long sent = System.nanoTime();
                    return client.post(path, requests.get(i)).doOnNext(code -> {
                        latency[i] = System.nanoTime() - sent;
                        status[i] = code;
                    });
                }).repeat(() -> System.nanoTime() < deadline && next.get() < count), connections)
                .blockLast(duration.plusMinutes(2));
        double seconds = (System.nanoTime() - start) / 1e9;
        int sent = Math.min(next.get(), count);
        List<Double> millis = new ArrayList<>(sent);
        int ok = 0;
        for (int i = 0; i < sent; i++) {
            if (status[i] >= 200 && status[i] < 300) {
                ok++;
                millis.add(latency[i] / 1e6);
            }
        }
        if (sent >= count) {
            report.note(NAME, "- a run used all " + count + " pre-signed requests before its time was up");
        }
        Run run = new Run(ok / seconds, Stats.percentile(millis, 99), ok, sent - ok);
        System.out.printf(Locale.ROOT, "[bench] ingest run: %.0f/s, p99 %.1f ms, %d failed%n", run.perSecond(),
                run.p99Millis(), run.failed());
        return run;
    }

    /** New orders "ING<batch>-<n>": order.created, the cheapest thing for the pipeline to apply afterwards. */
    private List<SignedWebhook> presign(String secret, int count) {
        int b = batch++;
        Instant now = Instant.now();
        List<SignedWebhook> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            out.add(SignedWebhook.of(secret, new MarketplaceOrderCreated(BenchConfig.SHOP, "taobao",
                    "ING" + b + "-" + n, OrderEvents.buyer(n % 1000), new BigDecimal("59.00"), "CNY", now, null, List.of())));
        }
        return out;
    }

    /** The bare app runs with the JVM options the devstack gives the gateway (read from its command line). */
    private Process startBare(int port) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(gatewayJvmOptions());
        cmd.add("-Dloader.main=" + BareWebFluxApp.class.getName());
        cmd.add("-cp");
        cmd.add(config.benchJar().toString());
        cmd.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        cmd.add("--server.port=" + port);
        cmd.add("--server.address=127.0.0.1");
        cmd.add("--spring.main.banner-mode=off");
        Path log = config.dataDir().resolve("logs").resolve("bench-bare-webflux.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // bench/run kills it by this pid if the bench itself dies
        Files.writeString(config.dataDir().resolve("bench-bare.pid"), p.pid() + "\n");
        report.note(NAME, "- bare app JVM options (the gateway's): " + String.join(" ", gatewayJvmOptions()));
        return p;
    }

    private List<String> gatewayJvmOptions() throws IOException {
        StackCpu cpu = new StackCpu(config.devstackPid(), config.clockTicks());
        for (var e : cpu.processes().entrySet()) {
            if (e.getValue().equals("gateway")) {
                String[] args = Files.readString(Path.of("/proc", e.getKey().toString(), "cmdline"),
                        StandardCharsets.UTF_8).split("\0");
                List<String> options = new ArrayList<>();
                for (int i = 1; i < args.length && !args[i].equals("-jar"); i++) {
                    options.add(args[i]);
                }
                return options;
            }
        }
        return List.of();
    }

    private void awaitUp(WebhookClient client, String path, String secret) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SignedWebhook probe = presign(secret, 1).get(0);
        while (System.nanoTime() < deadline) {
            Integer code = client.post(path, probe).block(Duration.ofSeconds(5));
            if (code != null && code == 202) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the bare WebFlux app did not answer within 60 s");
    }
}
