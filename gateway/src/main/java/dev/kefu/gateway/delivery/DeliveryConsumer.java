package dev.kefu.gateway.delivery;

import dev.kefu.gateway.kafka.PollingThread;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The delivery worker's poll loop: one consumer (per gateway instance) of the outbound topics and every retry tier.
 * It never waits for an HTTP attempt. Each record becomes a job in {@link Lanes}; the loop keeps polling while the
 * jobs run, and commits each partition up to its first unsettled record ({@link Progress}). So a URL that hangs
 * holds back only its own shop's records, and a partition is paused only when it has too many unsettled records,
 * or when the head of a retry tier is not yet due: a tier's records all wait the same time, so nothing behind an
 * undue head is due either, and the partition resumes exactly when the head falls due.
 * <p>
 * Not a Spring Kafka listener container: with asynchronous acknowledgements a container pauses the consumer until
 * every record of the previous poll is acknowledged, which lets one hanging URL hold back every shop on the
 * partition for the whole attempt timeout.
 */
class DeliveryConsumer extends PollingThread {

    private static final Logger log = LoggerFactory.getLogger(DeliveryConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ConsumerFactory<?, ?> factory;
    private final DeliveryProperties properties;
    private final RetrySchedule schedule;
    private final List<String> topics;
    private final Delivery delivery;
    private final Lanes lanes;
    private final Clock clock;
    private final Duration drainTimeout;
    private final Progress progress = new Progress();
    // Only touched on the consumer thread (the loop and the rebalance callbacks it runs).
    private final Map<TopicPartition, Instant> notDue = new HashMap<>();
    private final Set<TopicPartition> throttled = new HashSet<>();

    DeliveryConsumer(ConsumerFactory<?, ?> factory, DeliveryProperties properties, RetrySchedule schedule,
                     List<String> topics, Delivery delivery, Lanes lanes, Clock clock) {
        // stop() waits for a last release: the running attempts' drain (below) and the commit after it.
        super("kefu-delivery", drainTimeout(properties).plusSeconds(10));
        this.factory = factory;
        this.properties = properties;
        this.schedule = schedule;
        this.topics = List.copyOf(topics);
        this.delivery = delivery;
        this.lanes = lanes;
        this.clock = clock;
        this.drainTimeout = drainTimeout(properties);
    }

    /** A revoked partition's running attempts may finish (and settle) before its offsets are handed over. */
    private static Duration drainTimeout(DeliveryProperties properties) {
        return properties.timeout().plusSeconds(5);
    }

    @Override
    protected void run() {
        try {
            loop();
        } catch (RuntimeException | Error e) {
            log.error("the delivery worker stopped: nothing is delivered until the gateway restarts", e);
            ended();
        }
    }

    private void loop() {
        Consumer<String, byte[]> c = create();
        polling(c);
        try {
            c.subscribe(topics, new Rebalance(c));
            log.info("delivering {} (group {}, attempt timeout {}, {} attempts over at least {})", topics,
                    properties.groupId(), properties.timeout(), schedule.maxAttempts(), schedule.span());
            while (isRunning()) {
                try {
                    pollOnce(c);
                } catch (WakeupException stopping) {
                    // stop() woke the poll
                } catch (RuntimeException e) {
                    log.error("delivery poll failed; polling again in 1 s", e);
                    sleep(1_000);
                }
            }
        } finally {
            try {
                release(c, c.assignment());
            } finally {
                polling(null);
                c.close(Duration.ofSeconds(5));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Consumer<String, byte[]> create() {
        Properties overrides = new Properties();
        overrides.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        overrides.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return (Consumer<String, byte[]>) factory.createConsumer(properties.groupId(), "gateway-delivery", "",
                overrides);
    }

    private void pollOnce(Consumer<String, byte[]> c) {
        applyPauses(c);
        ConsumerRecords<String, byte[]> records = c.poll(POLL);
        Instant now = clock.instant();
        for (TopicPartition tp : records.partitions()) {
            dispatch(c, tp, records.records(tp), now);
        }
        commit(c);
    }

    private void dispatch(Consumer<String, byte[]> c, TopicPartition tp, List<ConsumerRecord<String, byte[]>> records,
                          Instant now) {
        boolean retryTier = schedule.isRetryTopic(tp.topic());
        Progress.Partition partition = progress.of(tp);
        for (ConsumerRecord<String, byte[]> record : records) {
            if (retryTier) {
                Instant due = Outbound.due(record);
                if (due.isAfter(now)) {
                    // Read again from here once it is due; nothing after it in this tier is due earlier.
                    c.seek(tp, record.offset());
                    notDue.put(tp, due);
                    return;
                }
            }
            partition.dispatched(record.offset());
            Lanes.Job job = delivery.plan(record, partition);
            if (job != null) {
                lanes.submit(job);
            }
        }
    }

    private void applyPauses(Consumer<String, byte[]> c) {
        Set<TopicPartition> assigned = c.assignment();
        Instant now = clock.instant();
        notDue.values().removeIf(due -> !due.isAfter(now));
        int limit = properties.maxPendingPerPartition();
        for (TopicPartition tp : assigned) {
            int pending = progress.pending(tp);
            if (pending >= limit && throttled.add(tp)) {
                log.info("delivery: {} has {} records in flight or queued; paused until half are settled", tp, pending);
            } else if (pending <= limit / 2) {
                throttled.remove(tp);
            }
        }
        Set<TopicPartition> wanted = new HashSet<>(notDue.keySet());
        wanted.addAll(throttled);
        wanted.retainAll(assigned);
        Set<TopicPartition> paused = c.paused();
        Set<TopicPartition> resume = new HashSet<>(paused);
        resume.removeAll(wanted);
        Set<TopicPartition> pause = new HashSet<>(wanted);
        pause.removeAll(paused);
        if (!resume.isEmpty()) {
            c.resume(resume);
        }
        if (!pause.isEmpty()) {
            c.pause(pause);
        }
    }

    private void commit(Consumer<String, byte[]> c) {
        Map<TopicPartition, OffsetAndMetadata> offsets = progress.committable(null);
        offsets.keySet().retainAll(c.assignment());
        if (!offsets.isEmpty()) {
            c.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    log.warn("delivery: committing {} failed, committing again next poll: {}", offsets, e.toString());
                    progress.commitFailed(offsets.keySet());
                }
            });
        }
    }

    /**
     * Hands partitions over: drops their queued jobs, waits (bounded) for their running attempts to settle, and
     * commits what is settled. What did not settle in time is delivered again by the next owner (same
     * {@code webhook-id}, so the integration sees a duplicate it already knows how to skip).
     */
    private void release(Consumer<String, byte[]> c, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Set<TopicPartition> parts = Set.copyOf(partitions);
        int cancelled = lanes.cancelQueued(parts::contains);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (lanes.running(parts::contains) > 0 && System.nanoTime() < deadline) {
            sleep(20);
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = progress.committable(parts);
        try {
            commitSync(c, offsets);
        } catch (KafkaException e) {
            log.warn("delivery: could not commit {} on handing the partitions over: {}", offsets, e.toString());
        }
        int unsettled = lanes.cancelRunning(parts::contains);
        if (cancelled > 0 || unsettled > 0) {
            log.info("delivery: released {}, leaving {} queued and {} unfinished records to the next owner", parts,
                    cancelled, unsettled);
        }
        progress.forget(parts);
        notDue.keySet().removeAll(parts);
        throttled.removeAll(parts);
    }

    private static void commitSync(Consumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            c.commitSync(offsets, Duration.ofSeconds(10));
        } catch (WakeupException pendingWakeup) {
            // stop() woke the consumer outside a poll: the flag is cleared now, so this one goes through.
            c.commitSync(offsets, Duration.ofSeconds(10));
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<String, byte[]> c;

        Rebalance(Consumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(c, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            Set<TopicPartition> parts = Set.copyOf(partitions);
            lanes.cancelQueued(parts::contains);
            progress.forget(parts);
            notDue.keySet().removeAll(parts);
            throttled.removeAll(parts);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.debug("delivery: assigned {}", partitions);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
