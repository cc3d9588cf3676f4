package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code order.shipped}: the seller handed the parcel to a carrier. */
public record MarketplaceOrderShipped(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String carrier,
        String trackingNo,
        Instant shippedAt) implements MarketplaceOrderEvent {

    public MarketplaceOrderShipped {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(carrier, "carrier");
        Fields.text(trackingNo, "trackingNo");
        Fields.present(shippedAt, "shippedAt");
    }
}
