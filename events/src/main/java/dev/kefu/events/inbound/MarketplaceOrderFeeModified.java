package dev.kefu.events.inbound;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;

import java.math.BigDecimal;
import java.time.Instant;

/** {@code order.fee-modified}: the seller changed the price or the shipping fee (改价) before payment. */
public record MarketplaceOrderFeeModified(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal shippingFee,
        Instant modifiedAt) implements MarketplaceOrderEvent {

    public MarketplaceOrderFeeModified {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.present(totalAmount, "totalAmount");
        Fields.present(modifiedAt, "modifiedAt");
    }
}
