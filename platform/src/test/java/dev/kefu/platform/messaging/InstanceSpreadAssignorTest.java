package dev.kefu.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceSpreadAssignorTest {

    private static final Node BROKER = new Node(0, "127.0.0.1", 9092);

    /** {@code processes} JVMs with {@code threads} consumers each, all subscribed to {@code topics}. */
    private static Map<String, Subscription> members(int processes, int threads, String... topics) {
        Map<String, Subscription> members = new LinkedHashMap<>();
        for (int p = 1; p <= processes; p++) {
            for (int t = 0; t < threads; t++) {
                // ids as static members get them: every thread of the first process sorts before the second's
                members.put("devstack-order-service" + (p == 1 ? "" : "-replica" + p) + "-0-" + t,
                        new Subscription(List.of(topics), process("jvm-" + p)));
            }
        }
        return members;
    }

    private static ByteBuffer process(String id) {
        return ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8));
    }

    private static Cluster cluster(Map<String, Integer> partitions) {
        List<PartitionInfo> infos = new ArrayList<>();
        partitions.forEach((topic, n) -> {
            for (int i = 0; i < n; i++) {
                infos.add(new PartitionInfo(topic, i, BROKER, new Node[] {BROKER}, new Node[] {BROKER}));
            }
        });
        return new Cluster("c", List.of(BROKER), infos, Set.of(), Set.of());
    }

    private static Map<String, List<TopicPartition>> assign(Map<String, Subscription> members,
                                                            Map<String, Integer> partitions) {
        Map<String, List<TopicPartition>> out = new HashMap<>();
        new InstanceSpreadAssignor().assign(cluster(partitions), new GroupSubscription(members)).groupAssignment()
                .forEach((member, a) -> out.put(member, a.partitions()));
        return out;
    }

    /** Partitions per process: the member ids name their process (…-replicaN-… or none for the first). */
    private static Map<String, Integer> perProcess(Map<String, List<TopicPartition>> assigned) {
        return assigned.entrySet().stream().collect(Collectors.groupingBy(
                e -> e.getKey().contains("-replica") ? e.getKey().substring(0, e.getKey().lastIndexOf("-0-")) : "first",
                Collectors.summingInt(e -> e.getValue().size())));
    }

    private static void everyPartitionOnce(Map<String, List<TopicPartition>> assigned, Map<String, Integer> partitions) {
        List<TopicPartition> all = assigned.values().stream().flatMap(List::stream).toList();
        assertThat(all).doesNotHaveDuplicates();
        Set<TopicPartition> expected = new HashSet<>();
        partitions.forEach((t, n) -> {
            for (int i = 0; i < n; i++) {
                expected.add(new TopicPartition(t, i));
            }
        });
        assertThat(new HashSet<>(all)).isEqualTo(expected);
    }

    @Test
    void theRangeAssignorLeavesASecondReplicaIdleWhichIsWhyThisExists() {
        Map<String, Subscription> members = members(2, 3, "marketplace.orders");
        Map<String, List<TopicPartition>> range = new HashMap<>();
        new RangeAssignor().assign(cluster(Map.of("marketplace.orders", 3)), new GroupSubscription(members))
                .groupAssignment().forEach((m, a) -> range.put(m, a.partitions()));
        assertThat(perProcess(range)).containsEntry("first", 3);
    }

    @Test
    void twoReplicasOfThreeThreadsShareThreePartitionsTwoAndOne() {
        Map<String, Integer> partitions = Map.of("marketplace.orders", 3);
        Map<String, List<TopicPartition>> assigned = assign(members(2, 3, "marketplace.orders"), partitions);
        everyPartitionOnce(assigned, partitions);
        assertThat(perProcess(assigned)).containsEntry("first", 2).containsEntry("devstack-order-service-replica2", 1);
        // and within the first replica, on two threads: applied in parallel
        assertThat(assigned.entrySet()).filteredOn(e -> !e.getKey().contains("replica") && !e.getValue().isEmpty())
                .hasSize(2);
    }

    @Test
    void threeReplicasGetOnePartitionEach() {
        Map<String, Integer> partitions = Map.of("marketplace.orders", 3);
        Map<String, List<TopicPartition>> assigned = assign(members(3, 3, "marketplace.orders"), partitions);
        everyPartitionOnce(assigned, partitions);
        assertThat(perProcess(assigned)).containsOnly(Map.entry("first", 1),
                Map.entry("devstack-order-service-replica2", 1), Map.entry("devstack-order-service-replica3", 1));
    }

    @Test
    void oneReplicaWorksEveryPartitionOnItsOwnThread() {
        Map<String, Integer> partitions = Map.of("marketplace.orders", 3);
        Map<String, List<TopicPartition>> assigned = assign(members(1, 3, "marketplace.orders"), partitions);
        everyPartitionOnce(assigned, partitions);
        assertThat(assigned.values()).allSatisfy(p -> assertThat(p).hasSize(1));
    }

    @Test
    void aListenerOfManyTopicsSpreadsThemOverProcessesAndThreads() {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (String t : List.of("order-paid", "shipment-delayed", "complaint-opened", "review-posted",
                "payment-reminder-due", "case-resolved")) {
            partitions.put(t, 3);
        }
        String[] topics = partitions.keySet().toArray(String[]::new);
        Map<String, List<TopicPartition>> assigned = assign(members(2, 3, topics), partitions);
        everyPartitionOnce(assigned, partitions);
        assertThat(perProcess(assigned).values()).containsExactlyInAnyOrder(9, 9);
        assertThat(assigned.values()).allSatisfy(p -> assertThat(p).hasSize(3)); // 18 partitions, 6 threads
    }

    @Test
    void onlySubscribersGetATopicAndAMemberOfAnOlderBuildIsAProcessOfItsOwn() {
        Map<String, Subscription> members = new LinkedHashMap<>();
        members.put("a-0", new Subscription(List.of("x"), process("jvm-1")));
        members.put("a-1", new Subscription(List.of("x", "y"), process("jvm-1")));
        members.put("old", new Subscription(List.of("x", "y"), null));
        Map<String, Integer> partitions = Map.of("x", 2, "y", 2);
        Map<String, List<TopicPartition>> assigned = assign(members, partitions);
        everyPartitionOnce(assigned, partitions);
        assertThat(assigned.get("a-0")).allMatch(tp -> tp.topic().equals("x"));
        assertThat(assigned.get("old")).hasSize(2); // half of the four: it is one of two processes
        assertThat(InstanceSpreadAssignor.process("old", null)).isEqualTo("member:old");
    }

    @Test
    void theSameSubscriptionsGiveTheSameAssignment() {
        Map<String, Integer> partitions = Map.of("marketplace.orders", 3, "order-paid", 3);
        Map<String, Subscription> members = members(2, 3, "marketplace.orders", "order-paid");
        assertThat(assign(members, partitions)).isEqualTo(assign(members, partitions));
        assertThat(new InstanceSpreadAssignor().subscriptionUserData(Set.of("x")))
                .isEqualTo(process(InstanceSpreadAssignor.PROCESS));
    }
}
