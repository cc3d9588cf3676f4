package dev.kefu.platform.outbox;

/** Declares a MongoDB collection whose documents carry an {@code outbox} array for the relay to sweep. */
public record OutboxCollection(String name) {
}
