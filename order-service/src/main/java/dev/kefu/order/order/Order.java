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
import dev.kefu.events.order.OrderFeeChangeRequested;
import dev.kefu.events.order.OrderItem;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.order.PaymentReminderDue;
import dev.kefu.events.order.ShipmentDelayed;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One marketplace order as the shop's customer service sees it. Applying marketplace input moves it through its
 * {@link OrderStatus}es and yields the domain events to publish; nothing here knows about Kafka or MongoDB.
 * Marketplaces may deliver {@code order.paid} before {@code order.created}, and carrier scans in any order, so each
 * step fills in what it knows and nothing older overwrites something newer.
 */
public final class Order {

    /** The logistics trace keeps the latest scans; the oldest go first (a parcel rarely has more than 30). */
    static final int MAX_TRACE = 100;
    /** Order lines kept (a marketplace order rarely has more than a few); the API and the 催付 reminder show them. */
    static final int MAX_ITEMS = 100;
    /** Fee changes kept, newest first: the pending one and enough history to recognise retried requests. */
    static final int MAX_FEE_CHANGES = 20;

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
    private List<OrderItem> items = List.of();
    private BigDecimal amountAtCreation;
    private BigDecimal shippingFee;
    private List<Scan> trace = List.of();
    private Instant paymentReminderSentAt;
    private List<FeeChange> feeChanges = List.of();

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
        Instant lastMovement = lastMovement();
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
        Instant lastMovement = lastMovement();
        if (status == OrderStatus.SHIPPED && lastMovement != null) {
            return Optional.of(lastMovement.plus(stallAfter));
        }
        return Optional.empty();
    }

    /** The parcel's latest sign of life: its newest carrier scan, or its shipping if that is later. */
    private Instant lastMovement() {
        if (lastTraceAt == null || shippedAt == null) {
            return lastTraceAt != null ? lastTraceAt : shippedAt;
        }
        return lastTraceAt.isAfter(shippedAt) ? lastTraceAt : shippedAt;
    }

    /**
     * Whether the order still owes its buyer the one 催付 reminder: created, neither paid nor closed (nor anything
     * later), and not reminded yet.
     */
    public boolean owesPaymentReminder() {
        return createdAt != null && paidAt == null && status == OrderStatus.CREATED && paymentReminderSentAt == null;
    }

    /**
     * When the 催付 reminder is due, looked at {@code now}: {@code policy.after()} the order's creation (or now, if
     * that has passed), moved to the end of the shop's quiet hours when it falls in them; none once the order is paid,
     * closed or reminded.
     */
    public Optional<Instant> nextPaymentReminder(Instant now, PaymentReminderPolicy policy) {
        if (!owesPaymentReminder()) {
            return Optional.empty();
        }
        Instant due = createdAt.plus(policy.after());
        return Optional.of(policy.notQuiet(due.isAfter(now) ? due : now));
    }

    /**
     * Reminds the buyer to pay if that is due {@code now} (see {@link #nextPaymentReminder}): once per order, with
     * its items and total; nothing if it is not due yet, falls in quiet hours, or the order needs no reminder.
     */
    public List<KefuEvent> remindOfPayment(Instant now, PaymentReminderPolicy policy) {
        Optional<Instant> due = nextPaymentReminder(now, policy);
        if (due.isEmpty() || due.get().isAfter(now)) {
            return List.of();
        }
        paymentReminderSentAt = now;
        return List.of(new PaymentReminderDue(shopId, platform, orderId, buyerId, items, amount, currency, createdAt,
                policy.notQuiet(createdAt.plus(policy.after()))));
    }

    /**
     * A rebuild from Kafka puts back what a timer once did: the 催付 reminder went out at {@code sentAt} (so it is not
     * owed again).
     */
    public void recallPaymentReminder(Instant sentAt) {
        paymentReminderSentAt = sentAt;
    }

    /** A rebuild from Kafka puts back a delay a timer once reported (so it is not reported again). */
    public void recallDelay(ShipmentDelayed.Reason reason) {
        delayReported = reason;
    }

    /**
     * Records a fee change (改价) the desk asks for and yields the {@code order-fee-change-requested} the integration
     * applies on the marketplace. Only an unpaid, open order with a known total can change, within {@code policy}
     * ({@link FeeChangeRefused} names every rule that refuses it; {@link OrderRuleViolation} says why the order's
     * state does not allow it). A change still waiting for the marketplace is superseded by the new one.
     */
    public List<KefuEvent> requestFeeChange(FeeChange.Request request, FeeChangePolicy policy) {
        if (paidAt != null || status != OrderStatus.CREATED) {
            throw new OrderRuleViolation("order " + orderId + " is " + status
                    + ": only an unpaid, open order's price can change", status);
        }
        if (amount == null) {
            throw new OrderRuleViolation("order " + orderId + " has no known total yet (order.created has not arrived)",
                    status);
        }
        FeeChangePolicy.Verdict verdict = policy.judge(amount, amountAtCreation, request.newTotal(),
                request.shippingFee(), request.supervisor());
        if (!verdict.allowed()) {
            throw new FeeChangeRefused(verdict.detail(), verdict.refusals());
        }
        String approvedBy = verdict.needsSupervisor() ? request.agentId() : null;
        FeeChange change = new FeeChange(request.requestId(), request.idempotencyKey(), amount, request.newTotal(),
                request.shippingFee(), request.reason(), request.agentId(), approvedBy, request.at(),
                FeeChange.Status.REQUESTED, null);
        List<FeeChange> next = new ArrayList<>(MAX_FEE_CHANGES + 1);
        next.add(change);
        for (FeeChange earlier : feeChanges) {
            next.add(earlier.pending() ? earlier.settled(FeeChange.Status.SUPERSEDED, request.at()) : earlier);
        }
        feeChanges = List.copyOf(next.subList(0, Math.min(next.size(), MAX_FEE_CHANGES)));
        return List.of(new OrderFeeChangeRequested(shopId, platform, orderId, buyerId, change.requestId(), amount,
                change.newTotal(), change.shippingFee(), currency, change.reason(), change.agentId(), approvedBy,
                change.requestedAt()));
    }

    /** The change asked for under {@code idempotencyKey}, if the order still remembers it. */
    public Optional<FeeChange> feeChangeFor(String idempotencyKey) {
        return idempotencyKey == null ? Optional.empty()
                : feeChanges.stream().filter(c -> idempotencyKey.equals(c.idempotencyKey())).findFirst();
    }

    private List<KefuEvent> created(MarketplaceOrderCreated created) {
        createdAt = created.createdAt();
        shipBy = created.shipBy();
        items = List.copyOf(created.items().subList(0, Math.min(created.items().size(), MAX_ITEMS)));
        amountAtCreation = created.totalAmount();
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
        // the buyer paid: a change still waiting either took effect (they paid its total) or never will
        settlePendingFeeChanges(change -> change.newTotal().compareTo(paid.amount()) == 0
                ? FeeChange.Status.CONFIRMED : FeeChange.Status.LAPSED, paid.paidAt());
        return List.of(new OrderPaid(shopId, orderId, buyerId, platform, amount, currency, paidAt));
    }

    private List<KefuEvent> feeModified(MarketplaceOrderFeeModified modified) {
        if (paidAt != null) {
            throw new OrderRuleViolation("order " + orderId + " was already paid; its price can no longer change");
        }
        amount = modified.totalAmount();
        if (modified.shippingFee() != null) {
            shippingFee = modified.shippingFee();
        }
        // the marketplace confirms the newest waiting change that asked for this total (none: a change made there)
        for (int i = 0; i < feeChanges.size(); i++) {
            FeeChange change = feeChanges.get(i);
            if (change.pending() && change.newTotal().compareTo(modified.totalAmount()) == 0) {
                List<FeeChange> next = new ArrayList<>(feeChanges);
                next.set(i, change.settled(FeeChange.Status.CONFIRMED, modified.modifiedAt()));
                feeChanges = List.copyOf(next);
                break;
            }
        }
        return List.of();
    }

    private void settlePendingFeeChanges(Function<FeeChange, FeeChange.Status> outcome, Instant at) {
        feeChanges = feeChanges.stream()
                .map(change -> change.pending() ? change.settled(outcome.apply(change), at) : change)
                .toList();
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

    /**
     * A carrier scan joins the trace in time order (newest first; the same scan twice is one entry). Only the newest
     * scan moves the parcel's latest state, clears a reported delay or reports a new one; a late-arriving older scan
     * is history, and it can only move the status forward (an older SIGNED still means it was delivered).
     */
    private List<KefuEvent> traced(MarketplaceLogisticsTrace trace) {
        Scan scan = new Scan(trace.action(), trace.description(), trace.location(), trace.carrier(), trace.trackingNo(),
                trace.occurredAt());
        int at = 0;
        while (at < this.trace.size() && this.trace.get(at).occurredAt().isAfter(scan.occurredAt())) {
            at++;
        }
        for (int i = at; i < this.trace.size() && this.trace.get(i).occurredAt().equals(scan.occurredAt()); i++) {
            if (this.trace.get(i).sameAs(scan)) {
                return List.of(); // the carrier (or the marketplace) repeated itself
            }
        }
        List<Scan> next = new ArrayList<>(this.trace.size() + 1);
        next.addAll(this.trace);
        next.add(at, scan);
        this.trace = List.copyOf(next.subList(0, Math.min(next.size(), MAX_TRACE)));

        boolean newest = lastTraceAt == null || !trace.occurredAt().isBefore(lastTraceAt);
        if (!newest) {
            if (trace.action() == MarketplaceLogisticsTrace.Action.SIGNED && status.isOpen()) {
                status = OrderStatus.DELIVERED;
            } else if (movesParcel(trace.action()) && (status == OrderStatus.PAID || status == OrderStatus.CREATED)) {
                status = OrderStatus.SHIPPED;
            }
            return List.of();
        }
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

    private static boolean movesParcel(MarketplaceLogisticsTrace.Action action) {
        return action != MarketplaceLogisticsTrace.Action.FAILED && action != MarketplaceLogisticsTrace.Action.LOST;
    }

    /** The buyer hears of one problem once: repeated failure scans without movement in between are not news. */
    private List<KefuEvent> delayedOnce(ShipmentDelayed.Reason reason, MarketplaceLogisticsTrace trace) {
        return delayReported == reason ? List.of() : delayed(reason, trace.description(), trace.occurredAt());
    }

    private List<KefuEvent> closed(MarketplaceOrderClosed closed) {
        if (status != OrderStatus.FINISHED) {
            status = OrderStatus.CLOSED;
            closedAt = closed.closedAt();
            settlePendingFeeChanges(change -> FeeChange.Status.LAPSED, closed.closedAt());
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
    public List<OrderItem> items() { return items; }
    public BigDecimal amountAtCreation() { return amountAtCreation; }
    public BigDecimal shippingFee() { return shippingFee; }
    /** Carrier scans, newest first. */
    public List<Scan> trace() { return trace; }
    public Instant paymentReminderSentAt() { return paymentReminderSentAt; }
    /** Fee changes asked for from the desk, newest first. */
    public List<FeeChange> feeChanges() { return feeChanges; }

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
        order.items = s.items() == null ? List.of() : List.copyOf(s.items());
        order.amountAtCreation = s.amountAtCreation();
        order.shippingFee = s.shippingFee();
        order.trace = s.trace() == null ? List.of() : List.copyOf(s.trace());
        order.paymentReminderSentAt = s.paymentReminderSentAt();
        order.feeChanges = s.feeChanges() == null ? List.of() : List.copyOf(s.feeChanges());
        return order;
    }

    public Snapshot snapshot() {
        return new Snapshot(shopId, orderId, buyerId, platform, status, amount, currency, address, createdAt, paidAt,
                shipBy, shippedAt, carrier, trackingNo, lastTrace, lastTraceAt, closedAt, finishedAt, delayReported,
                items, amountAtCreation, shippingFee, trace, paymentReminderSentAt, feeChanges);
    }

    /**
     * One carrier scan of the order's parcel. Two scans are the same scan when parcel, action and time agree (the
     * description and location of a repeated delivery may be worded differently).
     */
    public record Scan(MarketplaceLogisticsTrace.Action action, String description, String location, String carrier,
                       String trackingNo, Instant occurredAt) {

        boolean sameAs(Scan other) {
            return action == other.action && occurredAt.equals(other.occurredAt)
                    && Objects.equals(trackingNo, other.trackingNo);
        }
    }

    /**
     * The order's state as plain data: what is stored and what the API shows. {@code amount} is the current total,
     * {@code amountAtCreation} the one the order was placed with; {@code trace} (newest first, at most
     * {@value #MAX_TRACE} scans), {@code items} (at most {@value #MAX_ITEMS}) and {@code feeChanges} (newest first,
     * at most {@value #MAX_FEE_CHANGES}) are bounded, so one order stays a small document.
     */
    public record Snapshot(String shopId, String orderId, String buyerId, String platform, OrderStatus status,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency,
                           String address, Instant createdAt, Instant paidAt, Instant shipBy, Instant shippedAt,
                           String carrier, String trackingNo, String lastTrace, Instant lastTraceAt, Instant closedAt,
                           Instant finishedAt, ShipmentDelayed.Reason delayReported, List<OrderItem> items,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amountAtCreation,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal shippingFee, List<Scan> trace,
                           Instant paymentReminderSentAt, List<FeeChange> feeChanges) {
    }
}
