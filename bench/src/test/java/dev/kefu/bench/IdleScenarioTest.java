package dev.kefu.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

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

    @Test
    void theStackIsSettledOnlyOnceItsCompilersAreQuietToo() {
        assertThat(IdleScenario.settled(List.of(sample(5.4, 1.2), sample(5.2, 1.0))))
                .as("steady, but the JIT compilers still use a point of a core").isFalse();
        assertThat(IdleScenario.settled(List.of(sample(5.2, 1.0), sample(4.4, 0.3)))).isTrue();
        assertThat(IdleScenario.settled(List.of(sample(9.0, 0.1), sample(4.4, 0.1)))).as("not steady").isFalse();
    }

    @Test
    void compilerThreadsAreHotSpotsC1AndC2Threads() {
        assertThat(StackCpu.isCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(StackCpu.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(StackCpu.isCompilerThread("reactor-http-ep")).isFalse();
        assertThat(StackCpu.isCompilerThread("VM Thread")).isFalse();
    }

    @Test
    void thisJvmsCompilerThreadsAreFound() {
        // the test JVM has compiled something by now (JUnit's own start alone is enough for C1)
        long pid = ProcessHandle.current().pid();
        assertThat(new StackCpu(pid, 100).compilerTicks(pid)).isPositive();
        assertThat(new StackCpu(pid, 100).compilerTicks(Long.MAX_VALUE)).as("no such process").isZero();
    }

    private static StackCpu.Sample sample(double total, double compilers) {
        return new StackCpu.Sample(Map.of("all", total), compilers);
    }
}
