package dev.kefu.events;

import dev.kefu.events.aftersales.CaseResolved;
import dev.kefu.events.aftersales.CaseUpdated;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.conversation.ConversationAssigned;
import dev.kefu.events.conversation.MessageOutbound;
import dev.kefu.events.desk.SlaBreached;
import dev.kefu.events.desk.WorkSummaryReady;
import dev.kefu.events.inbound.MarketplaceCsatReceived;
import dev.kefu.events.inbound.MarketplaceLogisticsTrace;
import dev.kefu.events.inbound.MarketplaceMessageDelivered;
import dev.kefu.events.inbound.MarketplaceMessageFailed;
import dev.kefu.events.inbound.MarketplaceMessageReceived;
import dev.kefu.events.inbound.MarketplaceOrderAddressChanged;
import dev.kefu.events.inbound.MarketplaceOrderClosed;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.inbound.MarketplaceOrderFinished;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.inbound.MarketplaceOrderShipped;
import dev.kefu.events.inbound.MarketplaceRefundAgreed;
import dev.kefu.events.inbound.MarketplaceRefundClosed;
import dev.kefu.events.inbound.MarketplaceRefundCompleted;
import dev.kefu.events.inbound.MarketplaceRefundRefused;
import dev.kefu.events.inbound.MarketplaceRefundRequested;
import dev.kefu.events.inbound.MarketplaceReturnShipped;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.inbound.MarketplaceReviewRevised;
import dev.kefu.events.order.OrderFeeChangeRequested;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.order.PaymentReminderDue;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.events.review.ReviewReplyOutbound;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event contract: each type's wire name, topic and record, declared once. The wire name travels in the
 * {@code ce_type} header, so no Java class name is ever on the wire.
 */
public final class EventTypes {

    // Domain events: the wire name is the topic name.
    public static final EventType<OrderPaid> ORDER_PAID =
            new EventType<>("order-paid", Topics.ORDER_PAID, OrderPaid.class);
    public static final EventType<ShipmentDelayed> SHIPMENT_DELAYED =
            new EventType<>("shipment-delayed", Topics.SHIPMENT_DELAYED, ShipmentDelayed.class);
    public static final EventType<ComplaintOpened> COMPLAINT_OPENED =
            new EventType<>("complaint-opened", Topics.COMPLAINT_OPENED, ComplaintOpened.class);
    public static final EventType<ReviewPosted> REVIEW_POSTED =
            new EventType<>("review-posted", Topics.REVIEW_POSTED, ReviewPosted.class);
    public static final EventType<MessageOutbound> MESSAGE_OUTBOUND =
            new EventType<>("message-outbound", Topics.MESSAGE_OUTBOUND, MessageOutbound.class);
    public static final EventType<PaymentReminderDue> PAYMENT_REMINDER_DUE =
            new EventType<>("payment-reminder-due", Topics.PAYMENT_REMINDER_DUE, PaymentReminderDue.class);
    public static final EventType<OrderFeeChangeRequested> ORDER_FEE_CHANGE_REQUESTED =
            new EventType<>("order-fee-change-requested", Topics.ORDER_FEE_CHANGE_REQUESTED,
                    OrderFeeChangeRequested.class);
    public static final EventType<ConversationAssigned> CONVERSATION_ASSIGNED =
            new EventType<>("conversation-assigned", Topics.CONVERSATION_ASSIGNED, ConversationAssigned.class);
    public static final EventType<SlaBreached> SLA_BREACHED =
            new EventType<>("sla-breached", Topics.SLA_BREACHED, SlaBreached.class);
    public static final EventType<CaseUpdated> CASE_UPDATED =
            new EventType<>("case-updated", Topics.CASE_UPDATED, CaseUpdated.class);
    public static final EventType<CaseResolved> CASE_RESOLVED =
            new EventType<>("case-resolved", Topics.CASE_RESOLVED, CaseResolved.class);
    public static final EventType<ReviewReplyOutbound> REVIEW_REPLY_OUTBOUND =
            new EventType<>("review-reply-outbound", Topics.REVIEW_REPLY_OUTBOUND, ReviewReplyOutbound.class);
    public static final EventType<WorkSummaryReady> WORK_SUMMARY_READY =
            new EventType<>("work-summary-ready", Topics.WORK_SUMMARY_READY, WorkSummaryReady.class);

