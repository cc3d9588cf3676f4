package dev.kefu.gateway.delivery;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/** The result of one POST to a delivery URL, and what it means for the record. */
sealed interface Attempt {

    /** A 2xx: the integration has the event. */
    record Delivered(int status) implements Attempt {
    }

    /** Worth trying again, not before {@code notBefore} from now (the answer's {@code Retry-After}, if any). */
    record Retry(String reason, Duration notBefore, boolean timedOut) implements Attempt {
    }

    /** A 4xx other than 408 and 429: the integration refuses this request; sending it again cannot help. */
    record Rejected(String reason) implements Attempt {
    }

    String FROM = " from the delivery URL";

    /**
     * Classifies an answer: 2xx delivered; 408, 429 and 5xx (and anything else that is not 2xx or 4xx: redirects
     * are not followed) retried, honouring {@code Retry-After}; every other 4xx rejected.
     */
    static Attempt ofStatus(int status, String retryAfter, Instant now) {
        if (status >= 200 && status < 300) {
            return new Delivered(status);
        }
        String reason = "HTTP " + status + phrase(status) + FROM;
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new Rejected(reason);
        }
        return new Retry(reason, RetryAfter.parse(retryAfter, now).orElse(Duration.ZERO), false);
    }

    /** No answer: a timeout, a refused or broken connection, an unresolvable host. All are retried. */
    static Attempt ofError(Throwable error, Duration timeout) {
        if (error instanceof TimeoutException) {
            return new Retry("no answer within " + Durations.human(timeout) + FROM, Duration.ZERO, true);
        }
        Throwable cause = error instanceof WebClientRequestException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new Retry("could not reach the delivery URL: " + message, Duration.ZERO, false);
    }

    private static String phrase(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "" : " " + known.getReasonPhrase();
    }
}
