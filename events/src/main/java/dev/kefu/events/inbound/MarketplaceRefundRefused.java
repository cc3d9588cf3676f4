package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code refund.refused}: the seller refused the refund request (the buyer may still ask the marketplace to step in). {@code reason} is optional. */
public record MarketplaceRefundRefused(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String refundId,
        String reason,
        Instant refusedAt) implements MarketplaceOrderEvent {

    public MarketplaceRefundRefused {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(refundId, "refundId");
        Fields.present(refusedAt, "refusedAt");
    }
}
