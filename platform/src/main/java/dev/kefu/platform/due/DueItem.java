package dev.kefu.platform.due;

import java.time.Instant;

/**
 * One unit of due work as a handler receives it: "look at {@code key} of {@code queue}, it was due at {@code dueAt}".
 * {@code seq} counts the schedulings of this item; a claim holds as long as nobody scheduled it again.
 * {@code attempts} counts the claims since it last succeeded (1 on the first run), for backoff.
 */
public record DueItem(String queue, String key, Instant dueAt, long seq, int attempts) {
}
