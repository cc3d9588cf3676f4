package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code order.finished}: the buyer confirmed receipt; the trade is complete. */
public record MarketplaceOrderFinished(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        Instant finishedAt) implements MarketplaceOrderEvent {

    public MarketplaceOrderFinished {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.present(finishedAt, "finishedAt");
    }
}
