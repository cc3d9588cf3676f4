package dev.kefu.gateway.ingest;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.http.HttpStatus;

import java.util.concurrent.TimeoutException;

/**
 * What a failed write to Kafka means for the sender. Only a broker that is unavailable or slow is worth a retry
 * ({@code 503}); a record Kafka refuses (larger than the producer's {@code max.request.size} or the broker's
 * {@code message.max.bytes}, or invalid to the broker) would be refused again on every retry of the same webhook,
 * so it is a {@code 413} / {@code 400} naming why; anything else is the gateway's own fault ({@code 500}).
 */
record PublishFailure(HttpStatus status, String reason) {

    static PublishFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
                return new PublishFailure(HttpStatus.CONTENT_TOO_LARGE,
                        "Kafka refuses the event as too large (" + cause.getMessage() + "); sending it again cannot"
                                + " succeed: make its data smaller");
            }
            if (cause instanceof InvalidRecordException) {
                return new PublishFailure(HttpStatus.BAD_REQUEST,
                        "Kafka refuses the event as invalid (" + cause.getMessage() + "); sending it again cannot succeed");
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return new PublishFailure(HttpStatus.SERVICE_UNAVAILABLE,
                        "the event could not be stored now (Kafka unavailable or slow); retry with the same webhook-id");
            }
        }
        return new PublishFailure(HttpStatus.INTERNAL_SERVER_ERROR,
                "the event could not be stored (" + failure.getClass().getSimpleName() + ")");
    }

    boolean retryable() {
        return status == HttpStatus.SERVICE_UNAVAILABLE;
    }
}
