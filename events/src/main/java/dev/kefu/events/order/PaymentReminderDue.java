package dev.kefu.events.order;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order is still unpaid {@code payment-reminder-after} its creation (催付): time for one polite reminder.
 * Published by order-service at most once per order, never during the shop's quiet hours; conversation-service sends it.
 */
public record PaymentReminderDue(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        List<OrderItem> items,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalAmount,
        String currency,
        Instant createdAt,
        Instant dueAt) implements KefuEvent {

    public PaymentReminderDue {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        items = items == null ? List.of() : List.copyOf(items);
        Fields.present(createdAt, "createdAt");
        Fields.present(dueAt, "dueAt");
    }

    @Override
    public String key() {
        return orderId;
    }
}
