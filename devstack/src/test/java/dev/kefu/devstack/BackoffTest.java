package dev.kefu.devstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private static final Duration SHORT = Duration.ofSeconds(2);

    @Test
    void aCrashLoopWaitsTwiceAsLongEachTimeUpToTheCap() {
        Backoff b = Backoff.standard();
        assertThat(b.next(SHORT)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.next(SHORT)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.next(SHORT)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.next(SHORT)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.next(SHORT)).isEqualTo(Duration.ofSeconds(16));
        assertThat(b.next(SHORT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.next(SHORT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.failures()).isEqualTo(7);
        for (int i = 0; i < 100; i++) {
            assertThat(b.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(30)); // no overflow however long it loops
        }
    }

    @Test
    void aChildThatHadBeenUpAMinuteStartsOverFromOneSecond() {
        Backoff b = Backoff.standard();
        b.next(SHORT);
        b.next(SHORT);
        assertThat(b.next(SHORT)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.next(Duration.ofSeconds(59))).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.next(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.failures()).isEqualTo(1);
        assertThat(b.next(SHORT)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theFirstWaitMustBePositiveAndNotAboveTheCap() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
