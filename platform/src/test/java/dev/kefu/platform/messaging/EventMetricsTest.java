package dev.kefu.platform.messaging;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventMetricsTest {

    @Test
    void failureCountersExistAtZeroForEveryTopicAndTypeBeforeAnythingFails() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventMetrics metrics = new EventMetrics(registry, "order-service");

        for (String topic : Topics.all()) {
            assertThat(registry.get("kefu.order.events.dead.lettered").tag("topic", topic).counter().count())
                    .as(topic).isZero();
        }
        assertThat(registry.get("kefu.order.events.publish.failed").counters()).hasSize(EventTypes.all().size());

        // the first dead letter is an increase from 0, not a new series
        metrics.deadLettered(Topics.MARKETPLACE_ORDERS);
        assertThat(registry.get("kefu.order.events.dead.lettered").tag("topic", Topics.MARKETPLACE_ORDERS).counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("kefu.order.events.dead.lettered").counters()).hasSize(Topics.all().size());
    }
}
