package dev.kefu.order.order;

import dev.kefu.events.inbound.MarketplaceLogisticsTrace;
import dev.kefu.events.inbound.MarketplaceOrderClosed;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.inbound.MarketplaceOrderShipped;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.order.ShipmentDelayed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:10:00Z");
    private static final Duration STALL = Duration.ofHours(48);

    private final MarketplaceOrderCreated created = new MarketplaceOrderCreated("shop-demo", "taobao", "TB1", "buyer-1",
            new BigDecimal("199.00"), "CNY", T0, T0.plus(Duration.ofHours(48)), List.of());
    private final MarketplaceOrderPaid paid = new MarketplaceOrderPaid("shop-demo", "taobao", "TB1", "buyer-1",
            new BigDecimal("189.00"), "CNY", T0.plusSeconds(300));
    private final MarketplaceOrderShipped shipped = new MarketplaceOrderShipped("shop-demo", "taobao", "TB1", "buyer-1",
            "ZTO", "ZT77", T0.plus(Duration.ofHours(20)));

    @Test
    void payingAnOrderPublishesOrderPaidWithThePaidAmount() {
        Order order = Order.firstSeen(created);
        order.apply(created);

        assertThat(order.apply(paid)).containsExactly(new OrderPaid("shop-demo", "TB1", "buyer-1", "taobao",
                new BigDecimal("189.00"), "CNY", paid.paidAt()));
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void paymentBeforeCreationStillCountsAndCreationKeepsThePaidAmount() {
        Order order = Order.firstSeen(paid);

        assertThat(order.apply(paid)).hasSize(1);
        assertThat(order.apply(created)).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(order.amount()).isEqualByComparingTo("189.00");
        assertThat(order.shipBy()).isEqualTo(created.shipBy());
    }

    @Test
    void aRepeatedPaymentNoticePublishesNothingMore() {
        Order order = Order.firstSeen(paid);
        order.apply(paid);

        assertThat(order.apply(paid)).isEmpty();
    }

    @Test
    void thePriceCannotChangeAfterPayment() {
        Order order = Order.firstSeen(paid);
        order.apply(paid);

        assertThatThrownBy(() -> order.apply(new MarketplaceOrderFeeModified("shop-demo", "taobao", "TB1", "buyer-1",
                new BigDecimal("1.00"), null, T0.plusSeconds(600))))
                .isInstanceOf(OrderRuleViolation.class);
    }

    @Test
    void aClosedOrderCannotBePaid() {
        Order order = Order.firstSeen(created);
        order.apply(created);
        order.apply(new MarketplaceOrderClosed("shop-demo", "taobao", "TB1", "buyer-1", "超时未付款", T0.plusSeconds(3600)));

        assertThatThrownBy(() -> order.apply(paid)).isInstanceOf(OrderRuleViolation.class);
    }

    @Test
    void aCarrierFailureIsReportedOnceAsADelay() {
        Order order = paidAndShipped();
        MarketplaceLogisticsTrace failed = trace(MarketplaceLogisticsTrace.Action.FAILED, T0.plus(Duration.ofHours(40)));

        assertThat(order.apply(failed)).singleElement()
                .isInstanceOfSatisfying(ShipmentDelayed.class, d -> {
                    assertThat(d.reason()).isEqualTo(ShipmentDelayed.Reason.CARRIER_FAILED);
                    assertThat(d.trackingNo()).isEqualTo("ZT77");
                });
        assertThat(order.checkDelays(T0.plus(Duration.ofDays(10)), STALL)).isEmpty();
    }

    @Test
    void repeatedFailedDeliveriesAreOneDelayUntilTheParcelMovesAgain() {
        Order order = paidAndShipped();
        Instant first = T0.plus(Duration.ofHours(40));

        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.FAILED, first))).hasSize(1);
        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.FAILED, first.plusSeconds(3600)))).isEmpty();
        order.apply(trace(MarketplaceLogisticsTrace.Action.SENT_SCAN, first.plusSeconds(7200)));
        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.FAILED, first.plusSeconds(9000)))).hasSize(1);
        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.LOST, first.plusSeconds(99000)))).singleElement()
                .extracting(e -> ((ShipmentDelayed) e).reason()).isEqualTo(ShipmentDelayed.Reason.PARCEL_LOST);
    }

    @Test
    void anOrderNotShippedByItsDeadlineIsReportedOnce() {
        Order order = Order.firstSeen(created);
        order.apply(created);
        order.apply(paid);

        assertThat(order.checkDelays(created.shipBy().minusSeconds(1), STALL)).isEmpty();
        assertThat(order.checkDelays(created.shipBy().plusSeconds(1), STALL)).singleElement()
                .extracting(e -> ((ShipmentDelayed) e).reason()).isEqualTo(ShipmentDelayed.Reason.SHIP_BY_MISSED);
        assertThat(order.checkDelays(created.shipBy().plusSeconds(60), STALL)).isEmpty();
    }

    @Test
    void aParcelWithoutScansForTooLongIsReportedAsStalledUntilItMovesAgain() {
        Order order = paidAndShipped();
        Instant lastScan = T0.plus(Duration.ofHours(30));
        order.apply(trace(MarketplaceLogisticsTrace.Action.DEPARTURE, lastScan));

        assertThat(order.checkDelays(lastScan.plus(STALL).minusSeconds(1), STALL)).isEmpty();
        assertThat(order.checkDelays(lastScan.plus(STALL).plusSeconds(1), STALL)).singleElement()
                .extracting(e -> ((ShipmentDelayed) e).reason()).isEqualTo(ShipmentDelayed.Reason.TRACKING_STALLED);

        Instant moved = lastScan.plus(STALL).plusSeconds(100);
        order.apply(trace(MarketplaceLogisticsTrace.Action.ARRIVAL, moved));
        assertThat(order.checkDelays(moved.plus(STALL).plusSeconds(1), STALL)).hasSize(1);
    }

    @Test
    void signingForTheParcelDeliversTheOrder() {
        Order order = paidAndShipped();
        order.apply(trace(MarketplaceLogisticsTrace.Action.SIGNED, T0.plus(Duration.ofHours(50))));

        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.checkDelays(T0.plus(Duration.ofDays(30)), STALL)).isEmpty();
    }

    @Test
    void anOrderSurvivesStorageUnchanged() {
        Order order = paidAndShipped();

        assertThat(Order.restore(order.snapshot()).snapshot()).isEqualTo(order.snapshot());
    }

    private Order paidAndShipped() {
        Order order = Order.firstSeen(created);
        order.apply(created);
        order.apply(paid);
        order.apply(shipped);
        return order;
    }

    private static MarketplaceLogisticsTrace trace(MarketplaceLogisticsTrace.Action action, Instant at) {
        return new MarketplaceLogisticsTrace("shop-demo", "taobao", "TB1", "buyer-1", "ZTO", "ZT77", action, "扫描", null, at);
    }
}
