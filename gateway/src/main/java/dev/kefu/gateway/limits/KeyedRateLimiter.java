package dev.kefu.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a shop, an agent token): one noisy caller cannot crowd out the others. In memory, per
 * gateway instance, so the effective limit grows with the replica count; that is the intended trade for a stateless
 * gateway. At most {@code maxKeys} buckets are kept: past that, buckets that have refilled (idle callers) are
 * forgotten, which loses nothing since a new bucket starts full.
 */
public final class KeyedRateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final int maxKeys;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public KeyedRateLimiter(double ratePerSecond, double burst, int maxKeys) {
        new TokenBucket(ratePerSecond, burst, 0); // refuses a limit that cannot work at start, not at the first call
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
    }

    /** Takes one token for {@code key} at {@code nanos}: 0, or the nanoseconds until the key has one again. */
    public long take(String key, long nanos) {
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                buckets.values().removeIf(b -> b.isFullAt(nanos));
            }
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, burst, nanos));
        }
        return bucket.take(nanos);
    }

    int size() {
        return buckets.size();
    }
}
