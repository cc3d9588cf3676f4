package dev.kefu.events.order;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.math.BigDecimal;
import java.time.Instant;

/** A buyer paid an order. Published by order-service once per order. */
public record OrderPaid(
        String shopId,
        String orderId,
        String buyerId,
        String platform,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        Instant paidAt) implements KefuEvent {

    public OrderPaid {
        Fields.text(shopId, "shopId");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(platform, "platform");
        Fields.present(amount, "amount");
        Fields.text(currency, "currency");
        Fields.present(paidAt, "paidAt");
    }

    @Override
    public String key() {
        return orderId;
    }
}
