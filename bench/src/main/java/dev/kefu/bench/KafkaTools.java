package dev.kefu.bench;

import dev.kefu.events.kafka.EventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The broker seen from outside: producing like an integration, and a consumer group's progress via the admin API. */
public final class KafkaTools implements AutoCloseable {

    private final String bootstrap;
    private final Admin admin;

    public KafkaTools(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(p);
    }

    /** Durable like the services' producers (acks=all, idempotent), batched for throughput. */
    public KafkaProducer<String, Object> producer(int lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    public String bootstrap() {
        return bootstrap;
    }

    public void ensureTopic(String topic, int partitions) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic, e.getCause());
            }
        }
    }

    /** Sum over the topic's partitions of the log end offsets. */
    public long endOffsets(String topic) throws InterruptedException {
        try {
            List<TopicPartition> partitions = partitions(topic);
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(),
                            tp -> OffsetSpec.latest()))).all().get().values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read end offsets of " + topic, e.getCause());
        }
    }

    /** Sum of the group's committed offsets on the topic (a partition without a commit counts as 0). */
    public long committed(String group, String topic) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read offsets of group " + group, e.getCause());
        }
    }

    /** Sum of the group's committed offsets over several topics. */
    public long committed(String group, Collection<String> topics) throws InterruptedException {
        long sum = 0;
        for (String topic : topics) {
            sum += committed(group, topic);
        }
        return sum;
    }

    public long endOffsets(Collection<String> topics) throws InterruptedException {
        long sum = 0;
        for (String topic : topics) {
            sum += endOffsets(topic);
        }
        return sum;
    }

    /** What a group has committed and how far the logs it committed on reach, summed over its partitions. */
    public record GroupProgress(long committed, long end) {
        public long lag() {
            return Math.max(0, end - committed);
        }
    }

    /**
     * Every named group's progress over all the partitions it has committed on, in two round trips for all groups (a
     * sampler calls this every second). A group that has committed nothing yet is absent.
     */
    public Map<String, GroupProgress> progress(Collection<String> groups) throws InterruptedException {
        try {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
            groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = admin.listConsumerGroupOffsets(specs)
                    .all().get();
            Map<TopicPartition, OffsetSpec> wanted = new LinkedHashMap<>();
            committed.values().forEach(m -> m.keySet().forEach(tp -> wanted.put(tp, OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new LinkedHashMap<>();
            if (!wanted.isEmpty()) {
                admin.listOffsets(wanted).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            }
            Map<String, GroupProgress> out = new LinkedHashMap<>();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> offsets = committed.getOrDefault(group, Map.of());
                long done = 0;
                long end = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                    if (e.getValue() != null) {
                        done += e.getValue().offset();
                        end += ends.getOrDefault(e.getKey(), e.getValue().offset());
                    }
                }
                if (!offsets.isEmpty()) {
                    out.put(group, new GroupProgress(done, end));
                }
            }
            return out;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the groups' progress", e.getCause());
        }
    }

    /**
     * How many partitions of {@code topic} each member of the group holds (0 for none), by member: its static
     * instance id, else its member id.
     */
    public Map<String, Integer> assignment(String group, String topic) throws InterruptedException {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            Map<String, Integer> out = new TreeMap<>();
            for (MemberDescription m : d.members()) {
                long held = m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic)).count();
                out.merge(m.groupInstanceId().orElse(m.consumerId()), (int) held, Integer::sum);
            }
            return out;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe group " + group, e.getCause());
        }
    }

    public long lag(String group, String topic) throws InterruptedException {
        return Math.max(0, endOffsets(topic) - committed(group, topic));
    }

    /** Waits (polling every 200 ms) until the group has committed everything on the topic; false at the cap. */
    public boolean awaitCaughtUp(String group, String topic, Duration cap) throws InterruptedException {
        long deadline = System.nanoTime() + cap.toNanos();
        while (System.nanoTime() < deadline) {
            if (lag(group, topic) == 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return lag(group, topic) == 0;
    }

    private List<TopicPartition> partitions(String topic) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
