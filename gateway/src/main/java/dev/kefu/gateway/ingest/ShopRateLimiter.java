package dev.kefu.gateway.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per shop: one noisy integration cannot crowd out the others. In memory, per gateway instance, so the
 * effective limit grows with the replica count; that is the intended trade for a stateless gateway.
 */
public final class ShopRateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ShopRateLimiter(double ratePerSecond, double burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code shopId} at {@code nanos}; false when the shop is over its rate. */
    public boolean tryAcquire(String shopId, long nanos) {
        return buckets.computeIfAbsent(shopId, id -> new Bucket(burst, nanos)).take(nanos, ratePerSecond, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized boolean take(long now, double ratePerSecond, double burst) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