    // Canonical marketplace input: the wire name is the webhook "type".
    public static final EventType<MarketplaceOrderCreated> MARKETPLACE_ORDER_CREATED =
            new EventType<>("order.created", Topics.MARKETPLACE_ORDERS, MarketplaceOrderCreated.class);
    public static final EventType<MarketplaceOrderPaid> MARKETPLACE_ORDER_PAID =
            new EventType<>("order.paid", Topics.MARKETPLACE_ORDERS, MarketplaceOrderPaid.class);
    public static final EventType<MarketplaceOrderFeeModified> MARKETPLACE_ORDER_FEE_MODIFIED =
            new EventType<>("order.fee-modified", Topics.MARKETPLACE_ORDERS, MarketplaceOrderFeeModified.class);
    public static final EventType<MarketplaceOrderAddressChanged> MARKETPLACE_ORDER_ADDRESS_CHANGED =
            new EventType<>("order.address-changed", Topics.MARKETPLACE_ORDERS, MarketplaceOrderAddressChanged.class);
    public static final EventType<MarketplaceOrderShipped> MARKETPLACE_ORDER_SHIPPED =
            new EventType<>("order.shipped", Topics.MARKETPLACE_ORDERS, MarketplaceOrderShipped.class);
    public static final EventType<MarketplaceLogisticsTrace> MARKETPLACE_LOGISTICS_TRACE =
            new EventType<>("logistics.trace", Topics.MARKETPLACE_ORDERS, MarketplaceLogisticsTrace.class);
    public static final EventType<MarketplaceOrderClosed> MARKETPLACE_ORDER_CLOSED =
            new EventType<>("order.closed", Topics.MARKETPLACE_ORDERS, MarketplaceOrderClosed.class);
    public static final EventType<MarketplaceOrderFinished> MARKETPLACE_ORDER_FINISHED =
            new EventType<>("order.finished", Topics.MARKETPLACE_ORDERS, MarketplaceOrderFinished.class);
    public static final EventType<MarketplaceMessageReceived> MARKETPLACE_MESSAGE_RECEIVED =
            new EventType<>("message.received", Topics.MARKETPLACE_MESSAGES, MarketplaceMessageReceived.class);
    public static final EventType<MarketplaceMessageDelivered> MARKETPLACE_MESSAGE_DELIVERED =
            new EventType<>("message.delivered", Topics.MARKETPLACE_MESSAGES, MarketplaceMessageDelivered.class);
    public static final EventType<MarketplaceMessageFailed> MARKETPLACE_MESSAGE_FAILED =
            new EventType<>("message.failed", Topics.MARKETPLACE_MESSAGES, MarketplaceMessageFailed.class);
    public static final EventType<MarketplaceCsatReceived> MARKETPLACE_CSAT_RECEIVED =
            new EventType<>("csat.received", Topics.MARKETPLACE_MESSAGES, MarketplaceCsatReceived.class);
    public static final EventType<MarketplaceRefundRequested> MARKETPLACE_REFUND_REQUESTED =
            new EventType<>("refund.requested", Topics.MARKETPLACE_REFUNDS, MarketplaceRefundRequested.class);
    public static final EventType<MarketplaceRefundAgreed> MARKETPLACE_REFUND_AGREED =
            new EventType<>("refund.agreed", Topics.MARKETPLACE_REFUNDS, MarketplaceRefundAgreed.class);
    public static final EventType<MarketplaceRefundRefused> MARKETPLACE_REFUND_REFUSED =
            new EventType<>("refund.refused", Topics.MARKETPLACE_REFUNDS, MarketplaceRefundRefused.class);
    public static final EventType<MarketplaceReturnShipped> MARKETPLACE_RETURN_SHIPPED =
            new EventType<>("return.shipped", Topics.MARKETPLACE_REFUNDS, MarketplaceReturnShipped.class);
    public static final EventType<MarketplaceRefundCompleted> MARKETPLACE_REFUND_COMPLETED =
            new EventType<>("refund.completed", Topics.MARKETPLACE_REFUNDS, MarketplaceRefundCompleted.class);
    public static final EventType<MarketplaceRefundClosed> MARKETPLACE_REFUND_CLOSED =
            new EventType<>("refund.closed", Topics.MARKETPLACE_REFUNDS, MarketplaceRefundClosed.class);
    public static final EventType<MarketplaceReviewPosted> MARKETPLACE_REVIEW_POSTED =
            new EventType<>("review.posted", Topics.MARKETPLACE_REVIEWS, MarketplaceReviewPosted.class);
    public static final EventType<MarketplaceReviewRevised> MARKETPLACE_REVIEW_REVISED =
            new EventType<>("review.revised", Topics.MARKETPLACE_REVIEWS, MarketplaceReviewRevised.class);

    private static final List<EventType<?>> ALL = List.of(
            ORDER_PAID, SHIPMENT_DELAYED, COMPLAINT_OPENED, REVIEW_POSTED,
            MESSAGE_OUTBOUND, PAYMENT_REMINDER_DUE, ORDER_FEE_CHANGE_REQUESTED, CONVERSATION_ASSIGNED, SLA_BREACHED,
            CASE_UPDATED, CASE_RESOLVED, REVIEW_REPLY_OUTBOUND, WORK_SUMMARY_READY, MARKETPLACE_ORDER_CREATED, MARKETPLACE_ORDER_PAID, MARKETPLACE_ORDER_FEE_MODIFIED,
            MARKETPLACE_ORDER_ADDRESS_CHANGED, MARKETPLACE_ORDER_SHIPPED, MARKETPLACE_LOGISTICS_TRACE,
            MARKETPLACE_ORDER_CLOSED, MARKETPLACE_ORDER_FINISHED, MARKETPLACE_MESSAGE_RECEIVED,
            MARKETPLACE_MESSAGE_DELIVERED, MARKETPLACE_MESSAGE_FAILED, MARKETPLACE_CSAT_RECEIVED,
            MARKETPLACE_REFUND_REQUESTED, MARKETPLACE_REFUND_AGREED, MARKETPLACE_REFUND_REFUSED,
            MARKETPLACE_RETURN_SHIPPED, MARKETPLACE_REFUND_COMPLETED, MARKETPLACE_REFUND_CLOSED,
            MARKETPLACE_REVIEW_POSTED, MARKETPLACE_REVIEW_REVISED);

    private static final Map<String, EventType<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));
    private static final Map<Class<?>, EventType<?>> BY_RECORD =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::recordType, Function.identity()));

    private EventTypes() {
    }

    public static List<EventType<?>> all() {
        return ALL;
    }

    /** Only the canonical marketplace types: what a webhook may carry. */
    public static List<EventType<?>> inbound() {
        return ALL.stream().filter(t -> t.topic().startsWith("marketplace.")).toList();
    }

    public static Optional<EventType<?>> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    @SuppressWarnings("unchecked")
    public static <T extends KefuEvent> EventType<T> of(Class<T> recordType) {
        EventType<?> type = BY_RECORD.get(recordType);
        if (type == null) {
            throw new IllegalArgumentException(recordType.getSimpleName() + " is not part of the event contract");
        }
        return (EventType<T>) type;
    }
}
