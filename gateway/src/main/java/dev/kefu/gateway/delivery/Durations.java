package dev.kefu.gateway.delivery;

import java.time.Duration;

/** Durations for people: {@code 3 s}, {@code 5 min}, {@code 21 h}. */
final class Durations {

    private Durations() {
    }

    static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return Math.round(ms / 1_000.0) + " s";
        }
        if (ms < 3_600_000) {
            return Math.round(ms / 60_000.0) + " min";
        }
        return Math.round(ms / 3_600_000.0) + " h";
    }
}
