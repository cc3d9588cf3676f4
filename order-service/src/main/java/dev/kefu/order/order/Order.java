package dev.kefu.order.order;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.inbound.MarketplaceLogisticsTrace;
import dev.kefu.events.inbound.MarketplaceOrderAddressChanged;
import dev.kefu.events.inbound.MarketplaceOrderClosed;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderEvent;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.inbound.MarketplaceOrderFinished;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.inbound.MarketplaceOrderShipped;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.order.ShipmentDelayed;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One marketplace order as the shop's customer service sees it. Applying marketplace input moves it through its
 * {@link OrderStatus}es and yields the domain events to publish; nothing here knows about Kafka or MongoDB.
 * Marketplaces may deliver {@code order.paid} before {@code order.created}, so each step fills in what it knows.
 */
public final class Order {

    private final String shopId;
    private final String orderId;
    private final String buyerId;
    private final String platform;
    private OrderStatus status;
    private BigDecimal amount;
    private String currency;
    private String address;
    private Instant createdAt;
    private Instant paidAt;
    private Instant shipBy;
    private Instant shippedAt;
    private String carrier;
    private String trackingNo;
    private String lastTrace;
    private Instant lastTraceAt;
    private Instant closedAt;
    private Instant finishedAt;
    private ShipmentDelayed.Reason delayReported;

    private Order(String shopId, String orderId, String buyerId, String platform) {
        this.shopId = shopId;
        this.orderId = orderId;
        this.buyerId = buyerId;
        this.platform = platform;
        this.status = OrderStatus.CREATED;
    }

    /** The order as first seen through {@code event}, before applying it. */
    public static Order firstSeen(MarketplaceOrderEvent event) {
        return new Order(event.shopId(), event.orderId(), event.buyerId(), event.platform());
    }

    /** Applies marketplace input; returns the events it causes (often none). */
    public List<KefuEvent> apply(MarketplaceOrderEvent event) {
        if (!event.orderId().equals(orderId) || !event.shopId().equals(shopId)) {
            throw new OrderRuleViolation("event for " + event.shopId() + "/" + event.orderId() + " applied to " + id());
        }
        if (event instanceof MarketplaceOrderCreated created) {
            return created(created);
        } else if (event instanceof MarketplaceOrderPaid paid) {
            return paid(paid);
        } else if (event instanceof MarketplaceOrderFeeModified modified) {
            return feeModified(modified);
        } else if (event instanceof MarketplaceOrderAddressChanged changed) {
            address = changed.address();
            return List.of();
        } else if (event instanceof MarketplaceOrderShipped shipped) {
            return shipped(shipped);
        } else if (event instanceof MarketplaceLogisticsTrace trace) {
            return traced(trace);
        } else if (event instanceof MarketplaceOrderClosed closed) {
            return closed(closed);
        } else if (event instanceof MarketplaceOrderFinished finished) {
            status = OrderStatus.FINISHED;
            finishedAt = finished.finishedAt();
            return List.of();
        }
        throw new OrderRuleViolation("order-service does not handle " + event.getClass().getSimpleName());
    }

    /**
     * Finds late shipments before the buyer has to ask: paid but not shipped by {@code shipBy}, or shipped with no
     * carrier scan for {@code stallAfter}. Each delay is reported once.
     */
    public List<KefuEvent> checkDelays(Instant now, Duration stallAfter) {
        if (delayReported != null) {
            return List.of();
        }
        if (status == OrderStatus.PAID && shipBy != null && !now.isBefore(shipBy)) {
            return delayed(ShipmentDelayed.Reason.SHIP_BY_MISSED, "not shipped by " + shipBy, now);
        }
        Instant lastMovement = lastTraceAt != null ? lastTraceAt : shippedAt;
        if (status == OrderStatus.SHIPPED && lastMovement != null && !now.isBefore(lastMovement.plus(stallAfter))) {
            return delayed(ShipmentDelayed.Reason.TRACKING_STALLED, "no carrier scan since " + lastMovement, now);
        }
        return List.of();
    }

    /**
     * When {@link #checkDelays} could next find a delay: the ship-by time of a paid order, or the end of the quiet
     * period after the parcel's last movement; none once a delay is reported or the order no longer travels.
     */
    public Optional<Instant> nextDelayCheck(Duration stallAfter) {
        if (delayReported != null) {
            return Optional.empty();
        }
        if (status == OrderStatus.PAID && shipBy != null) {
            return Optional.of(shipBy);
        }
        Instant lastMovement = lastTraceAt != null ? lastTraceAt : shippedAt;
        if (status == OrderStatus.SHIPPED && lastMovement != null) {
            return Optional.of(lastMovement.plus(stallAfter));
        }
        return Optional.empty();
    }

    private List<KefuEvent> created(MarketplaceOrderCreated created) {
        createdAt = created.createdAt();
        shipBy = created.shipBy();
        if (amount == null) {
            amount = created.totalAmount();
            currency = created.currency();
        }
        return List.of();
    }

    private List<KefuEvent> paid(MarketplaceOrderPaid paid) {
        if (status == OrderStatus.CLOSED) {
            throw new OrderRuleViolation("order " + orderId + " was closed before it was paid");
        }
        if (paidAt != null) {
            return List.of(); // the marketplace repeated itself: the buyer pays once
        }
        paidAt = paid.paidAt();
        amount = paid.amount();
        currency = paid.currency();
        if (status == OrderStatus.CREATED) {
            status = OrderStatus.PAID;
        }
        return List.of(new OrderPaid(shopId, orderId, buyerId, platform, amount, currency, paidAt));
    }

