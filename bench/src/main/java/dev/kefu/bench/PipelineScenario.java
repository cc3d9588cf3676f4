package dev.kefu.bench;

import dev.kefu.events.Topics;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Inbound order events per second applied by order-service (its consumer group's committed offsets on
 * marketplace.orders, polled every 200 ms), with no orders stored and with {@code storedOrders} stored, beside one
 * thread of find + upsert on the same Mongo server. Loading the stored orders is itself the pipeline.
 */
public final class PipelineScenario {

    static final String NAME = "pipeline";
    static final String ORDER_GROUP = "order-service";
    static final String CONVERSATION_GROUP = "conversation-service";
    static final String TOPIC = Topics.MARKETPLACE_ORDERS;

    private final BenchConfig config;
    private final KafkaTools kafka;
    private final Report report;
    private final OrderEvents stream;
    /** Where its notes go: the pipeline's own, or a scenario that measures with its windows (scaling). */
    private final String scenario;
    private long nextOrder;
    /** Events produced by all windows so far (what {@link CpuPerEvent} divides by). */
    private long windowEvents;

    public PipelineScenario(BenchConfig config, KafkaTools kafka, Report report) {
        this(config, kafka, report, NAME);
    }

    PipelineScenario(BenchConfig config, KafkaTools kafka, Report report, String scenario) {
        this.config = config;
        this.kafka = kafka;
        this.report = report;
        this.stream = new OrderEvents("BENCH", buyers(config));
        this.scenario = scenario;
    }

    /** Buyers of the stored orders: four orders each. */
    static int buyers(BenchConfig config) {
        return Math.max(1, config.sizes().storedOrders() / 4);
    }

    /** Measures (when {@code measure}) and in any case leaves {@code storedOrders} orders applied. */
    public void run(boolean measure) throws InterruptedException {
        int window = config.sizes().windowOrders();
        int stored = config.sizes().storedOrders();
        try (KafkaProducer<String, Object> producer = kafka.producer(10);
             MongoBaseline baseline = new MongoBaseline(config.mongoUri())) {
            List<Double> base0 = new ArrayList<>();
            List<Double> kefu0 = new ArrayList<>();
            if (measure) {
                baseline.drop();
                baseline.run(keys("BASEWARM-", window)); // warms the driver and this JVM; not counted
                for (int r = 0; r < 3; r++) {
                    base0.add(baseline.run(keys("BASE0-" + r + "-", window)));
                    System.out.printf(Locale.ROOT, "[bench] baseline find+upsert: %.0f/s%n", base0.get(r));
                }
                warmUp(producer, window);
                CpuPerEvent cpu = new CpuPerEvent();
                for (int r = 0; r < 3; r++) {
                    kefu0.add(cpu.during(() -> window(producer, window)));
                }
                report.note(NAME, "- CPU per event applied in the windows at 0 stored (after the warm-up), ms by "
                        + "process: " + cpu);
            }
            load(producer, stored - nextOrder, measure);
            if (!measure) {
                return;
            }
            List<Double> baseN = new ArrayList<>();
            List<Double> kefuN = new ArrayList<>();
            baseline.preload("BASEPRE-", stored);
            for (int r = 0; r < 3; r++) {
                baseN.add(baseline.run(keys("BASEN-" + r + "-", window)));
            }
            baseline.drop();
            CpuPerEvent cpu = new CpuPerEvent();
            for (int r = 0; r < 3; r++) {
                kefuN.add(cpu.during(() -> window(producer, window)));
            }
            report.note(NAME, "- CPU per event applied in the windows at " + config.storedLabel()
                    + " stored, ms by process: " + cpu);
            String at = config.storedLabel();
            report.add(NAME, new Figure("order events applied/s, 0 orders stored", "events/s", kefu0,
                    "find + upsert, 1 thread, same Mongo server", base0, new Target.RatioAtLeast(0.5)));
            report.add(NAME, new Figure("order events applied/s, " + at + " orders stored", "events/s", kefuN,
                    "find + upsert, 1 thread, " + at + " docs", baseN, new Target.RatioAtLeast(0.5)));
            report.add(NAME, new Figure("applied/s at " + at + " vs at 0 (≤ 20% slower)", "events/s", kefuN,
                    "Kefu at 0 stored (above)", kefu0, new Target.RatioAtLeast(0.8)));
        }
    }

