package dev.kefu.events;

import java.time.Duration;
import java.util.List;

/** Every Kafka topic Kefu uses, named once. Constants so they can be used in annotations. */
public final class Topics {

    // Domain events, one topic per type; a breaking change is a new topic ("order-paid-v2").
    public static final String ORDER_PAID = "order-paid";
    public static final String SHIPMENT_DELAYED = "shipment-delayed";
    public static final String COMPLAINT_OPENED = "complaint-opened";
    public static final String REVIEW_POSTED = "review-posted";
    public static final String MESSAGE_OUTBOUND = "message-outbound";
    public static final String PAYMENT_REMINDER_DUE = "payment-reminder-due";
    public static final String ORDER_FEE_CHANGE_REQUESTED = "order-fee-change-requested";
    public static final String CONVERSATION_ASSIGNED = "conversation-assigned";
    public static final String SLA_BREACHED = "sla-breached";
    public static final String CASE_UPDATED = "case-updated";
    public static final String CASE_RESOLVED = "case-resolved";
    public static final String REVIEW_REPLY_OUTBOUND = "review-reply-outbound";
    public static final String WORK_SUMMARY_READY = "work-summary-ready";

    // Raw marketplace input, written by the gateway's webhook ingest (or by an integration directly).
    public static final String MARKETPLACE_ORDERS = "marketplace.orders";
    public static final String MARKETPLACE_MESSAGES = "marketplace.messages";
    public static final String MARKETPLACE_REFUNDS = "marketplace.refunds";
    public static final String MARKETPLACE_REVIEWS = "marketplace.reviews";

    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    // The gateway's outbound delivery (message-outbound, order-fee-change-requested to each shop's delivery URL): one
    // retry topic per backoff delay, shared by both, so every record in one topic waits the same time and the topic's
    // order is the order in which its records fall due. Created by the gateway from its configured schedule; not in
    // all() (their dead letters go to the origin topic's -dlt).
    public static final String DELIVERY_RETRY_PREFIX = "delivery-retry-";

    private Topics() {
    }

    public static List<String> all() {
        return List.of(ORDER_PAID, SHIPMENT_DELAYED, COMPLAINT_OPENED, REVIEW_POSTED,
                MESSAGE_OUTBOUND, PAYMENT_REMINDER_DUE, ORDER_FEE_CHANGE_REQUESTED, CONVERSATION_ASSIGNED, SLA_BREACHED,
                CASE_UPDATED, CASE_RESOLVED, REVIEW_REPLY_OUTBOUND, WORK_SUMMARY_READY, MARKETPLACE_ORDERS, MARKETPLACE_MESSAGES, MARKETPLACE_REFUNDS, MARKETPLACE_REVIEWS);
    }

    /**
     * The topics services are rebuilt from (docs/operations.md, "Rebuild a service from Kafka"), so kept forever
     * (retention.ms -1) wherever topics are created: the marketplace input, and what order-service reads back of its
     * own (order-paid, which its customer files count; payment-reminder-due and shipment-delayed, the record of what
     * its timers did). Every other topic is transport and may expire.
     */
    public static List<String> kept() {
        return List.of(MARKETPLACE_ORDERS, MARKETPLACE_MESSAGES, MARKETPLACE_REFUNDS, MARKETPLACE_REVIEWS, ORDER_PAID,
                PAYMENT_REMINDER_DUE, SHIPMENT_DELAYED);
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** The delivery retry topic of one delay: {@code delivery-retry-10s}, {@code -5m}, {@code -2h}, {@code -500ms}. */
    public static String deliveryRetry(Duration delay) {
        long ms = delay.toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException("a retry delay must be positive, not " + delay);
        }
        String unit = ms % 3_600_000 == 0 ? ms / 3_600_000 + "h"
                : ms % 60_000 == 0 ? ms / 60_000 + "m"
                : ms % 1_000 == 0 ? ms / 1_000 + "s"
                : ms + "ms";
        return DELIVERY_RETRY_PREFIX + unit;
    }
}
