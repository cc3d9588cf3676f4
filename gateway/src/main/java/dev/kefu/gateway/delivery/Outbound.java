package dev.kefu.gateway.delivery;

import dev.kefu.events.CloudEvent;
import dev.kefu.events.EventType;
import dev.kefu.events.EventTypes;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.conversation.MessageOutbound;
import dev.kefu.events.kafka.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import tools.jackson.core.JacksonException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One event to deliver, as read from its topic or from a retry topic: the original key, value bytes and
 * CloudEvents headers, plus the delivery's own headers once it has been tried.
 *
 * @param origin       the topic it was published to ({@code message-outbound}, {@code order-fee-change-requested},
 *                     {@code review-reply-outbound})
 * @param attemptsMade attempts before this one
 * @param firstAttempt when the first attempt was made (now, for the first)
 */
record Outbound(ConsumerRecord<String, byte[]> record, String origin, CloudEvent attributes, KefuEvent event,
                int attemptsMade, Instant firstAttempt) {

    /** Headers a delivery adds when it sends a record on to a retry topic (and keeps on the dead letter). */
    static final String ORIGIN = "kefu_delivery_topic";
    static final String ATTEMPTS = "kefu_delivery_attempts";
    static final String FIRST_ATTEMPT = "kefu_delivery_first_attempt";
    static final String DUE = "kefu_delivery_due";
    static final String LAST_ERROR = "kefu_delivery_last_error";
    static final List<String> HEADERS = List.of(ORIGIN, ATTEMPTS, FIRST_ATTEMPT, DUE, LAST_ERROR);

    static final List<EventType<?>> DELIVERED = List.of(EventTypes.MESSAGE_OUTBOUND, EventTypes.ORDER_FEE_CHANGE_REQUESTED,
            EventTypes.REVIEW_REPLY_OUTBOUND);

    /** Reads a record; throws {@link IllegalArgumentException} saying why when it is not a deliverable Kefu event. */
    static Outbound read(ConsumerRecord<String, byte[]> record, Instant now) {
        Headers headers = record.headers();
        String origin = text(headers, ORIGIN, record.topic());
        CloudEvent attributes = CloudEvent.readFrom(headers);
        EventType<?> type = DELIVERED.stream().filter(t -> t.name().equals(attributes.type())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(CloudEvent.TYPE + " '" + attributes.type()
                        + "' is not delivered to shops (only " + DELIVERED.stream().map(EventType::name).toList() + ")"));
        if (record.value() == null || record.value().length == 0) {
            throw new IllegalArgumentException("the record has no value");
        }
        KefuEvent event;
        try {
            event = EventJson.mapper().readValue(record.value(), type.recordType());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unreadable " + type.name() + ": " + root(e).getMessage(), e);
        }
        try {
            int attempts = Integer.parseInt(text(headers, ATTEMPTS, "0"));
            Instant first = attempts == 0 ? now : Instant.parse(text(headers, FIRST_ATTEMPT, now.toString()));
            return new Outbound(record, origin, attributes, event, attempts, first);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed delivery headers: " + e.getMessage(), e);
        }
    }

    /** When a record on a retry topic falls due; a record without the header is due now. */
    static Instant due(ConsumerRecord<?, ?> record) {
        String due = CloudEvent.text(record.headers(), DUE);
        try {
            return due == null ? Instant.EPOCH : Instant.parse(due);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    int attempt() {
        return attemptsMade + 1;
    }

    String shopId() {
        return event.shopId();
    }

    /** A message to a buyer (reported back as delivered or failed), not a fee-change request. */
    MessageOutbound message() {
        return event instanceof MessageOutbound m ? m : null;
    }

    private static String text(Headers headers, String name, String fallback) {
        String value = CloudEvent.text(headers, name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Throwable root(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