    private List<KefuEvent> feeModified(MarketplaceOrderFeeModified modified) {
        if (paidAt != null) {
            throw new OrderRuleViolation("order " + orderId + " was already paid; its price can no longer change");
        }
        amount = modified.totalAmount();
        return List.of();
    }

    private List<KefuEvent> shipped(MarketplaceOrderShipped shipped) {
        if (!status.isOpen()) {
            throw new OrderRuleViolation("order " + orderId + " is " + status + " and cannot ship");
        }
        carrier = shipped.carrier();
        trackingNo = shipped.trackingNo();
        shippedAt = shipped.shippedAt();
        if (status == OrderStatus.CREATED || status == OrderStatus.PAID) {
            status = OrderStatus.SHIPPED;
        }
        if (delayReported == ShipmentDelayed.Reason.SHIP_BY_MISSED) {
            delayReported = null; // it moves again: a later stall deserves its own apology
        }
        return List.of();
    }

    private List<KefuEvent> traced(MarketplaceLogisticsTrace trace) {
        lastTrace = trace.action().name();
        lastTraceAt = trace.occurredAt();
        if (trace.carrier() != null) {
            carrier = trace.carrier();
        }
        trackingNo = trace.trackingNo();
        switch (trace.action()) {
            case SIGNED:
                if (status.isOpen()) {
                    status = OrderStatus.DELIVERED;
                }
                delayReported = null;
                return List.of();
            case FAILED:
                return delayedOnce(ShipmentDelayed.Reason.CARRIER_FAILED, trace);
            case LOST:
                return delayedOnce(ShipmentDelayed.Reason.PARCEL_LOST, trace);
            default:
                if (status == OrderStatus.PAID || status == OrderStatus.CREATED) {
                    status = OrderStatus.SHIPPED;
                }
                if (delayReported == ShipmentDelayed.Reason.TRACKING_STALLED
                        || delayReported == ShipmentDelayed.Reason.CARRIER_FAILED) {
                    delayReported = null; // the parcel moves again: a later problem deserves its own apology
                }
                return List.of();
        }
    }

    /** The buyer hears of one problem once: repeated failure scans without movement in between are not news. */
    private List<KefuEvent> delayedOnce(ShipmentDelayed.Reason reason, MarketplaceLogisticsTrace trace) {
        return delayReported == reason ? List.of() : delayed(reason, trace.description(), trace.occurredAt());
    }

    private List<KefuEvent> closed(MarketplaceOrderClosed closed) {
        if (status != OrderStatus.FINISHED) {
            status = OrderStatus.CLOSED;
            closedAt = closed.closedAt();
        }
        return List.of();
    }

    private List<KefuEvent> delayed(ShipmentDelayed.Reason reason, String detail, Instant at) {
        delayReported = reason;
        return List.of(new ShipmentDelayed(shopId, orderId, buyerId, platform, reason, carrier, trackingNo, detail, at));
    }

    public String id() {
        return shopId + ":" + orderId;
    }

    public String shopId() { return shopId; }
    public String orderId() { return orderId; }
    public String buyerId() { return buyerId; }
    public String platform() { return platform; }
    public OrderStatus status() { return status; }
    public BigDecimal amount() { return amount; }
    public String currency() { return currency; }
    public String address() { return address; }
    public Instant createdAt() { return createdAt; }
    public Instant paidAt() { return paidAt; }
    public Instant shipBy() { return shipBy; }
    public Instant shippedAt() { return shippedAt; }
    public String carrier() { return carrier; }
    public String trackingNo() { return trackingNo; }
    public String lastTrace() { return lastTrace; }
    public Instant lastTraceAt() { return lastTraceAt; }
    public Instant closedAt() { return closedAt; }
    public Instant finishedAt() { return finishedAt; }
    public Optional<ShipmentDelayed.Reason> delayReported() { return Optional.ofNullable(delayReported); }

    /** Rebuilds an order from storage. */
    public static Order restore(Snapshot s) {
        Order order = new Order(s.shopId(), s.orderId(), s.buyerId(), s.platform());
        order.status = s.status();
        order.amount = s.amount();
        order.currency = s.currency();
        order.address = s.address();
        order.createdAt = s.createdAt();
        order.paidAt = s.paidAt();
        order.shipBy = s.shipBy();
        order.shippedAt = s.shippedAt();
        order.carrier = s.carrier();
        order.trackingNo = s.trackingNo();
        order.lastTrace = s.lastTrace();
        order.lastTraceAt = s.lastTraceAt();
        order.closedAt = s.closedAt();
        order.finishedAt = s.finishedAt();
        order.delayReported = s.delayReported();
        return order;
    }

    public Snapshot snapshot() {
        return new Snapshot(shopId, orderId, buyerId, platform, status, amount, currency, address, createdAt, paidAt,
                shipBy, shippedAt, carrier, trackingNo, lastTrace, lastTraceAt, closedAt, finishedAt, delayReported);
    }

    /** The order's state as plain data: what is stored and what the API shows. */
    public record Snapshot(String shopId, String orderId, String buyerId, String platform, OrderStatus status,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency, String address, Instant createdAt, Instant paidAt,
                           Instant shipBy, Instant shippedAt, String carrier, String trackingNo, String lastTrace,
                           Instant lastTraceAt, Instant closedAt, Instant finishedAt,
                           ShipmentDelayed.Reason delayReported) {
    }
}
