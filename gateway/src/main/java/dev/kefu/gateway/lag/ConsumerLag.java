package dev.kefu.gateway.lag;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every consumer group's lag per topic and partition, read from the broker (committed offsets against the log end),
 * as the gauge {@code kefu_consumer_lag{group, topic, partition}}: it is there while a service's consumers are down or
 * stuck, which the consumers' own metrics cannot be. The gateway exports it because it is always running and talks
 * to Kafka anyway; every replica exports the same values (take the max). One read of the broker per interval.
 */
public class ConsumerLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);
    static final String GAUGE = "kefu.consumer.lag";

    private final Supplier<Admin> admins;
    private final Duration interval;
    private final MultiGauge gauge;
    private volatile ScheduledExecutorService scheduler;
    private volatile Admin admin;

    public ConsumerLag(Supplier<Admin> admins, Duration interval, MeterRegistry registry) {
        this.admins = admins;
        this.interval = interval;
        this.gauge = MultiGauge.builder(GAUGE)
                .description("records of a topic partition a consumer group has not committed yet, read from the broker")
                .baseUnit("records")
                .register(registry);
    }

    /** Reads every consumer group's lag once and publishes it; a group gone since the last read drops out. */
    void refresh() {
        try {
            gauge.register(read(), true);
        } catch (Exception e) {
            log.warn("consumer lag not read from the broker: {}", e.toString());
        }
    }

    /** The lag of every consumer group's committed partitions (end offset minus committed, never below zero). */
    List<MultiGauge.Row<?>> read() throws Exception {
        Admin kafka = admin();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (GroupListing group : kafka.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    ends.put(partition, OffsetSpec.latest());
                }
            });
            if (ends.isEmpty()) {
                continue;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = kafka.listOffsets(ends).all()
                    .get(10, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : end.entrySet()) {
                long lag = Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset());
                rows.add(MultiGauge.Row.of(Tags.of("group", group.groupId(), "topic", e.getKey().topic(),
                        "partition", Integer.toString(e.getKey().partition())), lag));
            }
        }
        return rows;
    }

    private Admin admin() {
        if (admin == null) {
            admin = admins.get();
        }
        return admin;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kefu-consumer-lag");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
