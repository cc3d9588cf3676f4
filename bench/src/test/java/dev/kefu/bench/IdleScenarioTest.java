package dev.kefu.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdleScenarioTest {

    @Test
    void theStackIsSteadyWhenTwoWindowsInARowAgreeWithinHalfAPointOrAFifth() {
        assertThat(IdleScenario.steady(List.of(9.0))).as("one window says nothing").isFalse();
        assertThat(IdleScenario.steady(List.of(9.0, 6.0))).as("compilers still at it").isFalse();
        assertThat(IdleScenario.steady(List.of(9.0, 6.0, 5.1))).isTrue();
        assertThat(IdleScenario.steady(List.of(2.0, 1.6))).as("half a point").isTrue();
        assertThat(IdleScenario.steady(List.of(30.0, 25.0))).as("a fifth").isTrue();
        assertThat(IdleScenario.steady(List.of(30.0, 23.0))).isFalse();
    }
}
