package dev.kefu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer overview's p99 through the gateway beside the slowest of its five downstream calls made directly on
 * the services with the same token, in rounds (overview, then each call, same buyer), without and with a backlog of
 * order events waiting for order-service.
 */
public final class OverviewScenario {

    static final String NAME = "overview";
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final BenchConfig config;
    private final KafkaTools kafka;
    private final Report report;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random = new Random(10);
    private final Map<String, Integer> failures = new LinkedHashMap<>();

    public OverviewScenario(BenchConfig config, KafkaTools kafka, Report report) {
        this.config = config;
        this.kafka = kafka;
        this.report = report;
    }

    /** p99 of the overview and of the slowest direct call in one run. */
    record Run(double overviewP99, double slowestP99, String slowest, int rounds, long lagBefore, long lagMost,
               long lagAfter) {
    }

    /** Three runs; with {@code backlog}, each while a backlog of order events is produced and applied. */
    public void measure(String label, boolean backlog) throws Exception {
        String token = token();
        List<Run> runs = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            runs.add(backlog ? whileBacklogged(token, r) : run(token));
        }
        String title = "customer overview p99, " + label;
        report.add(NAME, new Figure(title, "ms", runs.stream().map(Run::overviewP99).toList(),
                "slowest direct downstream call p99", runs.stream().map(Run::slowestP99).toList(),
                new Target.RatioAtMost(1.5)));
        if (!failures.isEmpty()) {
            report.note(NAME, "- " + label + ": answers other than 200 (timed all the same): " + failures);
            failures.clear();
        }
        for (Run run : runs) {
            report.note(NAME, String.format(Locale.ROOT, "- %s run: %d rounds; overview p99 %s ms; slowest direct "
                            + "call %s p99 %s ms%s", label, run.rounds(), Report.number(run.overviewP99()), run.slowest(),
                    Report.number(run.slowestP99()), backlog ? String.format(Locale.ROOT,
                            "; order-service lag %,d at the start, at most %,d, %,d at the end (events)",
                            run.lagBefore(), run.lagMost(), run.lagAfter()) : ""));
        }
    }

    /**
     * One run while {@code backlogEvents} order events for new orders are produced as fast as the broker takes them
     * (from a second thread) and order-service works through them at full speed: the rounds start once it is
     * {@value #BACKLOG_START} events behind (it applies a backlog faster than it used to build up), and the next run
     * starts with it caught up.
     */
    private Run whileBacklogged(String token, int r) throws Exception {
        int orders = (int) (config.sizes().backlogEvents() / OrderEvents.EVENTS_PER_ORDER);
        OrderEvents stream = new OrderEvents("BACKLOG" + r + "-", PipelineScenario.buyers(config));
        Thread producing = new Thread(() -> {
            try (var producer = kafka.producer(10)) {
                for (int n = 0; n < orders; n += OrderEvents.CHUNK) {
                    OrderEvents.produce(producer, stream.orders(n, Math.min(OrderEvents.CHUNK, orders - n),
                            Instant.now()));
                }
            }
        }, "bench-backlog");
        producing.start();
        long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (producing.isAlive() && kafka.lag(PipelineScenario.ORDER_GROUP, PipelineScenario.TOPIC) < BACKLOG_START
                && System.nanoTime() < waitUntil) {
            Thread.sleep(50);
        }
        Run run = run(token);
        producing.join();
        kafka.awaitCaughtUp(PipelineScenario.ORDER_GROUP, PipelineScenario.TOPIC, config.sizes().catchUpCap());
        return run;
    }

    static final long BACKLOG_START = 5_000;

    private Run run(String token) throws Exception {
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        long lagBefore = kafka.lag(PipelineScenario.ORDER_GROUP, PipelineScenario.TOPIC);
        long lagMost = lagBefore;
        long deadline = System.nanoTime() + config.sizes().overviewCap().toNanos();
        int buyers = PipelineScenario.buyers(config);
        int rounds = 0;
        while (rounds < config.sizes().overviewRounds() && System.nanoTime() < deadline) {
            String buyer = OrderEvents.buyer(random.nextInt(buyers));
            time(millis, "overview", config.gateway() + "/api/customers/" + buyer + "/overview", token);
            time(millis, "GET /api/orders", config.service(8081) + "/api/orders?buyerId=" + buyer, token);
            // the calls the overview makes (CustomerOverviewController), as it makes them
            time(millis, "GET /api/conversations/{buyerId}", config.service(8082) + "/api/conversations/" + buyer
                    + "?limit=20", token);
            time(millis, "GET /api/cases", config.service(8083) + "/api/cases?buyerId=" + buyer, token);
            time(millis, "GET /api/reviews", config.service(8084) + "/api/reviews?buyerId=" + buyer, token);
            time(millis, "GET /api/customers/{buyerId}/file", config.service(8081) + "/api/customers/" + buyer
                    + "/file", token);
            rounds++;
            if (rounds % 10 == 0) {
                lagMost = Math.max(lagMost, kafka.lag(PipelineScenario.ORDER_GROUP, PipelineScenario.TOPIC));
            }
        }
        long lagAfter = kafka.lag(PipelineScenario.ORDER_GROUP, PipelineScenario.TOPIC);
        String slowest = null;
        double slowestP99 = Double.NaN;
        for (var e : millis.entrySet()) {
            double p99 = Stats.percentile(e.getValue(), 99);
            if (!e.getKey().equals("overview") && (slowest == null || p99 > slowestP99)) {
                slowest = e.getKey();
                slowestP99 = p99;
            }
        }
        return new Run(Stats.percentile(millis.get("overview"), 99), slowestP99, slowest, rounds, lagBefore,
                Math.max(lagMost, lagAfter), lagAfter);
    }

    private void time(Map<String, List<Double>> millis, String what, String url, String token)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            failures.merge(what + " " + response.statusCode(), 1, Integer::sum);
        }
        millis.computeIfAbsent(what, k -> new ArrayList<>()).add(ms);
    }

    private String token() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.gateway() + "/auth/dev-token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"shopId\":\"" + BenchConfig.SHOP
                        + "\",\"agentId\":\"bench\",\"roles\":[\"agent\"]}")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("POST /auth/dev-token answered " + response.statusCode() + ": "
                    + response.body());
        }
        return m.group(1);
    }
}