    /**
     * Kefu's services start cold, and their JIT compilers need thousands of events to settle: windows not counted
     * (as the baseline's first run is not) until two in a row are within 20% of each other, at most
     * {@value #MAX_WARMUPS}. They leave their orders stored (a window's worth each), noted with their rates.
     */
    private void warmUp(KafkaProducer<String, Object> producer, int orders) throws InterruptedException {
        List<Double> rates = new ArrayList<>(List.of(window(producer, orders)));
        while (rates.size() < MAX_WARMUPS) {
            double previous = rates.get(rates.size() - 1);
            double rate = window(producer, orders);
            rates.add(rate);
            if (Math.abs(rate - previous) <= 0.2 * Math.max(rate, previous)) {
                break;
            }
        }
        report.note(NAME, String.format(Locale.ROOT, "- warm-up windows before the windows at 0 stored (not counted; "
                        + "%,d orders stored after them): %s events/s", nextOrder,
                String.join(" → ", rates.stream().map(Report::number).toList())));
    }

    static final int MAX_WARMUPS = 6;

    /** CPU of each process of the stack (utime + stime) over some windows, per event those windows applied. */
    private final class CpuPerEvent {
        private final StackCpu cpu = new StackCpu(config.devstackPid(), config.clockTicks());
        private final Map<Long, String> processes;
        private final Map<Long, Long> ticks = new LinkedHashMap<>();
        private long events;

        CpuPerEvent() throws InterruptedException {
            try {
                processes = cpu.processes();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot list the stack's processes", e);
            }
        }

        /**
         * The window's rate; its CPU counted from a quiet stack (what came before is done) until every service has
         * done what the window's events caused (conversation-service's thank-yous follow order-service's commits).
         */
        double during(Window window) throws InterruptedException {
            awaitQuiet();
            long before = windowEvents;
            processes.keySet().forEach(pid -> ticks.merge(pid, -cpu.ticks(pid), Long::sum));
            double rate = window.run();
            awaitQuiet();
            processes.keySet().forEach(pid -> ticks.merge(pid, cpu.ticks(pid), Long::sum));
            events += windowEvents - before;
            return rate;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            double total = 0;
            for (Map.Entry<Long, String> p : processes.entrySet()) {
                double ms = ticks.getOrDefault(p.getKey(), 0L) * 1000.0 / config.clockTicks() / Math.max(1, events);
                total += ms;
                if (ms >= 0.005) {
                    out.append(out.isEmpty() ? "" : ", ").append(p.getValue()).append(' ').append(Report.number(ms));
                }
            }
            return out.append("; in all ").append(Report.number(total)).append(" ms (")
                    .append(String.format(Locale.ROOT, "%,d", events)).append(" events)").toString();
        }
    }

    @FunctionalInterface
    private interface Window {
        double run() throws InterruptedException;
    }

    /** The keys of a window's events in stream order: the baseline touches documents as the pipeline does. */
    private List<String> keys(String prefix, int orders) {
        return new OrderEvents(prefix, 1).orders(0, orders, Instant.now()).stream().map(OrderEvents.Emitted::key).toList();
    }

    /** One window: the events of {@code orders} new orders produced at once; events / time until all are committed. */
    private double window(KafkaProducer<String, Object> producer, int orders) throws InterruptedException {
        awaitQuiet();
        return window(producer, orders, List.of(ORDER_SERVICE)).get(ORDER_GROUP);
    }

    /**
     * A consumer group, the topics it applies the window's records on, and how many records a window adds there
     * (order-service: the events themselves; conversation-service: those and the order-paid order-service publishes).
     */
    record Watched(String group, List<String> topics, ToLongFunction<List<OrderEvents.Emitted>> records) {
    }

    static final Watched ORDER_SERVICE = new Watched(ORDER_GROUP, List.of(TOPIC), List::size);
    /** One order-paid per paid order (order-service's outbox publishes it once per order). */
    static final Watched CONVERSATION_SERVICE = new Watched(CONVERSATION_GROUP, List.of(TOPIC, Topics.ORDER_PAID),
            events -> events.size() + events.stream().filter(e -> e.event() instanceof MarketplaceOrderPaid).count());

