package dev.kefu.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {

    @Test
    void nearestRankPercentiles() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // 1..100, unsorted
        }
        assertThat(Stats.percentile(values, 50)).isEqualTo(50);
        assertThat(Stats.percentile(values, 99)).isEqualTo(99);
        assertThat(Stats.percentile(values, 100)).isEqualTo(100);
        assertThat(Stats.percentile(new double[] {7}, 99)).isEqualTo(7);
        assertThat(Stats.percentile(new double[0], 99)).isNaN();
    }

    @Test
    void missingValuesAsInfinitySortLast() {
        assertThat(Stats.percentile(List.of(1.0, 2.0, Double.POSITIVE_INFINITY), 99)).isInfinite();
        assertThat(Stats.percentile(List.of(1.0, 2.0, Double.POSITIVE_INFINITY), 50)).isEqualTo(2.0);
    }

    @Test
    void medianOfRuns() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of(5.0, Double.POSITIVE_INFINITY, 1.0))).isEqualTo(5.0);
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void verdictsOnMedians() {
        Figure pipeline = new Figure("x", "events/s", List.of(500.0, 600.0, 700.0), "b", List.of(1000.0, 1100.0, 1200.0),
                new Target.RatioAtLeast(0.5));
        assertThat(pipeline.ratio()).isEqualTo(600.0 / 1100.0);
        assertThat(pipeline.verdict()).isEqualTo("PASS");
        assertThat(new Figure("x", "ms", List.of(300.0, 200.0, 260.0), "b", List.of(20.0), new Target.Below(250, "ms"))
                .verdict()).isEqualTo("FAIL");
        assertThat(new Figure("x", "ms", List.of(1.0, 2.0, 3.0), "b", List.of(1.0, 1.0, 1.0),
                new Target.RatioAtMost(1.5)).verdict()).isEqualTo("FAIL");
        assertThat(new Figure("x", "ms", List.of(1.0), "-", List.of(), new Target.None()).verdict()).isEqualTo("-");
    }

    @Test
    void orderStreamHasTheDocumentedMix() {
        List<OrderEvents.Emitted> events = new OrderEvents("T", 10).orders(0, 2000, Instant.now());
        assertThat(events).hasSize((int) (2000 * OrderEvents.EVENTS_PER_ORDER));
        Map<String, Long> byType = events.stream().collect(Collectors.groupingBy(e -> e.attributes().type(),
                Collectors.counting()));
        assertThat(byType).containsEntry("order.created", 2000L).containsEntry("order.paid", 1900L)
                .containsEntry("order.shipped", 600L).containsEntry("logistics.trace", 300L);
        // an order's events keep their order: created before paid before shipped
        Map<String, List<String>> perOrder = events.stream().collect(Collectors.groupingBy(OrderEvents.Emitted::key,
                Collectors.mapping(e -> e.attributes().type(), Collectors.toList())));
        assertThat(perOrder.get("T1")).containsExactly("order.created", "order.paid", "order.shipped",
                "logistics.trace");
        assertThat(events.stream().map(OrderEvents.Emitted::key).collect(Collectors.toSet())).hasSize(2000);
        assertThat(Function.<String>identity().apply(events.get(0).attributes().source())).isEqualTo("/webhooks/shop-demo");
    }
}
