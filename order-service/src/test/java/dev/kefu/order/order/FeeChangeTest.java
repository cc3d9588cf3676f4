package dev.kefu.order.order;

import dev.kefu.events.inbound.MarketplaceOrderClosed;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.order.OrderFeeChangeRequested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** 改价 on the order: only unpaid and open, within policy, pending until the marketplace confirms it. */
class FeeChangeTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:10:00Z");
    private static final FeeChangePolicy POLICY = new FeeChangePolicy(new BigDecimal("20"), new BigDecimal("100"), 30);

    private final MarketplaceOrderCreated created = new MarketplaceOrderCreated("shop-demo", "taobao", "TB1", "buyer-1",
            new BigDecimal("199.00"), "CNY", T0, T0.plus(Duration.ofHours(48)), List.of());

    @Test
    void anAcceptedChangeIsPublishedAndWaitsOnTheOrder() {
        Order order = created();

        assertThat(order.requestFeeChange(request("fc-1", "189.00", "0.00", false), POLICY)).containsExactly(
                new OrderFeeChangeRequested("shop-demo", "taobao", "TB1", "buyer-1", "fc-1", new BigDecimal("199.00"),
                        new BigDecimal("189.00"), new BigDecimal("0.00"), "CNY", "包邮：买家拍了两件", "agent-8", null,
                        T0.plusSeconds(60)));
        assertThat(order.feeChanges()).singleElement().satisfies(change -> {
            assertThat(change.status()).isEqualTo(FeeChange.Status.REQUESTED);
            assertThat(change.previousTotal()).isEqualByComparingTo("199.00");
            assertThat(change.idempotencyKey()).isEqualTo("key-fc-1");
        });
        assertThat(order.amount()).as("unchanged until the marketplace confirms").isEqualByComparingTo("199.00");
        assertThat(Order.restore(order.snapshot()).snapshot()).isEqualTo(order.snapshot());
    }

    @Test
    void aSupervisorsChangeBeyondAnAgentsLimitRecordsTheApproval() {
        Order order = created();

        OrderFeeChangeRequested requested = (OrderFeeChangeRequested) order.requestFeeChange(
                new FeeChange.Request("fc-1", null, new BigDecimal("150.00"), null, "老客户", "lead-1", true,
                        T0.plusSeconds(60)), POLICY).get(0);

        assertThat(requested.approvedBy()).isEqualTo("lead-1");
        assertThat(order.feeChanges().get(0).approvedBy()).isEqualTo("lead-1");
    }

    @Test
    void aRefusedChangeLeavesTheOrderAsItWas() {
        Order order = created();

        assertThatThrownBy(() -> order.requestFeeChange(request("fc-1", "170.00", null, false), POLICY))
                .isInstanceOfSatisfying(FeeChangeRefused.class, refused -> assertThat(refused.refusals())
                        .extracting(FeeChangePolicy.Refusal::rule).containsExactly("agent-max-discount"));
        assertThat(order.feeChanges()).isEmpty();
    }

    @Test
    void aPaidOrderCannotChangeItsPrice() {
        Order order = created();
        order.apply(paid("199.00"));

        assertThatThrownBy(() -> order.requestFeeChange(request("fc-1", "189.00", null, false), POLICY))
                .isInstanceOfSatisfying(OrderRuleViolation.class, e -> {
                    assertThat(e.status()).isEqualTo(OrderStatus.PAID);
                    assertThat(e.getMessage()).contains("is PAID");
                });
    }

    @Test
    void aClosedOrderCannotChangeItsPrice() {
        Order order = created();
        order.apply(new MarketplaceOrderClosed("shop-demo", "taobao", "TB1", "buyer-1", "买家取消", T0.plusSeconds(30)));

        assertThatThrownBy(() -> order.requestFeeChange(request("fc-1", "189.00", null, false), POLICY))
                .isInstanceOfSatisfying(OrderRuleViolation.class, e -> assertThat(e.status()).isEqualTo(OrderStatus.CLOSED));
    }

    @Test
    void anOrderWithoutAKnownTotalCannotChangeIt() {
        MarketplaceOrderClosed nothingYet = new MarketplaceOrderClosed("shop-demo", "taobao", "TB1", "buyer-1", null,
                T0);
        Order order = Order.firstSeen(nothingYet); // seen, not yet created

        assertThatThrownBy(() -> order.requestFeeChange(request("fc-1", "189.00", null, false), POLICY))
                .isInstanceOf(OrderRuleViolation.class).hasMessageContaining("no known total");
    }

    @Test
    void theMarketplacesConfirmationUpdatesTheTotalAndConfirmsTheChange() {
        Order order = created();
        order.requestFeeChange(request("fc-1", "189.00", "0.00", false), POLICY);

        order.apply(feeModified("189.00", "0.00"));

        assertThat(order.amount()).isEqualByComparingTo("189.00");
        assertThat(order.shippingFee()).isEqualByComparingTo("0.00");
        assertThat(order.amountAtCreation()).isEqualByComparingTo("199.00");
        assertThat(order.feeChanges()).singleElement().satisfies(change -> {
            assertThat(change.status()).isEqualTo(FeeChange.Status.CONFIRMED);
            assertThat(change.settledAt()).isEqualTo(T0.plusSeconds(120));
        });
    }

    @Test
    void aFeeChangeMadeOnTheMarketplaceItselfStillUpdatesTheTotal() {
        Order order = created();
        order.requestFeeChange(request("fc-1", "189.00", null, false), POLICY);

        order.apply(feeModified("195.00", null));

        assertThat(order.amount()).isEqualByComparingTo("195.00");
        assertThat(order.feeChanges().get(0).status()).as("still waiting for its own confirmation")
                .isEqualTo(FeeChange.Status.REQUESTED);
    }

    @Test
    void aNewChangeSupersedesOneStillWaiting() {
        Order order = created();
        order.requestFeeChange(request("fc-1", "189.00", null, false), POLICY);
        order.requestFeeChange(request("fc-2", "185.00", null, false), POLICY);

        assertThat(order.feeChanges()).extracting(FeeChange::requestId, FeeChange::status).containsExactly(
                tuple("fc-2", FeeChange.Status.REQUESTED),
                tuple("fc-1", FeeChange.Status.SUPERSEDED));
        order.apply(feeModified("185.00", null));
        assertThat(order.feeChanges().get(0).status()).isEqualTo(FeeChange.Status.CONFIRMED);
    }

    @Test
    void payingSettlesAWaitingChange() {
        Order paidAtNewTotal = created();
        paidAtNewTotal.requestFeeChange(request("fc-1", "189.00", null, false), POLICY);
        paidAtNewTotal.apply(paid("189.00"));
        Order paidAtOldTotal = created();
        paidAtOldTotal.requestFeeChange(request("fc-1", "189.00", null, false), POLICY);
        paidAtOldTotal.apply(paid("199.00"));

        assertThat(paidAtNewTotal.feeChanges().get(0).status()).isEqualTo(FeeChange.Status.CONFIRMED);
        assertThat(paidAtOldTotal.feeChanges().get(0).status()).isEqualTo(FeeChange.Status.LAPSED);
    }

    @Test
    void closingLapsesAWaitingChange() {
        Order order = created();
        order.requestFeeChange(request("fc-1", "189.00", null, false), POLICY);
        order.apply(new MarketplaceOrderClosed("shop-demo", "taobao", "TB1", "buyer-1", "超时未付款", T0.plusSeconds(600)));

        assertThat(order.feeChanges().get(0).status()).isEqualTo(FeeChange.Status.LAPSED);
    }

    @Test
    void aRetryUnderTheSameKeyIsRecognisedAndADifferentRequestIsNot() {
        Order order = created();
        order.requestFeeChange(request("fc-1", "189.00", "0.00", false), POLICY);

        FeeChange first = order.feeChangeFor("key-fc-1").orElseThrow();
        assertThat(first.answers(request("fc-9", "189.0", "0", false))).isTrue();
        assertThat(first.answers(request("fc-9", "188.00", "0.00", false))).isFalse();
        assertThat(first.answers(request("fc-9", "189.00", null, false))).isFalse();
        assertThat(order.feeChangeFor("another")).isEmpty();
        assertThat(order.feeChangeFor(null)).isEmpty();
    }

    @Test
    void theOrderRemembersItsLatestTwentyChanges() {
        Order order = created();
        for (int i = 0; i < Order.MAX_FEE_CHANGES + 3; i++) {
            order.requestFeeChange(request("fc-" + i, i % 2 == 0 ? "189.00" : "190.00", null, false), POLICY);
        }

        assertThat(order.feeChanges()).hasSize(Order.MAX_FEE_CHANGES);
        assertThat(order.feeChanges().get(0).requestId()).isEqualTo("fc-" + (Order.MAX_FEE_CHANGES + 2));
        assertThat(order.feeChanges()).filteredOn(FeeChange::pending).hasSize(1);
    }

    private Order created() {
        Order order = Order.firstSeen(created);
        order.apply(created);
        return order;
    }

    private static FeeChange.Request request(String id, String newTotal, String shippingFee, boolean supervisor) {
        return new FeeChange.Request(id, "key-" + id, new BigDecimal(newTotal),
                shippingFee == null ? null : new BigDecimal(shippingFee), "包邮：买家拍了两件", "agent-8", supervisor,
                T0.plusSeconds(60));
    }

    private static MarketplaceOrderPaid paid(String amount) {
        return new MarketplaceOrderPaid("shop-demo", "taobao", "TB1", "buyer-1", new BigDecimal(amount), "CNY",
                T0.plusSeconds(300));
    }

    private static MarketplaceOrderFeeModified feeModified(String total, String shippingFee) {
        return new MarketplaceOrderFeeModified("shop-demo", "taobao", "TB1", "buyer-1", new BigDecimal(total),
                shippingFee == null ? null : new BigDecimal(shippingFee), T0.plusSeconds(120));
    }
}
