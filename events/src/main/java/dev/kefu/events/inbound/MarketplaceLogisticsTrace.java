package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code logistics.trace}: one carrier scan or status change of an order's parcel. {@code carrier}, {@code description} and {@code location} (where the scan happened) are optional. */
public record MarketplaceLogisticsTrace(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String carrier,
        String trackingNo,
        Action action,
        String description,
        String location,
        Instant occurredAt) implements MarketplaceOrderEvent {

    /** Taobao logistics actions: picked up, in transit, out for delivery, signed for, failed, lost. */
    public enum Action { CONSIGN, GOT, DEPARTURE, ARRIVAL, SENT_SCAN, SIGNED, FAILED, LOST }

    public MarketplaceLogisticsTrace {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(trackingNo, "trackingNo");
        Fields.present(action, "action");
        Fields.present(occurredAt, "occurredAt");
    }
}
