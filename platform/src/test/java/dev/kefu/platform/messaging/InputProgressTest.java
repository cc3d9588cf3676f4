package dev.kefu.platform.messaging;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class InputProgressTest {

    @Test
    void aKeyIsLookedForInThePartitionTheProducersPutItIn() {
        for (int partitions : new int[] {1, 3, 12}) {
            for (String key : new String[] {"TB-1", "TB-20261207-000042", "订单-七", "", "x".repeat(300)}) {
                assertThat(InputProgress.partitionFor(key, partitions)).as(key + " of " + partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
