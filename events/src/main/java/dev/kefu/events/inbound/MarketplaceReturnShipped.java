package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code return.shipped}: the buyer sent the return parcel back, with its carrier and tracking number. {@code carrier} is optional. */
public record MarketplaceReturnShipped(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String refundId,
        String carrier,
        String trackingNo,
        Instant shippedAt) implements MarketplaceOrderEvent {

    public MarketplaceReturnShipped {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(refundId, "refundId");
        Fields.text(trackingNo, "trackingNo");
        Fields.present(shippedAt, "shippedAt");
    }
}
