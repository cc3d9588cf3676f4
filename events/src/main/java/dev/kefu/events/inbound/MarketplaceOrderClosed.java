package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code order.closed}: the order was closed without completing (unpaid timeout, cancelled, fully refunded). */
public record MarketplaceOrderClosed(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String reason,
        Instant closedAt) implements MarketplaceOrderEvent {

    public MarketplaceOrderClosed {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.present(closedAt, "closedAt");
    }
}
