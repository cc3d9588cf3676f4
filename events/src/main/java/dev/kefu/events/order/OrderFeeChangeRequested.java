package dev.kefu.events.order;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An agent changed an unpaid order's price or shipping fee (改价) within the shop's policy. Kefu cannot change the
 * marketplace itself: the integration applies it there and confirms with {@code order.fee-modified}.
 * {@code approvedBy} names the supervisor when the change needed one. {@code shippingFee} is optional.
 */
public record OrderFeeChangeRequested(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String requestId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal previousTotal,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal newTotal,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal shippingFee,
        String currency,
        String reason,
        String agentId,
        String approvedBy,
        Instant requestedAt) implements KefuEvent {

    public OrderFeeChangeRequested {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(requestId, "requestId");
        Fields.present(previousTotal, "previousTotal");
        Fields.present(newTotal, "newTotal");
        Fields.text(reason, "reason");
        Fields.text(agentId, "agentId");
        Fields.present(requestedAt, "requestedAt");
    }

    @Override
    public String key() {
        return orderId;
    }
}
