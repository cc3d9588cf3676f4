package dev.kefu.gateway.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryRetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:49:37Z");

    @Test
    void delaySecondsAreSeconds() {
        assertThat(RetryAfter.parse("2", NOW)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
    }

    @Test
    void anHttpDateInAnyOfItsThreeFormsIsTheTimeUntilThen() {
        Duration ninety = Duration.ofSeconds(90);
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 08:51:07 GMT", NOW)).contains(ninety);   // IMF-fixdate
        assertThat(RetryAfter.parse("Monday, 23-Nov-26 08:51:07 GMT", NOW)).contains(ninety);  // RFC 850
        assertThat(RetryAfter.parse("Mon Nov 23 08:51:07 2026", NOW)).contains(ninety);        // asctime
        assertThat(RetryAfter.parse("Thu Nov  5 08:49:37 2026", Instant.parse("2026-11-05T08:49:36Z")))
                .contains(Duration.ofSeconds(1));
    }

    @Test
    void aDateInThePastMeansNowAndNonsenseMeansNothing() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }
}
