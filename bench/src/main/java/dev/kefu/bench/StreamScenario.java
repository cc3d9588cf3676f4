package dev.kefu.bench;

import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceMessageReceived;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The agents' live stream ({@code GET /api/stream}, Server-Sent Events) held by the one gateway instance of the
 * devstack: N streams opened at once (every tenth on shop-rival, the rest on shop-demo, one agent token each), then
 * signed {@code message.received} webhooks at a modest steady rate (open loop, the same tenth for shop-rival), and
 * for every (webhook, open stream of its shop) pair the time from the webhook's 202 to the event's arrival on that
 * stream. Baselines in the same run: the same with one open stream, and the broker's own produce → consume p99 at the
 * same rate. The client is the JDK's HttpClient with a line subscriber per stream: two executor threads and one
 * selector thread for all the streams, no thread per stream.
 */
public final class StreamScenario {

    static final String NAME = "stream";
    static final String EVENT = "message.received";
    /** Every RIVAL_EVERY-th stream and webhook belongs to shop-rival, the rest to shop-demo. */
    static final int RIVAL_EVERY = 10;
    /** Idle holding before the webhooks start: the gateway's CPU with N open streams and no events. */
    private static final Duration HOLD = Duration.ofSeconds(3);
    private static final Duration OPEN_CAP = Duration.ofSeconds(60);
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final String MESSAGE_ID = "\"messageId\":\"";

    private final BenchConfig config;
    private final KafkaTools kafka;
    private final Report report;
    private final StackCpu cpu;
    private final ExecutorService sseThreads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-sse");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(sseThreads).build();
    private final List<String> tokens = new ArrayList<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private int runNumber;

    public StreamScenario(BenchConfig config, KafkaTools kafka, Report report) {
        this.config = config;
        this.kafka = kafka;
        this.report = report;
        this.cpu = new StackCpu(config.devstackPid(), config.clockTicks());
    }

    /** What /proc and the gateway's actuator say at one moment. NaN / -1 where it could not be read. */
    record Gateway(long rssKb, int threads, double heapMb, double openGauge) {
        String describe() {
            return String.format(Locale.ROOT, "RSS %s MiB, %d threads, heap used %s MiB, open-streams gauge %s",
                    Report.number(rssKb / 1024.0), threads, Report.number(heapMb), Report.number(openGauge));
        }
    }

    record Run(int requested, int ready, int held, double openSeconds, int sent, int accepted, int pairs, int missing,
               int beforeAccepted, double p50, double p99, double p99Last, double sentP50, double sentP99, long leaks,
               Map<String, Long> others,
               double fanOutCpu, double holdingCpu, double benchCpu, double machineBusy,
               Gateway before, Gateway holding, Gateway after,
               double gaugeAfterClose, Map<String, Integer> ended) {
    }

