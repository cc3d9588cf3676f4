package dev.kefu.events.inbound;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;
import dev.kefu.events.order.OrderItem;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code order.created}: the buyer placed an order (not yet paid). {@code shipBy} and {@code items} are optional. */
public record MarketplaceOrderCreated(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalAmount,
        String currency,
        Instant createdAt,
        Instant shipBy,
        List<OrderItem> items) implements MarketplaceOrderEvent {

    public MarketplaceOrderCreated {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.present(totalAmount, "totalAmount");
        Fields.text(currency, "currency");
        Fields.present(createdAt, "createdAt");
        items = items == null ? List.of() : List.copyOf(items);
    }
}
