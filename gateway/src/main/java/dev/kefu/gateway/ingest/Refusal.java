package dev.kefu.gateway.ingest;

import dev.kefu.gateway.limits.TokenBucket;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refused webhook, answered as problem details with its reason (and headers such as {@code Retry-After}). Without a
 * stack trace: a sender over its rate can make many, and the trace would only ever point here.
 */
final class Refusal extends ErrorResponseException {

    private Refusal(HttpStatus status, String reason) {
        super(status, ProblemDetail.forStatusAndDetail(status, reason), null);
    }

    static Refusal of(HttpStatus status, String reason) {
        return new Refusal(status, reason);
    }

    /** Kafka unavailable or slow: come back in {@code seconds} (a broker restart or leader election takes a few). */
    static Refusal unavailable(String reason, long seconds) {
        Refusal refusal = new Refusal(HttpStatus.SERVICE_UNAVAILABLE, reason);
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return refusal;
    }

    static Refusal tooManyRequests(String reason, long waitNanos) {
        Refusal refusal = new Refusal(HttpStatus.TOO_MANY_REQUESTS, reason);
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(TokenBucket.seconds(waitNanos)));
        return refusal;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
