package dev.kefu.platform.messaging;

import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Runs a listener's reactive work to completion on the Kafka container thread, so the offset is committed only after
 * the write completed and a failure reaches the error handler (retries, then the dead-letter topic) synchronously.
 * Blocking is fine there: container threads are not event-loop threads, and partitions give the parallelism.
 */
public final class Handled {

    /** Longer than any single write may take; a stuck write fails the record into retry instead of hanging the partition. */
    static final Duration LIMIT = Duration.ofSeconds(30);

    private Handled() {
    }

    public static void await(Mono<?> work) {
        work.block(LIMIT);
    }
}
