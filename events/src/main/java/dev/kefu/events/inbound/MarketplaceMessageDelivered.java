package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code message.delivered}: the marketplace delivered a Kefu message ({@code messageId} of its message-outbound). */
public record MarketplaceMessageDelivered(
        String shopId,
        String platform,
        String buyerId,
        String messageId,
        Instant at) implements MarketplaceEvent {

    public MarketplaceMessageDelivered {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(buyerId, "buyerId");
        Fields.text(messageId, "messageId");
        Fields.present(at, "at");
    }

    @Override
    public String key() {
        return buyerId;
    }
}
