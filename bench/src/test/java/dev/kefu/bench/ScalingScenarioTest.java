package dev.kefu.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScalingScenarioTest {

    private static ScalingScenario.Step step(int n, List<Double> orders, List<Double> conversations) {
        return step(ScalingScenario.CONFIGURED, n, orders, conversations);
    }

    private static ScalingScenario.Step step(String variant, int n, List<Double> orders, List<Double> conversations) {
        Map<String, List<Double>> windows = new LinkedHashMap<>();
        windows.put("order-service", orders);
        windows.put("conversation-service", conversations);
        return new ScalingScenario.Step(variant, n, windows, Map.of("order-service-2", 42.5), Map.of("order-service",
                "1 + 2 (2 members)"), "3.10 / 2.00 / 1.00");
    }

    @Test
    void stepsSurviveTheResultsFileBetweenTheBenchJvms() {
        List<String> lines = new ArrayList<>();
        lines.addAll(step(1, List.of(100.0, 110.0, 90.0), List.of(50.0, 55.0, 45.0)).lines());
        lines.addAll(step(2, List.of(150.0, 170.0, 160.0), List.of(70.0, 80.0, 75.0)).lines());

        lines.addAll(step(ScalingScenario.variant(1), 2, List.of(140.0), List.of(60.0)).lines());

        List<ScalingScenario.Step> steps = ScalingScenario.Step.parse(lines);

        assertThat(steps).extracting(ScalingScenario.Step::variant, ScalingScenario.Step::instances).containsExactly(
                org.assertj.core.groups.Tuple.tuple("configured", 1), org.assertj.core.groups.Tuple.tuple("configured", 2),
                org.assertj.core.groups.Tuple.tuple("threads=1", 2));
        ScalingScenario.Step two = steps.get(1);
        assertThat(two.windows()).containsEntry("order-service", List.of(150.0, 170.0, 160.0));
        assertThat(two.cpu()).containsEntry("order-service-2", 42.5);
        assertThat(two.assignment()).containsEntry("order-service", "1 + 2 (2 members)");
        assertThat(two.load()).isEqualTo("3.10 / 2.00 / 1.00");
        assertThat(steps.get(2).windows()).containsEntry("order-service", List.of(140.0));
    }

    @Test
    void eachCountAboveOneIsARowAgainstOneInstanceOfTheSameRun() {
        List<ScalingScenario.Step> steps = ScalingScenario.Step.parse(List.of(
                        step(1, List.of(100.0, 110.0, 90.0), List.of(50.0, 55.0, 45.0)),
                        step(2, List.of(150.0, 170.0, 160.0), List.of(70.0, 80.0, 75.0)),
                        step(3, List.of(200.0, 180.0, 220.0), List.of(40.0, 50.0, 60.0)),
                        step(ScalingScenario.variant(1), 1, List.of(10.0), List.of(10.0)),
                        step(ScalingScenario.variant(1), 2, List.of(25.0), List.of(10.0)))
                .stream().flatMap(s -> s.lines().stream()).toList());

        List<Figure> figures = ScalingScenario.figures(steps);

        assertThat(figures).extracting(Figure::name).containsExactly(
                "order-service applied/s, 2 instances of each, 3 partitions",
                "order-service applied/s, 3 instances of each, 3 partitions",
                "conversation-service applied/s, 2 instances of each, 3 partitions",
                "conversation-service applied/s, 3 instances of each, 3 partitions",
                "order-service applied/s, 2 instances of each, 3 partitions, 1 consumer thread(s) per listener per instance",
                "conversation-service applied/s, 2 instances of each, 3 partitions, 1 consumer thread(s) per listener "
                        + "per instance");
        assertThat(figures.get(0).kefuMedian()).isEqualTo(160);
        assertThat(figures.get(0).baselineMedian()).isEqualTo(100);
        assertThat(figures.get(0).ratio()).isCloseTo(1.6, within(1e-9));
        assertThat(figures.get(1).ratio()).isCloseTo(2.0, within(1e-9));
        assertThat(figures.get(3).ratio()).isCloseTo(1.0, within(1e-9));
        // each variant against its own single instance
        assertThat(figures.get(4).ratio()).isCloseTo(2.5, within(1e-9));
        assertThat(figures.get(4).baselineName()).isEqualTo("1 instance of each, 1 consumer thread(s) per listener "
                + "per instance, same run");
        assertThat(figures).allSatisfy(f -> assertThat(f.verdict()).isEqualTo("-"));
    }

    @Test
    void withoutTheOneInstanceStepThereIsNothingToCompareWith() {
        List<ScalingScenario.Step> steps = ScalingScenario.Step.parse(step(2, List.of(1.0), List.of(1.0)).lines());

        assertThat(ScalingScenario.figures(steps)).isEmpty();
    }

    @Test
    void partitionsAreCountedPerInstanceFromTheDevstacksStaticMemberIds() {
        Map<String, Integer> byMember = new LinkedHashMap<>();
        byMember.put("devstack-order-service-0-0", 1);
        byMember.put("devstack-order-service-0-1", 1);
        byMember.put("devstack-order-service-0-2", 0);
        byMember.put("devstack-order-service-replica2-0-0", 1);
        byMember.put("devstack-order-service-replica2-0-1", 0);
        byMember.put("devstack-order-service-replica3-0-0", 0);

        Map<String, Integer> perInstance = ScalingScenario.perInstance("order-service", byMember);

        assertThat(perInstance).containsExactly(Map.entry("order-service", 2), Map.entry("order-service-2", 1),
                Map.entry("order-service-3", 0));
        assertThat(ScalingScenario.describe(perInstance, byMember.size()))
                .isEqualTo("order-service 2, order-service-2 1, order-service-3 0 (6 consumers)");
        assertThat(ScalingScenario.describe(Map.of("order-service", 3), 1)).isEqualTo("order-service 3 (1 consumer)");
    }
}
