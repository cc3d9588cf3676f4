package dev.kefu.events;

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

    // Raw marketplace input, written by the gateway's webhook ingest (or by an integration directly).
    public static final String MARKETPLACE_ORDERS = "marketplace.orders";
    public static final String MARKETPLACE_MESSAGES = "marketplace.messages";
    public static final String MARKETPLACE_REFUNDS = "marketplace.refunds";
    public static final String MARKETPLACE_REVIEWS = "marketplace.reviews";

    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    private Topics() {
    }

    public static List<String> all() {
        return List.of(ORDER_PAID, SHIPMENT_DELAYED, COMPLAINT_OPENED, REVIEW_POSTED,
                MESSAGE_OUTBOUND, PAYMENT_REMINDER_DUE, ORDER_FEE_CHANGE_REQUESTED,
                MARKETPLACE_ORDERS, MARKETPLACE_MESSAGES, MARKETPLACE_REFUNDS, MARKETPLACE_REVIEWS);
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
