package dev.kefu.gateway.stream;

import dev.kefu.events.CloudEvent;
import dev.kefu.gateway.kafka.PollingThread;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads every partition of the {@link StreamTopics} for this replica's {@link StreamHub}, without a consumer group:
 * each gateway replica reads all of them (assigned, never rebalanced, nothing committed), so each can serve any
 * shop's streams and resume any client. It starts the retention window back (by record timestamp), so a replica
 * that just started can still resume a client that was on another one.
 */
final class StreamReader extends PollingThread {

    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(5);

    private final ConsumerFactory<?, ?> factory;
    private final StreamTopics topics;
    private final StreamHub hub;
    private final Duration retention;
    private final Clock clock;

    StreamReader(ConsumerFactory<?, ?> factory, StreamTopics topics, StreamHub hub, Duration retention, Clock clock) {
        super("kefu-stream", Duration.ofSeconds(10));
        this.factory = factory;
        this.topics = topics;
        this.hub = hub;
        this.retention = retention;
        this.clock = clock;
        hub.readerAttached();
    }

    @Override
    protected void run() {
        while (isRunning()) {
            try {
                loop();
            } catch (WakeupException stopping) {
                // stop() woke the poll
            } catch (RuntimeException | Error e) {
                // An Error too (a class that cannot load, a stack overflow, even an out-of-memory that passed): a
                // reader thread that died would leave every open stream on heartbeats with no events, unnoticed.
                log.error("the stream reader failed; starting it again in 1 s (open streams go on)", e);
                sleep();
            }
        }
    }

    private void loop() {
        try (Consumer<String, byte[]> c = create()) {
            polling(c);
            c.assign(topics.partitions());
            startRetentionBack(c);
            Map<TopicPartition, Long> endsAtStart = c.endOffsets(topics.partitions(), Duration.ofSeconds(10));
            log.info("streaming {} partitions of {} to agents, from {} back", topics.partitions().size(),
                    StreamTopics.TOPICS, retention);
            long nextSweep = System.nanoTime() + SWEEP_EVERY.toNanos();
            while (isRunning()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                    int index = topics.indexOf(new TopicPartition(record.topic(), record.partition()));
                    if (index < 0) {
                        continue;
                    }
                    String shop = CloudEvent.text(record.headers(), CloudEvent.SHOP_ID);
                    String type = CloudEvent.text(record.headers(), CloudEvent.TYPE);
                    boolean streamed = shop != null && type != null && record.value() != null;
                    hub.read(index, record.offset(), streamed ? shop : null, type,
                            streamed ? new String(record.value(), StandardCharsets.UTF_8) : null,
                            Instant.ofEpochMilli(record.timestamp()));
                }
                if (endsAtStart != null && endsAtStart.entrySet().stream()
                        .allMatch(end -> c.position(end.getKey(), Duration.ofSeconds(10)) >= end.getValue())) {
                    hub.caughtUp();
                    log.info("the agent stream caught up with what the topics held at its start");
                    endsAtStart = null;
                }
                if (System.nanoTime() > nextSweep) {
                    hub.sweep();
                    nextSweep = System.nanoTime() + SWEEP_EVERY.toNanos();
                }
            }
        } finally {
            polling(null);
        }
    }

    /**
     * Seeks each partition to its first record within the retention window (or its end), or, when this reader
     * starts again after a failure, to just after what it had read; and tells the hub.
     */
    private void startRetentionBack(Consumer<String, byte[]> c) {
        long since = clock.instant().minus(retention).toEpochMilli();
        Map<TopicPartition, Long> times = new HashMap<>();
        topics.partitions().forEach(tp -> times.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(times, Duration.ofSeconds(10));
        for (TopicPartition tp : topics.partitions()) {
            OffsetAndTimestamp at = found.get(tp);
            long read = hub.lastRead(topics.indexOf(tp));
            if (read >= 0) {
                c.seek(tp, read + 1);
            } else if (at == null) {
                c.seekToEnd(java.util.List.of(tp));
            } else {
                c.seek(tp, at.offset());
            }
            hub.startsAt(topics.indexOf(tp), c.position(tp, Duration.ofSeconds(10)));
        }
    }

    /**
     * A plain consumer from the application's Kafka settings, without their group id: no group means no coordinator,
     * no rebalances and nothing committed (a group consumer would look for its coordinator before reading at all).
     */
    private Consumer<String, byte[]> create() {
        Map<String, Object> config = new HashMap<>(factory.getConfigurationProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.keySet().removeIf(key -> key.startsWith("spring.deserializer."));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-stream");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only what the producers committed (every Kefu producer is idempotent; none is transactional today).
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
