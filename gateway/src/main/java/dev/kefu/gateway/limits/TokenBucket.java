package dev.kefu.gateway.limits;

/**
 * {@code ratePerSecond} tokens a second, up to {@code burst} saved. {@link #take} answers how long to wait for the
 * next token instead of just no, so a refused sender is told when to come back ({@code Retry-After}).
 */
public final class TokenBucket {

    private final double ratePerSecond;
    private final double burst;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double ratePerSecond, double burst, long nanos) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a rate above 0 and a burst of at least 1, not "
                    + ratePerSecond + "/s with a burst of " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nanos;
    }

    /** Takes a token at {@code nanos}: 0 when taken, otherwise the nanoseconds until one is there (nothing taken). */
    public synchronized long take(long nanos) {
        tokens = Math.min(burst, tokens + Math.max(0, nanos - refilledAt) / 1e9 * ratePerSecond);
        refilledAt = Math.max(refilledAt, nanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond * 1e9));
    }

    /** Whether the bucket would be full at {@code nanos}: its owner has been idle, it can be forgotten. */
    synchronized boolean isFullAt(long nanos) {
        return tokens + Math.max(0, nanos - refilledAt) / 1e9 * ratePerSecond >= burst;
    }

    /** A wait as whole {@code Retry-After} seconds, at least 1. */
    public static long seconds(long waitNanos) {
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
}
