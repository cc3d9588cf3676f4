package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code order.address-changed}: the delivery address was changed. */
public record MarketplaceOrderAddressChanged(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String address,
        Instant changedAt) implements MarketplaceOrderEvent {

    public MarketplaceOrderAddressChanged {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(address, "address");
        Fields.present(changedAt, "changedAt");
    }
}
