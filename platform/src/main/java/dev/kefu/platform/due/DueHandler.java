package dev.kefu.platform.due;

import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.function.Function;

/**
 * Does the work of one queue. A due item means "look at this key no later than then", so a handler must be idempotent
 * and work out from current state what (if anything) is due: an item may fire early (a reschedule raced a claim) or
 * twice (a lease ran out while the work was still going). Register handlers as beans (see {@link #of}); {@link DueWorkRunner} drives them.
 */
public interface DueHandler {

    /** The queue this handler works, e.g. {@code order.delay-check}; one handler per queue. */
    String queue();

    /**
     * Handles one item. Completes empty when nothing more is due for the key (the item is removed), with a time when
     * the key should be looked at again (the item is rescheduled), or with an error (retried with backoff).
     */
    Mono<Instant> handle(DueItem item);

    /** A handler for {@code queue} that does {@code work}: services declare their timers as beans with this. */
    static DueHandler of(String queue, Function<DueItem, Mono<Instant>> work) {
        return new DueHandler() {
            @Override
            public String queue() {
                return queue;
            }

            @Override
            public Mono<Instant> handle(DueItem item) {
                return work.apply(item);
            }
        };
    }
}
