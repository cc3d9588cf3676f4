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
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public ShopRateLimiter(double ratePerSecond, double burst) {
        new TokenBucket(ratePerSecond, burst, 0); // refuses a limit that cannot work at start, not at the first webhook
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code shopId} at {@code nanos}; false when the shop is over its rate. */
    public boolean tryAcquire(String shopId, long nanos) {
        return take(shopId, nanos) == 0;
    }

    /** Takes one token for {@code shopId} at {@code nanos}: 0, or the nanoseconds until the shop has one again. */
    long take(String shopId, long nanos) {
        return buckets.computeIfAbsent(shopId, id -> new TokenBucket(ratePerSecond, burst, nanos)).take(nanos);
    }
}
