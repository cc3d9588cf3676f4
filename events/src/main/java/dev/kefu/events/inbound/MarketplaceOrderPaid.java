package dev.kefu.events.inbound;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;

import java.math.BigDecimal;
import java.time.Instant;

/** {@code order.paid}: the buyer paid. */
public record MarketplaceOrderPaid(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        Instant paidAt) implements MarketplaceOrderEvent {

    public MarketplaceOrderPaid {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.present(amount, "amount");
        Fields.text(currency, "currency");
        Fields.present(paidAt, "paidAt");
    }
}
