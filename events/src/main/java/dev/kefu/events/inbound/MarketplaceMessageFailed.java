package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code message.failed}: a Kefu message could not be delivered to the buyer, and why. */
public record MarketplaceMessageFailed(
        String shopId,
        String platform,
        String buyerId,
        String messageId,
        Instant at,
        String reason) implements MarketplaceEvent {

    public MarketplaceMessageFailed {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(buyerId, "buyerId");
        Fields.text(messageId, "messageId");
        Fields.present(at, "at");
        Fields.text(reason, "reason");
    }

    @Override
    public String key() {
        return buyerId;
    }
}
