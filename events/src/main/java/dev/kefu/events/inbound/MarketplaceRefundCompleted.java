package dev.kefu.events.inbound;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;

import java.math.BigDecimal;
import java.time.Instant;

/** {@code refund.completed}: the marketplace paid the refund out to the buyer (退款成功). */
public record MarketplaceRefundCompleted(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String refundId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        Instant completedAt) implements MarketplaceOrderEvent {

    public MarketplaceRefundCompleted {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(refundId, "refundId");
        Fields.present(amount, "amount");
        Fields.present(completedAt, "completedAt");
    }
}
