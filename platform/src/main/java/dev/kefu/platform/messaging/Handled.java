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
     * A batch listener's work: {@code together} applies records in bulk (one read and a few writes for all of them)
     * and answers how many from the front it applied; it may stop early at a record it leaves to be applied alone
     * (one it cannot read, one that breaks a rule, one being replayed, one that calls for a message). That one is
     * applied with {@code alone}, and {@code together} goes on with the rest. When a bulk fails, every record from
     * there on is applied alone: apply-once makes the records it stored no-ops. A record that fails alone fails the
     * batch at its index ({@link BatchListenerFailedException}), so the error handler commits the records before it,
     * retries or dead-letters that one as for a record listener, and redelivers the rest.
     */
    public static <R extends ConsumerRecord<?, ?>> void awaitBatch(List<R> records,
                                                                   Function<List<R>, Mono<Integer>> together,
                                                                   Function<R, Mono<?>> alone) {
        int next = 0;
        boolean bulk = true;
        while (next < records.size()) {
            if (bulk) {
                try {
                    int applied = together.apply(records.subList(next, records.size())).blockOptional(LIMIT).orElse(0);
                    next += Math.max(0, Math.min(applied, records.size() - next));
                } catch (RuntimeException e) {
                    log.info("{} records from {} are applied one at a time after their bulk write failed: {}",
                            records.size() - next, records.get(next).topic(), e.toString());
                    bulk = false;
                }
                if (next == records.size()) {
                    break;
                }
            }
            R record = records.get(next);
            try {
                await(Mono.defer(() -> alone.apply(record)));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException(e.getMessage(), e, next);
            }
            next++;
        }
    }
}