    public void run() throws Exception {
        int n = config.sizes().streams();
        int rate = config.sizes().streamRate();
        Duration length = config.sizes().streamRun();
        secrets.put(BenchConfig.SHOP, SignedWebhook.secret(config.dataDir(), BenchConfig.SHOP));
        secrets.put(BenchConfig.RIVAL_SHOP, SignedWebhook.secret(config.dataDir(), BenchConfig.RIVAL_SHOP));
        issueTokens(n);
        List<Run> many = new ArrayList<>();
        List<Run> one = new ArrayList<>();
        try (WebhookClient client = new WebhookClient(config.gateway(), 32)) {
            // Warm-up (not counted): the gateway's first N streams and fan-out, so its JIT is not measured.
            run(client, n, rate, length, false);
            for (int r = 0; r < 3; r++) {
                many.add(run(client, n, rate, length, true));
                one.add(run(client, 1, rate, length, true));
            }
        }
        List<Double> kafkaP99 = new ArrayList<>();
        kafka.ensureTopic(LatencyScenario.KAFKA_TOPIC, 3);
        LatencyScenario latency = new LatencyScenario(config, kafka, report);
        for (int r = 0; r < 3; r++) {
            kafkaP99.add(latency.kafkaRun(rate, length));
        }

        int rival = (int) IntStream.range(0, n).filter(i -> !shopOf(i).equals(BenchConfig.SHOP)).count();
        report.add(NAME, new Figure(String.format(Locale.ROOT, "SSE streams open from `ready` to the end of the run, "
                        + "of %d requested (%d shop-demo, %d shop-rival)", n, n - rival, rival), "streams",
                many.stream().map(r -> (double) r.held()).toList(), "streams requested",
                many.stream().map(r -> (double) r.requested()).toList(), new Target.RatioAtLeast(1.0)));
        String title = String.format(Locale.ROOT, "webhook 202 → `%s` on each open stream of its shop, %d streams, "
                + "%d/s for %d s", EVENT, n, rate, length.toSeconds());
        List<Double> manyP99 = many.stream().map(Run::p99).toList();
        report.add(NAME, new Figure(title + ", p99", "ms", manyP99, "the same with 1 open stream, p99",
                one.stream().map(Run::p99).toList(), new Target.None()));
        report.add(NAME, new Figure(title + ", p99", "ms", manyP99, "broker produce → consume p99, same rate",
                kafkaP99, new Target.None()));
        report.add(NAME, new Figure(title + ", p50", "ms", many.stream().map(Run::p50).toList(),
                "the same with 1 open stream, p50", one.stream().map(Run::p50).toList(), new Target.None()));
        report.add(NAME, new Figure(String.format(Locale.ROOT, "webhook sent → `%s` on each open stream of its shop, "
                        + "%d streams, %d/s for %d s, p99", EVENT, n, rate, length.toSeconds()), "ms",
                many.stream().map(Run::sentP99).toList(), "the same with 1 open stream, p99",
                one.stream().map(Run::sentP99).toList(), new Target.None()));
        report.add(NAME, new Figure(String.format(Locale.ROOT, "gateway CPU during the fan-out, %d streams", n),
                "% of one core", many.stream().map(Run::fanOutCpu).toList(), "the same with 1 open stream",
                one.stream().map(Run::fanOutCpu).toList(), new Target.None()));
        report.add(NAME, new Figure(String.format(Locale.ROOT, "gateway RSS at the end of the fan-out, %d streams", n),
                "MiB", many.stream().map(r -> r.after().rssKb() / 1024.0).toList(),
                "its RSS before they were opened", many.stream().map(r -> r.before().rssKb() / 1024.0).toList(),
                new Target.None()));
        for (Run run : many) {
            note(run);
        }
        for (Run run : one) {
            note(run);
        }
    }

    private void note(Run run) {
        report.note(NAME, String.format(Locale.ROOT, "- %d stream%s: %d ready in %s s, %d open at the end%s; %d "
                        + "webhooks sent, %d answered 202; %,d (event, stream) pairs, %d not arrived within %d s "
                        + "after the last send, %,d arrived before the client had the 202 (counted as 0); p50 %s ms, "
                        + "p99 %s ms, p99 until the last stream of the shop had it %s ms; from the webhook's send: "
                        + "p50 %s ms, p99 %s ms; events of the other shop received: %d; other stream events: %s; "
                        + "gateway CPU %s %% of one core holding them idle, %s %% during the fan-out (the bench JVM "
                        + "%s %%; the machine's %d cores %s %% busy)",
                run.requested(), run.requested() == 1 ? "" : "s", run.ready(), Report.number(run.openSeconds()),
                run.held(), run.ended().isEmpty() ? "" : " (ended: " + describe(run.ended()) + ")", run.sent(), run.accepted(),
                run.pairs(), run.missing(), config.sizes().streamDrain().toSeconds(), run.beforeAccepted(),
                Report.number(run.p50()), Report.number(run.p99()), Report.number(run.p99Last()),
                Report.number(run.sentP50()), Report.number(run.sentP99()), run.leaks(),
                run.others().isEmpty() ? "none" : run.others().entrySet().stream()
                        .map(e -> "`" + e.getKey() + "` × " + e.getValue()).collect(Collectors.joining(", ")),
                Report.number(run.holdingCpu()), Report.number(run.fanOutCpu()), Report.number(run.benchCpu()),
                Runtime.getRuntime().availableProcessors(), Report.number(run.machineBusy())));
        report.note(NAME, String.format(Locale.ROOT, "  - gateway before: %s; holding: %s; after the fan-out: %s; "
                        + "gauge after closing: %s", run.before().describe(), run.holding().describe(),
                run.after().describe(), Report.number(run.gaugeAfterClose())));
    }

    /** Which shop stream or webhook {@code i} belongs to. */
    static String shopOf(int i) {
        return i % RIVAL_EVERY == RIVAL_EVERY - 1 ? BenchConfig.RIVAL_SHOP : BenchConfig.SHOP;
    }

