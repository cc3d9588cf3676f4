package dev.kefu.bench;

import dev.kefu.events.inbound.MarketplaceOrderPaid;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Webhook 202 → proactive message stored: signed {@code order.paid} webhooks at a steady rate (open loop), the time of
 * each 202, and the time the Mongo server inserted conversation-service's thank-you for that order (the devstack's
 * insert log, so nothing polls the database). Baseline: produce → consume through the same broker at the same rate.
 */
public final class LatencyScenario {

    static final String NAME = "latency";
    static final String MESSAGES = "kefu-conversation-service.messages";
    static final String KAFKA_TOPIC = "bench.latency";

    private final BenchConfig config;
    private final KafkaTools kafka;
    private final Report report;

    public LatencyScenario(BenchConfig config, KafkaTools kafka, Report report) {
        this.config = config;
        this.kafka = kafka;
        this.report = report;
    }

    /** {@code answers}: how many webhooks got each status (-1: failed or timed out, 0: no answer by the end). */
    record Run(double p50, double p99, int stored, int sent, int accepted, Map<Integer, Integer> answers) {
    }

    public void run() throws Exception {
        String secret = SignedWebhook.secret(config.dataDir(), BenchConfig.SHOP);
        List<Run> runs = new ArrayList<>();
        try (InsertLogTail tail = new InsertLogTail(config.insertLog(), MESSAGES);
             WebhookClient client = new WebhookClient(config.gateway(), 256)) {
            for (int r = 0; r < 3; r++) {
                new PipelineScenario(config, kafka, report).awaitQuiet();
                runs.add(webhookRun(r, client, secret, tail));
            }
        }
        List<Double> kafkaP99 = new ArrayList<>();
        kafka.ensureTopic(KAFKA_TOPIC, 3);
        for (int r = 0; r < 3; r++) {
            kafkaP99.add(kafkaRun(config.sizes().latencyRate(), config.sizes().kafkaBaselineRun()));
        }
        String title = String.format(Locale.ROOT, "webhook 202 → thank-you stored, %d/s for %d s, %s orders stored",
                config.sizes().latencyRate(), config.sizes().latencyRun().toSeconds(), config.storedLabel());
        report.add(NAME, new Figure(title + ", p99", "ms", runs.stream().map(Run::p99).toList(),
                "broker produce → consume p99, same rate", kafkaP99, new Target.Below(250, "ms")));
        report.add(NAME, new Figure(title + ", p50", "ms", runs.stream().map(Run::p50).toList(), "-", List.of(),
                new Target.None()));
        for (Run run : runs) {
            report.note(NAME, String.format(Locale.ROOT, "- run: %,d sent, %,d answered 202, %,d thank-yous stored "
                            + "within %d s after the last send; p50 %s ms, p99 %s ms%s", run.sent(), run.accepted(),
                    run.stored(), config.sizes().latencyDrain().toSeconds(), Report.number(run.p50()),
                    Report.number(run.p99()), run.accepted() == run.sent() ? "" : "; answers by status (-1: failed "
                            + "or timed out after 60 s, 0: none by the end; these are not in the percentiles): "
                            + run.answers()));
        }
    }

    private Run webhookRun(int r, WebhookClient client, String secret, InsertLogTail tail) throws InterruptedException {
        int rate = config.sizes().latencyRate();
        int count = (int) (rate * config.sizes().latencyRun().toSeconds());
        int buyers = PipelineScenario.buyers(config);
        Instant now = Instant.now();
        List<SignedWebhook> requests = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            requests.add(SignedWebhook.of(secret, new MarketplaceOrderPaid(BenchConfig.SHOP, "taobao",
                    "LAT" + r + "-" + n, OrderEvents.buyer(n % buyers), new BigDecimal("88.00"), "CNY", now)));
        }
        AtomicLongArray acceptedMicros = new AtomicLongArray(count);
        AtomicIntegerArray status = new AtomicIntegerArray(count);
        paced(count, rate, i -> {
            client.post("/webhooks/" + BenchConfig.SHOP, requests.get(i)).subscribe(code -> {
                acceptedMicros.set(i, micros(Instant.now()));
                status.set(i, code);
            });
        });
        long deadline = System.nanoTime() + config.sizes().latencyDrain().toNanos();
        while (System.nanoTime() < deadline && !allStored(requests, status, tail)) {
            Thread.sleep(100);
        }
        List<Double> millis = new ArrayList<>(count);
        int accepted = 0;
        int stored = 0;
        Map<Integer, Integer> answers = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            answers.merge(status.get(i), 1, Integer::sum);
            if (status.get(i) != 202) {
                continue;
            }
            accepted++;
            Long at = tail.storedMicros(requests.get(i).orderId());
            if (at != null) {
                stored++;
            }
            millis.add(at == null ? Double.POSITIVE_INFINITY : Math.max(0, at - acceptedMicros.get(i)) / 1000.0);
        }
        Run run = new Run(Stats.percentile(millis, 50), Stats.percentile(millis, 99), stored, count, accepted, answers);
        System.out.printf(Locale.ROOT, "[bench] latency run %d: p50 %s ms p99 %s ms, %d/%d stored%n", r,
                Report.number(run.p50()), Report.number(run.p99()), stored, count);
        return run;
    }

    private static boolean allStored(List<SignedWebhook> requests, AtomicIntegerArray status, InsertLogTail tail) {
        for (int i = 0; i < status.length(); i++) {
            if (status.get(i) == 0 || (status.get(i) == 202 && tail.storedMicros(requests.get(i).orderId()) == null)) {
                return false;
            }
        }
        return true;
    }

    /** p99 ms from send() to the record's arrival at a consumer, at {@code rate} per second for {@code run}. */
    double kafkaRun(int rate, Duration run) throws InterruptedException {
        int count = (int) (rate * run.toSeconds());
        ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
             KafkaProducer<String, Object> producer = kafka.producer(5)) {
            List<TopicPartition> partitions = consumer.partitionsFor(KAFKA_TOPIC).stream()
                    .map(i -> new TopicPartition(KAFKA_TOPIC, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before anything is sent
            Thread sender = new Thread(() -> {
                paced(count, rate, n -> producer.send(new ProducerRecord<>(KAFKA_TOPIC, Integer.toString(n),
                        Long.toString(micros(Instant.now())).getBytes(StandardCharsets.US_ASCII))));
                producer.flush();
            }, "bench-kafka-latency");
            sender.start();
            long deadline = System.nanoTime() + run.plusSeconds(30).toNanos();
            while (millis.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(5))) {
                    long now = micros(Instant.now());
                    long sent = Long.parseLong(new String(rec.value(), StandardCharsets.US_ASCII));
                    millis.add((now - sent) / 1000.0);
                }
            }
            sender.join();
        }
        double p99 = Stats.percentile(millis, 99);
        System.out.printf(Locale.ROOT, "[bench] kafka latency run: p99 %s ms (%d records)%n", Report.number(p99),
                millis.size());
        return p99;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** Open loop: calls {@code send} for 0..count-1 at {@code rate} per second, on schedule whatever the answers do. */
    static void paced(int count, int rate, java.util.function.IntConsumer send) {
        long period = 1_000_000_000L / rate;
        long t0 = System.nanoTime();
        for (int n = 0; n < count; n++) {
            long wait = t0 + n * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send.accept(n);
        }
    }
}
