package dev.kefu.events.order;

import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.time.Instant;

/**
 * An order's shipment is late: it missed its ship-by time, its tracking stalled, or the carrier reported a failure.
 * Derived by order-service; no marketplace emits it. {@code carrier}, {@code trackingNo} and {@code detail} are optional.
 */
public record ShipmentDelayed(
        String shopId,
        String orderId,
        String buyerId,
        String platform,
        Reason reason,
        String carrier,
        String trackingNo,
        String detail,
        Instant detectedAt) implements KefuEvent {

    public enum Reason { SHIP_BY_MISSED, TRACKING_STALLED, CARRIER_FAILED, PARCEL_LOST }

    public ShipmentDelayed {
        Fields.text(shopId, "shopId");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(platform, "platform");
        Fields.present(reason, "reason");
        Fields.present(detectedAt, "detectedAt");
    }

    @Override
    public String key() {
        return orderId;
    }
}
