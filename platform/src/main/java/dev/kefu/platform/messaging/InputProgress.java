package dev.kefu.platform.messaging;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether this service's consumer group has applied everything one key's partition of an input topic received before
 * an instant. A timer that acts on what the service knows (a 催付 reminder for an order still unpaid, an apology for a
 * parcel not yet shipped) asks this first: a payment or a shipment accepted before the timer was due may still sit in
 * a backlog (an instance killed, a restart, a burst), and acting on the stale view would remind a buyer who paid.
 *
 * <p>Two admin calls on the broker: the first offset of the key's partition written at or after {@code before}
 * (record time: the gateway stamps each record when it accepts the webhook) against the group's committed offset.
 * Records after {@code before} do not count, so steady traffic never holds a timer back. The key's partition is the
 * producers' default for keyed records (murmur2 of the key), the topic's partition count read once.
 */
public class InputProgress implements AutoCloseable {

    private final Supplier<Admin> connect;
    private final String group;
    private final Map<String, Integer> partitions = new ConcurrentHashMap<>();
    private Admin admin;

    /** {@code connect} makes the admin client on first use: a service whose timers never ask keeps no connection. */
    public InputProgress(Supplier<Admin> connect, String group) {
        this.connect = connect;
        this.group = group;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = connect.get();
        }
        return admin;
    }

    /** True once the group's committed offset on {@code key}'s partition of {@code topic} is past every record before {@code before}. */
    public Mono<Boolean> appliedBefore(String topic, String key, Instant before) {
        return partitionOf(topic, key).flatMap(tp -> Mono.zip(
                        mono(() -> admin().listOffsets(Map.of(tp, OffsetSpec.forTimestamp(before.toEpochMilli())))
                                .partitionResult(tp)),
                        mono(() -> admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)),
                        committed(tp))
                .map(offsets -> {
                    ListOffsetsResult.ListOffsetsResultInfo firstAtOrAfter = offsets.getT1();
                    // -1: nothing written at or after the instant, so everything the partition holds came before it
                    long owed = firstAtOrAfter.offset() < 0 ? offsets.getT2().offset() : firstAtOrAfter.offset();
                    return offsets.getT3() >= owed;
                }));
    }

    private Mono<Long> committed(TopicPartition tp) {
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(tp));
        return mono(() -> admin().listConsumerGroupOffsets(Map.of(group, spec)).partitionsToOffsetAndMetadata(group))
                .map(committed -> {
                    OffsetAndMetadata at = committed.get(tp);
                    return at == null ? 0L : at.offset();
                });
    }

    private Mono<TopicPartition> partitionOf(String topic, String key) {
        Integer known = partitions.get(topic);
        Mono<Integer> count = known != null ? Mono.just(known)
                : mono(() -> admin().describeTopics(List.of(topic)).allTopicNames())
                .map(topics -> topics.get(topic).partitions().size())
                .doOnNext(n -> partitions.put(topic, n));
        return count.map(n -> new TopicPartition(topic, partitionFor(key, n)));
    }

    /** Where the producers' default partitioner puts a record with this key. */
    static int partitionFor(String key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /** A call made when subscribed (again on a retry), not when the pipeline is put together. */
    private static <T> Mono<T> mono(Supplier<KafkaFuture<T>> call) {
        return Mono.defer(() -> Mono.fromFuture(call.get().toCompletionStage().toCompletableFuture()));
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
