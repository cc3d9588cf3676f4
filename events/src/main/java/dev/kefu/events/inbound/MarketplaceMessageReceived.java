package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code message.received}: a buyer wrote in the marketplace chat. {@code orderId} is optional (pre-sale questions). */
public record MarketplaceMessageReceived(
        String shopId,
        String platform,
        String buyerId,
        String messageId,
        String orderId,
        String text,
        Instant sentAt) implements MarketplaceEvent {

    public MarketplaceMessageReceived {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(buyerId, "buyerId");
        Fields.text(messageId, "messageId");
        Fields.text(text, "text");
        Fields.present(sentAt, "sentAt");
    }

    /** Keyed by buyer: one buyer's messages stay in the order they were written. */
    @Override
    public String key() {
        return buyerId;
    }
}
