package dev.kefu.order.order;

import dev.kefu.events.inbound.MarketplaceLogisticsTrace;
import dev.kefu.events.inbound.MarketplaceOrderClosed;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.inbound.MarketplaceOrderShipped;
import dev.kefu.events.order.OrderItem;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.order.ShipmentDelayed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

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
        order.apply(trace(MarketplaceLogisticsTrace.Action.GOT, T0.plus(Duration.ofHours(21))));

        assertThat(Order.restore(order.snapshot()).snapshot()).isEqualTo(order.snapshot());
    }

    @Test
    void anOrderKeepsItsItemsAndItsTotalAtCreation() {
        OrderItem tea = new OrderItem("SKU-TEA-250", "明前龙井 250g", 2, new BigDecimal("89.50"));
        Order order = Order.firstSeen(created);
        order.apply(withItems(List.of(tea)));

        assertThat(order.items()).containsExactly(tea);
        assertThat(order.snapshot().items()).containsExactly(tea);
        assertThat(order.amountAtCreation()).isEqualByComparingTo("199.00");
    }

    @Test
    void anOrderKeepsAtMostAHundredItems() {
        List<OrderItem> many = IntStream.range(0, Order.MAX_ITEMS + 5)
                .mapToObj(i -> new OrderItem("SKU-" + i, "item " + i, 1, BigDecimal.ONE)).toList();
        Order order = Order.firstSeen(created);
        order.apply(withItems(many));

        assertThat(order.items()).hasSize(Order.MAX_ITEMS).first().extracting(OrderItem::sku).isEqualTo("SKU-0");
    }

    @Test
    void theTraceKeepsEveryScanNewestFirstWithItsLocation() {
        Order order = paidAndShipped();
        Instant got = T0.plus(Duration.ofHours(21));
        order.apply(new MarketplaceLogisticsTrace("shop-demo", "taobao", "TB1", "buyer-1", "ZTO", "ZT77",
                MarketplaceLogisticsTrace.Action.GOT, "已揽收", "杭州转运中心", got));
        order.apply(new MarketplaceLogisticsTrace("shop-demo", "taobao", "TB1", "buyer-1", null, "ZT77",
                MarketplaceLogisticsTrace.Action.DEPARTURE, "已发出", "杭州", got.plusSeconds(3600)));

        assertThat(order.trace()).containsExactly(
                new Order.Scan(MarketplaceLogisticsTrace.Action.DEPARTURE, "已发出", "杭州", null, "ZT77", got.plusSeconds(3600)),
                new Order.Scan(MarketplaceLogisticsTrace.Action.GOT, "已揽收", "杭州转运中心", "ZTO", "ZT77", got));
        assertThat(order.lastTrace()).isEqualTo("DEPARTURE");
        assertThat(order.carrier()).isEqualTo("ZTO");
    }

    @Test
    void aLateOlderScanTakesItsPlaceInTheTraceButChangesNothingNewer() {
        Order order = paidAndShipped();
        Instant arrival = T0.plus(Duration.ofHours(30));
        order.apply(trace(MarketplaceLogisticsTrace.Action.ARRIVAL, arrival));
        order.apply(trace(MarketplaceLogisticsTrace.Action.SENT_SCAN, arrival.plusSeconds(7200)));

        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.DEPARTURE, arrival.minusSeconds(3600)))).isEmpty();

        assertThat(order.trace()).extracting(Order.Scan::action).containsExactly(MarketplaceLogisticsTrace.Action.SENT_SCAN,
                MarketplaceLogisticsTrace.Action.ARRIVAL, MarketplaceLogisticsTrace.Action.DEPARTURE);
        assertThat(order.lastTrace()).isEqualTo("SENT_SCAN");
        assertThat(order.lastTraceAt()).isEqualTo(arrival.plusSeconds(7200));
        assertThat(order.nextDelayCheck(STALL)).contains(arrival.plusSeconds(7200).plus(STALL));
    }

    @Test
    void aLateOlderScanNeverMovesTheStatusBack() {
        Order order = paidAndShipped();
        Instant signed = T0.plus(Duration.ofHours(50));
        order.apply(trace(MarketplaceLogisticsTrace.Action.SIGNED, signed));

        order.apply(trace(MarketplaceLogisticsTrace.Action.DEPARTURE, signed.minusSeconds(36000)));
        order.apply(trace(MarketplaceLogisticsTrace.Action.SENT_SCAN, signed.minusSeconds(3600)));

        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.lastTrace()).isEqualTo("SIGNED");
        assertThat(order.nextDelayCheck(STALL)).isEmpty();
        assertThat(order.trace()).hasSize(3).first().extracting(Order.Scan::action)
                .isEqualTo(MarketplaceLogisticsTrace.Action.SIGNED);
    }

    @Test
    void aLateOlderSigningStillDeliversTheOrderButAScanBeforePaymentDoesNotUnpayIt() {
        Order order = paidAndShipped();
        Instant departed = T0.plus(Duration.ofHours(40));
        order.apply(trace(MarketplaceLogisticsTrace.Action.DEPARTURE, departed));

        order.apply(trace(MarketplaceLogisticsTrace.Action.SIGNED, departed.minusSeconds(60)));

        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.lastTrace()).isEqualTo("DEPARTURE");
    }

    @Test
    void aLateOlderScanNeverClearsAReportedDelay() {
        Order order = paidAndShipped();
        Instant failed = T0.plus(Duration.ofHours(40));
        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.FAILED, failed))).hasSize(1);

        order.apply(trace(MarketplaceLogisticsTrace.Action.SENT_SCAN, failed.minusSeconds(3600)));

        assertThat(order.delayReported()).contains(ShipmentDelayed.Reason.CARRIER_FAILED);
        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.FAILED, failed.plusSeconds(600)))).isEmpty();
    }

    @Test
    void aLateOlderFailureIsHistoryNotNews() {
        Order order = paidAndShipped();
        Instant moving = T0.plus(Duration.ofHours(40));
        order.apply(trace(MarketplaceLogisticsTrace.Action.SENT_SCAN, moving));

        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.FAILED, moving.minusSeconds(600)))).isEmpty();
        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.LOST, moving.minusSeconds(300)))).isEmpty();
        assertThat(order.delayReported()).isEmpty();
        assertThat(order.trace()).hasSize(3);
    }

    @Test
    void theSameScanDeliveredTwiceIsOneEntryAndOneApology() {
        Order order = paidAndShipped();
        Instant failedAt = T0.plus(Duration.ofHours(40));
        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.FAILED, failedAt))).hasSize(1);
        order.apply(trace(MarketplaceLogisticsTrace.Action.SENT_SCAN, failedAt.plusSeconds(600)));

        // the marketplace resends the failure under a new event id, after the parcel moved on
        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.FAILED, failedAt))).isEmpty();
        assertThat(order.apply(trace(MarketplaceLogisticsTrace.Action.SENT_SCAN, failedAt.plusSeconds(600)))).isEmpty();

        assertThat(order.trace()).hasSize(2);
        assertThat(order.delayReported()).isEmpty();
    }

    @Test
    void theTraceKeepsTheLatestHundredScans() {
        Order order = paidAndShipped();
        Instant start = T0.plus(Duration.ofHours(21));
        for (int i = 0; i < Order.MAX_TRACE + 10; i++) {
            order.apply(trace(MarketplaceLogisticsTrace.Action.ARRIVAL, start.plusSeconds(60L * i)));
        }
        order.apply(trace(MarketplaceLogisticsTrace.Action.GOT, start.minusSeconds(60))); // older than all kept

        assertThat(order.trace()).hasSize(Order.MAX_TRACE);
        assertThat(order.trace().get(0).occurredAt()).isEqualTo(start.plusSeconds(60L * (Order.MAX_TRACE + 9)));
        assertThat(order.trace().get(Order.MAX_TRACE - 1).occurredAt()).isEqualTo(start.plusSeconds(600));
    }

    @Test
    void aScanOlderThanTheShippingDoesNotMakeTheStallCheckEarlier() {
        Order order = paidAndShipped();
        order.apply(trace(MarketplaceLogisticsTrace.Action.GOT, shipped.shippedAt().minusSeconds(3600)));

        assertThat(order.nextDelayCheck(STALL)).contains(shipped.shippedAt().plus(STALL));
        assertThat(order.checkDelays(shipped.shippedAt().plus(STALL).minusSeconds(1), STALL)).isEmpty();
    }

    private MarketplaceOrderCreated withItems(List<OrderItem> items) {
        return new MarketplaceOrderCreated("shop-demo", "taobao", "TB1", "buyer-1", created.totalAmount(), "CNY",
                created.createdAt(), created.shipBy(), items);
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
