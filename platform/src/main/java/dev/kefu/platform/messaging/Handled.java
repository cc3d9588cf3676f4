package dev.kefu.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a listener's reactive work to completion on the Kafka container thread, so the offset is committed only after
 * the write completed and a failure reaches the error handler (retries, then the dead-letter topic) synchronously.
 * Blocking is fine there: container threads are not event-loop threads, and partitions give the parallelism.
 */
public final class Handled {

    /** Longer than any single write may take; a stuck write fails the record into retry instead of hanging the partition. */
    static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(Handled.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(Handled.class);

    private Handled() {
    }

    public static void await(Mono<?> work) {
        work.block(LIMIT);
    }

    /**
     * Why a batch listener got {@code record} without a value it can read: the deserializer's failure, which a
     * record listener's container would have thrown itself (it names the type and what was wrong, and the
     * dead-letter topic gets the bytes as they arrived), or else {@code otherwise}.
     */
    public static RuntimeException unreadable(ConsumerRecord<?, ?> record, Supplier<RuntimeException> otherwise) {
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        return failure != null ? failure : otherwise.get();
    }

    /**
     * A batch listener's work: {@code together} applies the poll batch in bulk (one read and a few writes for all of
     * it) and answers how many records from the front it applied; it may stop early at a record it leaves to be
     * applied alone (one it cannot read, one that breaks a rule, one being replayed). Those, or all of them when the
     * bulk failed, are applied one at a time with {@code alone}: apply-once makes the records the bulk stored no-ops.
     * A record that fails alone fails the batch at its index ({@link BatchListenerFailedException}), so the error
     * handler commits the records before it, retries or dead-letters that one as for a record listener, and
     * redelivers the rest.
     */
    public static <R extends ConsumerRecord<?, ?>> void awaitBatch(List<R> records,
                                                                   Function<List<R>, Mono<Integer>> together,
                                                                   Function<R, Mono<?>> alone) {
        int applied;
        try {
            applied = records.isEmpty() ? 0 : together.apply(records).blockOptional(LIMIT).orElse(0);
        } catch (RuntimeException e) {
            log.info("a batch of {} records from {} is applied one at a time after its bulk write failed: {}",
                    records.size(), records.get(0).topic(), e.toString());
            applied = 0;
        }
        for (int i = applied; i < records.size(); i++) {
            R record = records.get(i);
            try {
                await(Mono.defer(() -> alone.apply(record)));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException(e.getMessage(), e, i);
            }
        }
    }
}
