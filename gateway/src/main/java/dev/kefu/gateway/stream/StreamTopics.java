package dev.kefu.gateway.stream;

import dev.kefu.events.Topics;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The topics an agent's live stream carries and their partitions, in one fixed order that every replica shares
 * (it is the layout of {@link StreamPosition}): buyer messages in and their delivery reports, messages out, orders
 * paid, shipments delayed, cases opened, reviews posted, assignments changed, targets breached, cases changed. A topic
 * is added at the end; a position of the old layout no longer parses, and its client gets a {@code reset}
 * ({@code case-updated} was added so, after the eight others).
 */
final class StreamTopics {

    static final List<String> TOPICS = List.of(Topics.MARKETPLACE_MESSAGES, Topics.MESSAGE_OUTBOUND, Topics.ORDER_PAID,
            Topics.SHIPMENT_DELAYED, Topics.COMPLAINT_OPENED, Topics.REVIEW_POSTED, Topics.CONVERSATION_ASSIGNED,
            Topics.SLA_BREACHED, Topics.CASE_UPDATED);

    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Integer> index = new HashMap<>();

    /** With {@code partitionsPerTopic} partitions each (every Kefu topic has the same number, kefu.kafka.partitions). */
    StreamTopics(int partitionsPerTopic) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : TOPICS) {
            for (int p = 0; p < partitionsPerTopic; p++) {
                index.put(new TopicPartition(topic, p), all.size());
                all.add(new TopicPartition(topic, p));
            }
        }
        this.partitions = List.copyOf(all);
    }

    List<TopicPartition> partitions() {
        return partitions;
    }

    /** The partition's place in a position, or -1 for one the stream does not carry. */
    int indexOf(TopicPartition partition) {
        return index.getOrDefault(partition, -1);
    }
}