    private Run run(WebhookClient client, int n, int rate, Duration length, boolean counted) throws Exception {
        int r = runNumber++;
        String prefix = "SSE" + r + "-";
        if (!kafka.awaitCaughtUp(PipelineScenario.CONVERSATION_GROUP, Topics.MARKETPLACE_MESSAGES,
                CATCH_UP)) {
            report.note(NAME, "- a run started with conversation-service still behind on marketplace.messages after "
                    + CATCH_UP.toSeconds() + " s of waiting");
        }
        int count = (int) (rate * length.toSeconds());
        List<SignedWebhook> webhooks = presign(prefix, count);
        long pid = gatewayPid();
        Gateway before = gateway(pid);

        long openStart = System.nanoTime();
        List<Sse> streams = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            streams.add(open(i, prefix, count));
        }
        long openDeadline = openStart + OPEN_CAP.toNanos();
        while (System.nanoTime() < openDeadline && streams.stream().anyMatch(s -> s.readyAt == 0 && s.endedAt == 0)) {
            Thread.sleep(20);
        }
        long lastReady = streams.stream().mapToLong(s -> s.readyAt).max().orElse(openStart);
        double openSeconds = (Math.max(lastReady, openStart) - openStart) / 1e9;
        int ready = (int) streams.stream().filter(s -> s.readyAt != 0).count();

        long holdTicks = cpu.ticks(pid);
        long holdStart = System.nanoTime();
        Thread.sleep(HOLD.toMillis());
        double holdingCpu = percent(cpu.ticks(pid) - holdTicks, System.nanoTime() - holdStart);
        Gateway holding = gateway(pid);

        AtomicLongArray sentAt = new AtomicLongArray(count);
        AtomicLongArray acceptedAt = new AtomicLongArray(count);
        AtomicIntegerArray status = new AtomicIntegerArray(count);
        long fanTicks = cpu.ticks(pid);
        long benchTicks = cpu.ticks(ProcessHandle.current().pid());
        long[] machineBefore = machineTicks();
        long fanStart = System.nanoTime();
        LatencyScenario.paced(count, rate, i -> {
            sentAt.set(i, System.nanoTime());
            client.post("/webhooks/" + shopOf(i), webhooks.get(i)).subscribe(code -> {
                acceptedAt.set(i, System.nanoTime());
                status.set(i, code);
            });
        });
        long drainDeadline = System.nanoTime() + config.sizes().streamDrain().toNanos();
        while (System.nanoTime() < drainDeadline && !allArrived(streams, status)) {
            Thread.sleep(50);
        }
        long fanNanos = System.nanoTime() - fanStart;
        double fanOutCpu = percent(cpu.ticks(pid) - fanTicks, fanNanos);
        double benchCpu = percent(cpu.ticks(ProcessHandle.current().pid()) - benchTicks, fanNanos);
        long[] machineAfter = machineTicks();
        double machineBusy = machineAfter[0] == machineBefore[0] ? Double.NaN
                : 100.0 * (1 - (double) (machineAfter[1] - machineBefore[1]) / (machineAfter[0] - machineBefore[0]));
        Gateway after = gateway(pid);

        List<Sse> held = streams.stream().filter(s -> s.readyAt != 0 && s.endedAt == 0).toList();
        Map<String, Integer> ended = new LinkedHashMap<>();
        streams.stream().filter(s -> s.endedAt != 0 || s.readyAt == 0)
                .forEach(s -> ended.merge(s.endedAt == 0 ? "no ready within " + OPEN_CAP.toSeconds() + " s"
                        : s.endReason, 1, Integer::sum));
        int accepted = 0;
        for (int i = 0; i < count; i++) {
            accepted += status.get(i) == 202 ? 1 : 0;
        }
        double[] millis = new double[held.size() * count];
        double[] fromSent = new double[held.size() * count];
        List<Double> last = new ArrayList<>();
        int pairs = 0;
        int missing = 0;
        int early = 0;
        for (int i = 0; i < count; i++) {
            if (status.get(i) != 202) {
                continue;
            }
            double slowest = Double.NaN;
            for (Sse s : held) {
                if (!s.shop.equals(shopOf(i))) {
                    continue;
                }
                long at = s.arrivals.get(i);
                double ms;
                if (at == 0) {
                    missing++;
                    ms = Double.POSITIVE_INFINITY;
                    fromSent[pairs] = ms;
                } else {
                    early += at < acceptedAt.get(i) ? 1 : 0;
                    ms = Math.max(0, at - acceptedAt.get(i)) / 1e6;
                    fromSent[pairs] = (at - sentAt.get(i)) / 1e6;
                }
                millis[pairs++] = ms;
                slowest = Double.isNaN(slowest) ? ms : Math.max(slowest, ms);
            }
            if (!Double.isNaN(slowest)) {
                last.add(slowest);
            }
        }
        millis = Arrays.copyOf(millis, pairs);
        fromSent = Arrays.copyOf(fromSent, pairs);
        long leaks = streams.stream().mapToLong(s -> s.leaks.get()).sum();
        Map<String, Long> others = new TreeMap<>();
        streams.forEach(s -> s.others.forEach((type, c) -> others.merge(type, c.sum(), Long::sum)));

