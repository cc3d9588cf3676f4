package dev.kefu.conversation.context;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.order.OrderItem;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What customer service needs to know of an order to answer its buyer: the items, the amount, the ship-by time, the
 * parcel's carrier, tracking number and latest scan. conversation-service keeps it from the marketplace's order
 * stream itself (order-service owns orders; this is a read model), so a suggestion or greeting never waits for, or
 * calls, another service. Every field is written order-insensitively: a late older scan never replaces a newer one.
 */
@Document(OrderContext.COLLECTION)
@CompoundIndex(name = "shop_buyer_created", def = "{'shopId': 1, 'buyerId': 1, 'createdAt': -1}")
public record OrderContext(@Id String id, String shopId, String platform, String orderId, String buyerId,
                           List<OrderItem> items,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal createdTotal,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal modifiedTotal,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal paidAmount,
                           String currency, Instant createdAt, Instant shipBy, Instant paidAt, Instant shippedAt,
                           Instant deliveredAt, Instant closedAt, String carrier, String trackingNo, Scan latestScan) {

    public static final String COLLECTION = "order_context";

    /** One carrier scan: what happened, where and when. */
    public record Scan(String action, String description, String location, Instant occurredAt) {
    }

    public static String idOf(String shopId, String orderId) {
        return shopId + ":" + orderId;
    }

    public List<OrderItem> items() {
        return items == null ? List.of() : items;
    }

    /** What the buyer pays: the paid amount, else the last price change, else the price at creation. */
    public BigDecimal total() {
        return paidAmount != null ? paidAmount : modifiedTotal != null ? modifiedTotal : createdTotal;
    }

    public boolean isPaid() {
        return paidAt != null;
    }

    public boolean isClosed() {
        return closedAt != null;
    }

    public boolean isShipped() {
        return shippedAt != null || latestScan != null;
    }
}
