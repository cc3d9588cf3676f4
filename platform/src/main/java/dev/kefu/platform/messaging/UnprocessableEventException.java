package dev.kefu.platform.messaging;

/** An event that can never be applied (it contradicts the aggregate's state or the contract): no retry, dead-letter it. */
public class UnprocessableEventException extends RuntimeException {

    public UnprocessableEventException(String message) {
        super(message);
    }
}
