package dev.kefu.gateway.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedRateLimiterTest {

    @Test
    void aTokenBucketRefillsAtItsRateUpToItsBurst() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        assertThat(new long[]{bucket.take(0), bucket.take(0), bucket.take(0)}).containsOnly(0);
        assertThat(bucket.take(0)).isEqualTo(500_000_000L);
        assertThat(bucket.take(250_000_000L)).isEqualTo(250_000_000L);
        assertThat(bucket.take(500_000_000L)).isZero();
        assertThat(bucket.take(60_000_000_000L)).isZero(); // a minute idle refills the burst, no more
        assertThat(new long[]{bucket.take(60_000_000_000L), bucket.take(60_000_000_000L)}).containsOnly(0);
        assertThat(bucket.take(60_000_000_000L)).isPositive();
        assertThat(TokenBucket.seconds(1)).isEqualTo(1);
        assertThat(TokenBucket.seconds(2_000_000_001L)).isEqualTo(3);
        assertThatThrownBy(() -> new TokenBucket(0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachKeyHasItsOwnBucketAndIdleOnesAreForgottenPastTheCap() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 2, 3);
        assertThat(new long[]{limiter.take("a", 0), limiter.take("a", 0)}).containsOnly(0);
        assertThat(limiter.take("a", 0)).isEqualTo(1_000_000_000L);
        assertThat(limiter.take("b", 0)).isZero(); // another caller is not slowed by the first
        limiter.take("c", 0);
        assertThat(limiter.size()).isEqualTo(3);

        // At the cap, a new key makes room by forgetting the buckets that have refilled (b and c, full again at 1 s),
        // never one that still owes: "a" has 0.5 of 2 tokens at 1.5 s and keeps its debt.
        limiter.take("a", 1_000_000_000L);
        assertThat(limiter.take("d", 1_500_000_000L)).isZero();
        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.take("a", 1_500_000_000L)).isEqualTo(500_000_000L);
    }
}
