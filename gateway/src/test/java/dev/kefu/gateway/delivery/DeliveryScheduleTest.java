package dev.kefu.gateway.delivery;

import dev.kefu.events.Topics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryScheduleTest {

    private static final RetrySchedule DEFAULT = new RetrySchedule(
            List.of(ofSeconds(10), ofMinutes(1), ofMinutes(5), ofMinutes(30), ofHours(2), ofHours(6), ofHours(12)));

    @Test
    void theDefaultScheduleMakesEightAttemptsOverAboutADay() {
        assertThat(DEFAULT.maxAttempts()).isEqualTo(8);
        assertThat(DEFAULT.span()).isEqualTo(Duration.ofSeconds(74_170)); // 20 h 36 min
        assertThat(Durations.human(DEFAULT.span())).isEqualTo("21 h");
        assertThat(DEFAULT.delayAfter(1)).contains(ofSeconds(10));
        assertThat(DEFAULT.delayAfter(7)).contains(ofHours(12));
        assertThat(DEFAULT.delayAfter(8)).isEmpty();
        assertThat(DEFAULT.topics()).containsExactly("delivery-retry-10s", "delivery-retry-1m", "delivery-retry-5m",
                "delivery-retry-30m", "delivery-retry-2h", "delivery-retry-6h", "delivery-retry-12h");
    }

    @Test
    void aRetryAfterLongerThanTheScheduledWaitMovesToTheFirstTierAtLeastThatLong() {
        assertThat(DEFAULT.tierFor(ofSeconds(10))).isEqualTo(ofSeconds(10));
        assertThat(DEFAULT.tierFor(ofSeconds(11))).isEqualTo(ofMinutes(1));
        assertThat(DEFAULT.tierFor(ofMinutes(45))).isEqualTo(ofHours(2));
        assertThat(DEFAULT.tierFor(ofHours(48))).isEqualTo(ofHours(12)); // capped by the longest tier
    }

    @Test
    void repeatedWaitsShareATier() {
        RetrySchedule schedule = new RetrySchedule(List.of(ofMillis(300), ofMillis(300), ofSeconds(2)));
        assertThat(schedule.maxAttempts()).isEqualTo(4);
        assertThat(schedule.topics()).containsExactly("delivery-retry-300ms", "delivery-retry-2s");
        assertThat(schedule.isRetryTopic("delivery-retry-2s")).isTrue();
        assertThat(schedule.isRetryTopic(Topics.MESSAGE_OUTBOUND)).isFalse();
        assertThat(new RetrySchedule(List.of()).maxAttempts()).isEqualTo(1);
    }

    @Test
    void retryTopicsAreNamedByTheirWaitInItsLargestWholeUnit() {
        assertThat(Topics.deliveryRetry(ofMinutes(120))).isEqualTo("delivery-retry-2h");
        assertThat(Topics.deliveryRetry(ofSeconds(90))).isEqualTo("delivery-retry-90s");
        assertThat(Topics.deliveryRetry(ofMillis(1500))).isEqualTo("delivery-retry-1500ms");
        assertThatThrownBy(() -> Topics.deliveryRetry(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
