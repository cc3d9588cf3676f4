package dev.kefu.events.inbound;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;

import java.math.BigDecimal;
import java.time.Instant;

/** {@code refund.agreed}: the seller (or the marketplace for it) agreed to the buyer's refund request; for a return or exchange the buyer is now to send the parcel back. {@code amount} (the amount agreed) is optional. */
public record MarketplaceRefundAgreed(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String refundId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        Instant agreedAt) implements MarketplaceOrderEvent {

    public MarketplaceRefundAgreed {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(refundId, "refundId");
        Fields.present(agreedAt, "agreedAt");
    }
}
