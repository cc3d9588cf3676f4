package dev.kefu.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A circuit breaker per shop, for timeouts only: a URL that does not answer ties up a connection and a share of
 * the shop's concurrency for the whole timeout, and its queued records wait behind those attempts (holding their
 * partition's committed offset back). After {@code threshold} timeouts in a row the shop's attempts fail at once,
 * as if timed out, for {@code cooldown}; then they are tried again, and the first new timeout opens it again.
 * Any answer (even an error status) or a fast connection failure closes it: those cost nobody anything.
 */
final class ShopCircuits {

    private final int threshold;
    private final Duration cooldown;
    private final Clock clock;
    private final Map<String, State> shops = new ConcurrentHashMap<>();

    ShopCircuits(int threshold, Duration cooldown, Clock clock) {
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.clock = clock;
    }

    private static final class State {
        int timeouts;
        Instant openUntil;
    }

    /** Null when the shop may be tried now; else until when it is not. */
    Instant openUntil(String shopId) {
        State state = shops.get(shopId);
        if (state == null) {
            return null;
        }
        synchronized (state) {
            return state.openUntil != null && clock.instant().isBefore(state.openUntil) ? state.openUntil : null;
        }
    }

    void record(String shopId, Attempt attempt) {
        if (threshold <= 0) {
            return;
        }
        boolean timedOut = attempt instanceof Attempt.Retry retry && retry.timedOut();
        if (!timedOut) {
            shops.remove(shopId);
            return;
        }
        State state = shops.computeIfAbsent(shopId, id -> new State());
        synchronized (state) {
            if (++state.timeouts >= threshold) {
                state.openUntil = clock.instant().plus(cooldown);
            }
        }
    }
}
