package dev.kefu.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Spreads a group's partitions over its <em>processes</em> first, then over each process's consumer threads.
 *
 * <p>Every listener runs one consumer per partition ({@code spring.kafka.listener.concurrency}), so one replica works
 * all partitions in parallel. With two replicas a group has six consumers for three partitions, and Kafka's range and
 * round-robin assignors hand partitions to consumers sorted by id: with static membership
 * ({@code devstack-order-service-0-0}, {@code -0-1}, {@code -0-2}, {@code devstack-order-service-replica2-0-0}...) all
 * three went to the first replica's threads and the second idled — measured in FaultsIT. Here each consumer tells the
 * leader which process it lives in (a random id per JVM, in the subscription's user data), partitions go round-robin
 * over the processes (so two replicas get 2 + 1 of three partitions, three get one each), and within a process
 * round-robin over its threads. A partition is still read by one consumer, so order per key is kept.
 *
 * <p>Eager, like the range assignor it is listed before ({@code partition.assignment.strategy}, kefu-defaults): a group
 * mid-upgrade whose older members do not know it agrees on range instead.
 */
public class InstanceSpreadAssignor implements ConsumerPartitionAssignor {

    public static final String NAME = "kefu-instance-spread";

    /** This JVM, as its consumers name it to the group's leader. */
    static final String PROCESS = UUID.randomUUID().toString();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.wrap(PROCESS.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = groupSubscription.groupSubscription();
        Map<String, Integer> partitionsPerTopic = new TreeMap<>();
        Map<String, String> processOfMember = new HashMap<>();
        Map<String, Set<String>> topicsOfMember = new HashMap<>();
        members.forEach((member, s) -> {
            processOfMember.put(member, process(member, s.userData()));
            topicsOfMember.put(member, new TreeSet<>(s.topics()));
            for (String topic : s.topics()) {
                Integer count = metadata.partitionCountForTopic(topic);
                if (count != null) {
                    partitionsPerTopic.put(topic, count);
                }
            }
        });
        Map<String, List<TopicPartition>> assigned = assign(partitionsPerTopic, processOfMember, topicsOfMember);
        Map<String, Assignment> result = new HashMap<>();
        members.keySet().forEach(member -> result.put(member, new Assignment(assigned.getOrDefault(member, List.of()))));
        return new GroupAssignment(result);
    }

    /** The process a member named; one that named none (another assignor's build) counts as a process of its own. */
    static String process(String member, ByteBuffer userData) {
        if (userData == null || userData.remaining() == 0) {
            return "member:" + member;
        }
        byte[] bytes = new byte[userData.remaining()];
        userData.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The assignment itself, pure: for each topic (in name order), its partitions in order, each to the next process
     * (in id order) that has a consumer subscribed to it, and there to that process's next such consumer. Both turns
     * go on from topic to topic, so a listener of many topics still shares them over its processes and threads.
     */
    static Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
                                                    Map<String, String> processOfMember,
                                                    Map<String, Set<String>> topicsOfMember) {
        Map<String, List<TopicPartition>> assigned = new LinkedHashMap<>();
        Map<String, Integer> nextThread = new HashMap<>();
        int nextProcess = 0;
        for (Map.Entry<String, Integer> topic : new TreeMap<>(partitionsPerTopic).entrySet()) {
            // process → its members subscribed to this topic, both in a stable order
            TreeMap<String, List<String>> subscribers = new TreeMap<>();
            new TreeSet<>(processOfMember.keySet()).forEach(member -> {
                if (topicsOfMember.getOrDefault(member, Set.of()).contains(topic.getKey())) {
                    subscribers.computeIfAbsent(processOfMember.get(member), p -> new ArrayList<>()).add(member);
                }
            });
            if (subscribers.isEmpty()) {
                continue;
            }
            List<String> processes = new ArrayList<>(subscribers.keySet());
            for (int partition = 0; partition < topic.getValue(); partition++) {
                String process = processes.get(nextProcess++ % processes.size());
                List<String> threads = subscribers.get(process);
                int thread = nextThread.merge(process, 1, Integer::sum) - 1;
                String member = threads.get(thread % threads.size());
                assigned.computeIfAbsent(member, m -> new ArrayList<>())
                        .add(new TopicPartition(topic.getKey(), partition));
            }
        }
        return assigned;
    }
}
