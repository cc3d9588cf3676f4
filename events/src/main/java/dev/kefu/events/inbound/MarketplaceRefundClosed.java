package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code refund.closed}: the refund ended without a payout (退款关闭): the buyer withdrew it or the marketplace closed it. {@code reason} is optional. */
public record MarketplaceRefundClosed(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String refundId,
        String reason,
        Instant closedAt) implements MarketplaceOrderEvent {

    public MarketplaceRefundClosed {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(refundId, "refundId");
        Fields.present(closedAt, "closedAt");
    }
}
