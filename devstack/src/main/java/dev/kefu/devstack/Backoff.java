package dev.kefu.devstack;

import java.time.Duration;

/**
 * How long the devstack waits before it restarts a child that exited: {@code first}, then twice as long after every
 * exit that follows a short run, up to {@code max}; a child that had been up for {@code stableAfter} or more starts
 * the sequence again from {@code first} (one crash a day is not a crash loop).
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration STABLE_AFTER = Duration.ofSeconds(60);

    private final Duration first;
    private final Duration max;
    private final Duration stableAfter;
    private int failures;

    Backoff(Duration first, Duration max, Duration stableAfter) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max, got " + first + " and " + max);
        }
        this.first = first;
        this.max = max;
        this.stableAfter = stableAfter;
    }

    static Backoff standard() {
        return new Backoff(FIRST, MAX, STABLE_AFTER);
    }

    /** The wait before the next start of a child that has just exited after running for {@code upFor}. */
    synchronized Duration next(Duration upFor) {
        if (upFor.compareTo(stableAfter) >= 0) {
            failures = 0;
        }
        Duration delay = first;
        for (int i = 0; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        failures++;
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** How many exits in a row the current sequence has counted. */
    synchronized int failures() {
        return failures;
    }
}
