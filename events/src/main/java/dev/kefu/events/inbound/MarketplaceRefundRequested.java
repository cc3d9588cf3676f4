package dev.kefu.events.inbound;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;

import java.math.BigDecimal;
import java.time.Instant;

/** {@code refund.requested}: the buyer asked for a refund, return or exchange. {@code reason} is optional. */
public record MarketplaceRefundRequested(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String refundId,
        Kind kind,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String reason,
        Instant requestedAt) implements MarketplaceOrderEvent {

    public enum Kind { REFUND_ONLY, RETURN_REFUND, EXCHANGE }

    public MarketplaceRefundRequested {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(refundId, "refundId");
        Fields.present(kind, "kind");
        Fields.present(amount, "amount");
        Fields.present(requestedAt, "requestedAt");
    }
}
