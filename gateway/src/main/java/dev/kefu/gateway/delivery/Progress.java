package dev.kefu.gateway.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which offsets of each partition are settled. Records settle in any order (a slow shop's record after a fast
 * one's); the committed offset only ever moves to the first record not yet settled, so a crash delivers again
 * what was in flight and loses nothing. Read and dispatched on the consumer thread, settled on any.
 */
final class Progress {

    /** One assignment of one partition; a revoked partition's late completions land on an object no one reads. */
    static final class Partition {
        private final TreeSet<Long> pending = new TreeSet<>();
        private long next = -1;
        private long committed = -1;

        synchronized void dispatched(long offset) {
            pending.add(offset);
            next = Math.max(next, offset + 1);
        }

        synchronized void settled(long offset) {
            pending.remove(offset);
        }

        synchronized int pending() {
            return pending.size();
        }

        /** The offset to commit, or -1 when it has not moved since the last commit. */
        synchronized long advance() {
            long at = pending.isEmpty() ? next : pending.first();
            if (at <= committed) {
                return -1;
            }
            committed = at;
            return at;
        }

        /** A commit failed: commit this partition again next time, moved or not. */
        synchronized void commitFailed() {
            committed = -1;
        }
    }

    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    Partition of(TopicPartition tp) {
        return partitions.computeIfAbsent(tp, k -> new Partition());
    }

    int pending(TopicPartition tp) {
        Partition p = partitions.get(tp);
        return p == null ? 0 : p.pending();
    }

    /** The offsets to commit now, of every partition (or of {@code only}) whose position moved. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((tp, p) -> {
            if (only == null || only.contains(tp)) {
                long at = p.advance();
                if (at >= 0) {
                    offsets.put(tp, new OffsetAndMetadata(at));
                }
            }
        });
        return offsets;
    }

    void commitFailed(Collection<TopicPartition> tps) {
        tps.forEach(tp -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.commitFailed();
            }
        });
    }

    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }
}