    /**
     * One window with the groups caught up beforehand (the caller waits): the events of {@code orders} new orders
     * produced at once; per group, the records it applied / time from the first send until it had committed them
     * all (polled every 200 ms), 0 when not within the catch-up cap.
     */
    Map<String, Double> window(KafkaProducer<String, Object> producer, int orders, List<Watched> watched)
            throws InterruptedException {
        List<OrderEvents.Emitted> events = stream.orders(nextOrder, orders, Instant.now());
        nextOrder += orders;
        windowEvents += events.size();
        Map<String, Long> targets = new LinkedHashMap<>();
        for (Watched w : watched) {
            targets.put(w.group(), kafka.committed(w.group(), w.topics()) + w.records().applyAsLong(events));
        }
        long start = System.nanoTime();
        OrderEvents.produce(producer, events);
        long deadline = start + config.sizes().catchUpCap().toNanos();
        Map<String, Double> rates = new LinkedHashMap<>();
        while (rates.size() < watched.size()) {
            for (Watched w : watched) {
                if (!rates.containsKey(w.group()) && kafka.committed(w.group(), w.topics()) >= targets.get(w.group())) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double records = w.records().applyAsLong(events);
                    rates.put(w.group(), records / seconds);
                    System.out.printf(Locale.ROOT, "[bench] window: %s applied %,.0f records in %.1f s = %.0f/s%n",
                            w.group(), records, seconds, records / seconds);
                }
            }
            if (rates.size() < watched.size() && System.nanoTime() > deadline) {
                for (Watched w : watched) {
                    if (rates.putIfAbsent(w.group(), 0.0) == null) {
                        report.note(scenario, "- a window of " + events.size() + " events was not applied by " + w.group()
                                + " within " + config.sizes().catchUpCap() + "; counted as 0/s");
                    }
                }
            }
            Thread.sleep(200);
        }
        return rates;
    }

    /** Loads {@code orders} more orders as fast as the broker takes them and records how fast they were applied. */
    private void load(KafkaProducer<String, Object> producer, long orders, boolean measure) throws InterruptedException {
        if (orders <= 0) {
            return;
        }
        awaitQuiet();
        long first = nextOrder;
        nextOrder += orders;
        long base = kafka.committed(ORDER_GROUP, TOPIC);
        AtomicLong produced = new AtomicLong();
        AtomicBoolean finished = new AtomicBoolean();
        Thread producing = new Thread(() -> {
            try {
                for (long n = first; n < first + orders; n += OrderEvents.CHUNK) {
                    List<OrderEvents.Emitted> chunk = stream.orders(n,
                            (int) Math.min(OrderEvents.CHUNK, first + orders - n), Instant.now());
                    OrderEvents.produce(producer, chunk);
                    produced.addAndGet(chunk.size());
                }
            } finally {
                finished.set(true);
            }
        }, "bench-load");
        long start = System.nanoTime();
        producing.start();
        List<long[]> samples = new ArrayList<>(); // {nanos since start, events applied}
        long deadline = start + config.sizes().catchUpCap().toNanos();
        long applied = 0;
        while (!(finished.get() && applied >= produced.get()) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            applied = kafka.committed(ORDER_GROUP, TOPIC) - base;
            samples.add(new long[] {System.nanoTime() - start, applied});
        }
        producing.join();
        long expected = produced.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "[bench] load: %,d events for %,d orders applied in %.0f s%n", applied, orders,
                seconds);
        if (measure) {
            report.note(NAME, String.format(Locale.ROOT, "- Loading %,d orders (%,d events) took %.0f s%s; applied/s "
                            + "by stage of the load (orders stored at the end of the stage): %s", orders, expected,
                    seconds, applied < expected ? " and did NOT finish within the cap (" + applied + " applied)" : "",
                    stages(samples, expected, first)));
        }
    }

    /** Rates over each fifth of the load, the first and last windows the issue compares. */
    private static String stages(List<long[]> samples, long expected, long firstOrder) {
        StringBuilder b = new StringBuilder();
        long prevT = 0;
        long prevE = 0;
        for (int s = 1; s <= 5; s++) {
            long boundary = expected * s / 5;
            for (long[] sample : samples) {
                if (sample[1] >= boundary) {
                    double rate = (sample[1] - prevE) / ((sample[0] - prevT) / 1e9);
                    b.append(String.format(Locale.ROOT, "%s%,d → %,.0f/s", b.isEmpty() ? "" : "; ",
                            firstOrder + Math.round(sample[1] / OrderEvents.EVENTS_PER_ORDER), rate));
                    prevT = sample[0];
                    prevE = sample[1];
                    break;
                }
            }
        }
        return b.isEmpty() ? "(too short to tell)" : b.toString();
    }

    /** Nothing in flight: order-service has applied marketplace.orders, conversation-service it and order-paid. */
    void awaitQuiet() throws InterruptedException {
        Duration cap = config.sizes().catchUpCap();
        if (!kafka.awaitCaughtUp(ORDER_GROUP, TOPIC, cap)) {
            report.note(scenario, "- order-service still had a backlog after " + cap + " of waiting");
        }
        if (!kafka.awaitCaughtUp(CONVERSATION_GROUP, TOPIC, cap)) {
            report.note(scenario, "- conversation-service still had an order input backlog after " + cap + " of waiting");
        }
        if (!kafka.awaitCaughtUp(CONVERSATION_GROUP, Topics.ORDER_PAID, cap)) {
            report.note(scenario, "- conversation-service still had an order-paid backlog after " + cap + " of waiting");
        }
    }
}