        for (Sse s : streams) {
            s.close();
        }
        double gaugeAfterClose = awaitGauge(before.openGauge());
        Run run = new Run(n, ready, held.size(), openSeconds, count, accepted, pairs, missing, early,
                Stats.percentile(millis, 50), Stats.percentile(millis, 99), Stats.percentile(last, 99),
                Stats.percentile(fromSent, 50), Stats.percentile(fromSent, 99), leaks, others,
                fanOutCpu, holdingCpu, benchCpu, machineBusy, before, holding, after, gaugeAfterClose, ended);
        System.out.printf(Locale.ROOT, "[bench] stream run %d%s: %d/%d ready, %d held, %d pairs (%d missing), p50 %s "
                        + "ms, p99 %s ms, last-stream p99 %s ms, gateway CPU %s %%, %s%n", r, counted ? "" : " (warm-up)",
                ready, n, held.size(), pairs, missing, Report.number(run.p50()), Report.number(run.p99()),
                Report.number(run.p99Last()), Report.number(fanOutCpu), after.describe());
        return run;
    }

    /** Every webhook answered, and every open stream has had every accepted message of its shop (cheap: counts). */
    private static boolean allArrived(List<Sse> streams, AtomicIntegerArray status) {
        Map<String, Integer> accepted = new LinkedHashMap<>();
        for (int i = 0; i < status.length(); i++) {
            int code = status.get(i);
            if (code == 0) {
                return false;
            }
            if (code == 202) {
                accepted.merge(shopOf(i), 1, Integer::sum);
            }
        }
        for (Sse s : streams) {
            if (s.readyAt != 0 && s.endedAt == 0 && s.arrived.get() < accepted.getOrDefault(s.shop, 0)) {
                return false;
            }
        }
        return true;
    }

    /** Buyer messages "SSE<run>-<i>" from a few buyers per shop (their conversations exist after the first run). */
    private List<SignedWebhook> presign(String prefix, int count) {
        Instant now = Instant.now();
        List<SignedWebhook> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String shop = shopOf(i);
            String id = prefix + i;
            out.add(SignedWebhook.of(secrets.get(shop), new MarketplaceMessageReceived(shop, "taobao",
                    "bench-sse-b" + (i % 40), id, null, "你好，请问什么时候发货？ (" + id + ")", now), id));
        }
        return out;
    }

    private Sse open(int i, String prefix, int messages) {
        Sse s = new Sse(shopOf(i), prefix, messages);
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.gateway() + "/api/stream"))
                .header("Authorization", "Bearer " + tokens.get(i)).header("Accept", "text/event-stream").GET()
                .build();
        http.sendAsync(request, info -> info.statusCode() == 200 ? HttpResponse.BodySubscribers.fromLineSubscriber(s)
                        : HttpResponse.BodySubscribers.<Void>replacing(null))
                .whenComplete((response, error) -> s.end(error != null ? error.getClass().getSimpleName()
                        : response.statusCode() != 200 ? "HTTP " + response.statusCode() : "completed by the gateway"));
        return s;
    }

    /** One agent token per stream, of the stream's shop (agents bench-sse-0..n-1). */
    private void issueTokens(int n) throws IOException, InterruptedException {
        for (int i = tokens.size(); i < n; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.gateway() + "/auth/dev-token"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"shopId\":\"" + shopOf(i)
                            + "\",\"agentId\":\"bench-sse-" + i + "\",\"roles\":[\"agent\"]}")).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher m = TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("POST /auth/dev-token answered " + response.statusCode() + ": "
                        + response.body());
            }
            tokens.add(m.group(1));
        }
    }

    /** The first line of /proc/stat: {all jiffies, idle + iowait jiffies}; zeros when unreadable. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private double percent(long ticks, long nanos) {
        return ticks * 100.0 / config.clockTicks() / (nanos / 1e9);
    }

    /** Waits up to 20 s for the gateway's open-streams gauge to fall back to {@code level}; its value then. */
    private double awaitGauge(double level) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double gauge = metrics().getOrDefault("kefu_gateway_stream_open", Double.NaN);
        while (System.nanoTime() < deadline && gauge > level) {
            Thread.sleep(100);
            gauge = metrics().getOrDefault("kefu_gateway_stream_open", Double.NaN);
        }
        return gauge;
    }

    private long gatewayPid() throws IOException {
        for (var e : cpu.processes().entrySet()) {
            if (e.getValue().equals("gateway")) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("no gateway process under the devstack (pid " + config.devstackPid() + ")");
    }

    private Gateway gateway(long pid) {
        long rss = -1;
        int threads = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // gone: -1
        }
        Map<String, Double> m = metrics();
        return new Gateway(rss, threads, m.getOrDefault("heap", Double.NaN) / 1024 / 1024,
                m.getOrDefault("kefu_gateway_stream_open", Double.NaN));
    }

    /** The open-streams gauge and the heap used (all heap pools), from the gateway's /actuator/prometheus. */
    private Map<String, Double> metrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.gatewayManagement() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("kefu_gateway_stream_open")) {
                    out.put("kefu_gateway_stream_open", value);
                } else if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                    out.merge("heap", value, Double::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no actuator: NaN
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /**
     * One stream as the client sees it: SSE lines in ({@code event:}, {@code data:}, comments, blank line ends an
     * event), the arrival time of each of this run's messages, when {@code ready} came and when the stream ended.
     */
    private static final class Sse implements Flow.Subscriber<String> {
        final String shop;
        final String prefix;
        final AtomicLongArray arrivals;
        final AtomicLong leaks = new AtomicLong();
        /** How many of this run's messages of its shop have arrived (each counted once). */
        final AtomicInteger arrived = new AtomicInteger();
        /** Stream events other than this run's messages, by SSE event name (an older run's messages: "earlier"). */
        final Map<String, LongAdder> others = new ConcurrentHashMap<>();
        volatile long readyAt;
        volatile long endedAt;
        volatile String endReason;
        private volatile Flow.Subscription subscription;
        private volatile boolean closing;
        /** The current event's name; lines of one stream come one at a time. */
        private String type;

        Sse(String shop, String prefix, int messages) {
            this.shop = shop;
            this.prefix = prefix;
            this.arrivals = new AtomicLongArray(messages);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                type = null;
            } else if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                long now = System.nanoTime();
                if ("ready".equals(type)) {
                    if (readyAt == 0) {
                        readyAt = now;
                    }
                } else if (EVENT.equals(type)) {
                    int i = messageIndex(line);
                    if (i < 0 || i >= arrivals.length()) {
                        other(EVENT + " (not of this run)");
                    } else if (!shopOf(i).equals(shop)) {
                        leaks.incrementAndGet();
                    } else if (arrivals.compareAndSet(i, 0, now)) {
                        arrived.incrementAndGet();
                    }
                } else {
                    other(type);
                }
            }
            // ":heartbeat" comments and "id:" lines need nothing
        }

        private void other(String type) {
            others.computeIfAbsent(String.valueOf(type), t -> new LongAdder()).increment();
        }

        private int messageIndex(String data) {
            int at = data.indexOf(MESSAGE_ID);
            if (at < 0 || !data.startsWith(prefix, at + MESSAGE_ID.length())) {
                return -1;
            }
            int from = at + MESSAGE_ID.length() + prefix.length();
            int to = data.indexOf('"', from);
            try {
                return Integer.parseInt(data, from, to, 10);
            } catch (RuntimeException e) {
                return -1;
            }
        }

        @Override
        public void onError(Throwable t) {
            end(t.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            end("completed by the gateway");
        }

        void end(String why) {
            if (endedAt == 0 && !closing) {
                endReason = why;
                endedAt = System.nanoTime();
            }
        }

        /** Cancels the body: the client closes the connection. */
        void close() {
            closing = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    static String describe(Map<String, Integer> ended) {
        return ended.entrySet().stream().map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", "));
    }
}
