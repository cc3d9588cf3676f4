package dev.kefu.gateway.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Scheduling (per key in order, per shop bounded, shops independent) and the commit position it leaves. */
class DeliveryLanesTest {

    private static final TopicPartition P0 = new TopicPartition("message-outbound", 0);
    private static final TopicPartition P1 = new TopicPartition("message-outbound", 1);

    private final List<String> started = new ArrayList<>();
    private final Map<String, Sinks.Empty<Void>> running = new HashMap<>();
    private final Progress progress = new Progress();

    @Test
    void oneKeysRecordsRunInOrderWhileOtherKeysAndShopsGoOn() {
        Lanes lanes = new Lanes(8);
        lanes.submit(job(P0, 0, "shop-a", "buyer-1"));
        lanes.submit(job(P0, 1, "shop-a", "buyer-1"));
        lanes.submit(job(P0, 2, "shop-a", "buyer-2"));
        lanes.submit(job(P0, 3, "shop-b", "buyer-1"));

        assertThat(started).containsExactly("0", "2", "3");
        finish("0");
        assertThat(started).containsExactly("0", "2", "3", "1");
        assertThat(lanes.running()).isEqualTo(3);
    }

    @Test
    void aShopRunsAtMostItsBoundAndItsSurplusWaitsWithoutHoldingOthersBack() {
        Lanes lanes = new Lanes(2);
        for (int i = 0; i < 5; i++) {
            lanes.submit(job(P0, i, "slow", "buyer-" + i));
        }
        lanes.submit(job(P0, 5, "fast", "buyer-x"));

        assertThat(started).containsExactly("0", "1", "5");
        assertThat(lanes.queued()).isEqualTo(3);
        finish("5");
        finish("1");
        assertThat(started).containsExactly("0", "1", "5", "2");
    }

    @Test
    void theCommitPositionStopsAtTheFirstUnsettledRecord() {
        Lanes lanes = new Lanes(8);
        for (int i = 0; i < 4; i++) {
            lanes.submit(job(P0, i, "shop-" + i, "buyer"));
        }
        finish("1");
        finish("2");
        assertThat(progress.committable(null)).containsEntry(P0, new OffsetAndMetadata(0));
        finish("0");
        assertThat(progress.committable(null)).containsEntry(P0, new OffsetAndMetadata(3));
        assertThat(progress.committable(null)).isEmpty(); // nothing moved since
        finish("3");
        assertThat(progress.committable(null)).containsEntry(P0, new OffsetAndMetadata(4));
    }

    @Test
    void revokedPartitionsLoseTheirQueuedJobsAndKeepTheirRunningOnes() {
        Lanes lanes = new Lanes(1);
        lanes.submit(job(P0, 0, "shop-a", "buyer-1"));
        lanes.submit(job(P0, 1, "shop-a", "buyer-2"));
        lanes.submit(job(P1, 0, "shop-a", "buyer-3"));

        assertThat(lanes.cancelQueued(P0::equals)).isEqualTo(1);
        assertThat(lanes.running(P0::equals)).isEqualTo(1);
        finish("0");
        assertThat(lanes.running(P0::equals)).isZero();
        assertThat(started).containsExactly("0", "p1-0"); // offset 1 of P0 is left to the next owner
        assertThat(progress.committable(List.of(P0))).containsEntry(P0, new OffsetAndMetadata(1));
    }

    private Lanes.Job job(TopicPartition tp, long offset, String shop, String key) {
        String name = (tp.equals(P0) ? "" : "p" + tp.partition() + "-") + offset;
        Progress.Partition partition = progress.of(tp);
        partition.dispatched(offset);
        Sinks.Empty<Void> done = Sinks.empty();
        Mono<Void> work = Mono.defer(() -> {
            started.add(name);
            running.put(name, done);
            return done.asMono();
        });
        return new Lanes.Job(tp, shop, key, work, () -> partition.settled(offset));
    }

    private void finish(String name) {
        running.remove(name).tryEmitEmpty();
    }
}
