package dev.kefu.order.order;

import dev.kefu.events.KefuEvent;
import dev.kefu.events.inbound.MarketplaceOrderClosed;
import dev.kefu.events.inbound.MarketplaceOrderCreated;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.inbound.MarketplaceOrderPaid;
import dev.kefu.events.order.OrderItem;
import dev.kefu.events.order.PaymentReminderDue;
import dev.kefu.platform.shop.DailyHours;
import dev.kefu.platform.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 催付: one reminder per unpaid order, {@code payment-reminder-after} its creation, never in the shop's quiet hours.
 * The clock is moved by hand the way the due item would come due: at the time {@code nextPaymentReminder} names.
 */
class PaymentReminderTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DailyHours QUIET = DailyHours.parse("22:00-08:00");
    private static final Duration AFTER = Duration.ofMinutes(30);
    private static final PaymentReminderPolicy POLICY =
            new PaymentReminderPolicy(AFTER, at -> QUIET.nextClosing(at, SHANGHAI));
    /** 10:00 in Shanghai: far from quiet hours. */
    private static final Instant MORNING = Instant.parse("2026-11-23T02:00:00Z");
    private static final OrderItem TEA = new OrderItem("SKU-TEA-250", "明前龙井 250g", 2, new BigDecimal("89.50"));

    private final MutableClock clock = new MutableClock(MORNING);

    @Test
    void anUnpaidOrderIsRemindedOnceWithItsItemsAndTotalWhenItsTimeComes() {
        Order order = created(MORNING);
        assertThat(order.nextPaymentReminder(clock.instant(), POLICY)).contains(MORNING.plus(AFTER));

        clock.advance(AFTER.minusSeconds(1));
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).as("a second early").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).containsExactly(new PaymentReminderDue(
                "shop-demo", "taobao", "TB1", "buyer-1", List.of(TEA), new BigDecimal("199.00"), "CNY", MORNING,
                MORNING.plus(AFTER)));
        assertThat(order.paymentReminderSentAt()).isEqualTo(clock.instant());
        assertThat(order.nextPaymentReminder(clock.instant(), POLICY)).isEmpty();
    }

    @Test
    void anOrderIsNeverRemindedTwiceNotEvenAfterStorage() {
        Order order = created(MORNING);
        clock.advance(AFTER);
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).hasSize(1);

        Order stored = Order.restore(order.snapshot());
        clock.advance(Duration.ofHours(1));
        assertThat(stored.remindOfPayment(clock.instant(), POLICY)).isEmpty();
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).isEmpty();
    }

    @Test
    void anOrderPaidMeanwhileIsNotReminded() {
        Order order = created(MORNING);
        clock.advance(Duration.ofMinutes(10));
        order.apply(paid(clock.instant()));

        clock.advance(AFTER);
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).isEmpty();
        assertThat(order.nextPaymentReminder(clock.instant(), POLICY)).isEmpty();
    }

    @Test
    void anOrderClosedMeanwhileIsNotReminded() {
        Order order = created(MORNING);
        clock.advance(Duration.ofMinutes(10));
        order.apply(new MarketplaceOrderClosed("shop-demo", "taobao", "TB1", "buyer-1", "买家取消", clock.instant()));

        clock.advance(AFTER);
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).isEmpty();
        assertThat(order.owesPaymentReminder()).isFalse();
    }

    @Test
    void aPaymentThatArrivesBeforeTheOrderMeansNoReminderIsOwed() {
        Order order = Order.firstSeen(paid(MORNING.plusSeconds(60)));
        order.apply(paid(MORNING.plusSeconds(60)));
        order.apply(creation(MORNING));

        assertThat(order.owesPaymentReminder()).isFalse();
        clock.advance(AFTER);
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).isEmpty();
    }

    @Test
    void anOrderNotYetCreatedOwesNoReminder() {
        Order order = Order.firstSeen(creation(MORNING));

        assertThat(order.owesPaymentReminder()).isFalse();
        assertThat(order.nextPaymentReminder(clock.instant(), POLICY)).isEmpty();
    }

    @Test
    void aReminderDueInQuietHoursWaitsUntilTheyEnd() {
        Instant evening = Instant.parse("2026-11-23T13:50:00Z"); // 21:50 in Shanghai: due 22:20, quiet
        Instant quietEnds = Instant.parse("2026-11-24T00:00:00Z"); // 08:00 in Shanghai
        clock.advance(Duration.between(MORNING, evening));
        Order order = created(evening);
        assertThat(order.nextPaymentReminder(clock.instant(), POLICY)).contains(quietEnds);

        clock.advance(AFTER); // 22:20: due by the clock, but quiet
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).isEmpty();
        assertThat(order.nextPaymentReminder(clock.instant(), POLICY)).contains(quietEnds);

        clock.advance(Duration.between(clock.instant(), quietEnds).minusSeconds(1));
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).as("07:59:59").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).singleElement()
                .isInstanceOfSatisfying(PaymentReminderDue.class, due -> assertThat(due.dueAt()).isEqualTo(quietEnds));
    }

    @Test
    void aReminderLookedAtLateInTheNextQuietHoursWaitsForTheirEndToo() {
        Order order = created(MORNING);
        // the service was down from the due time until 23:00 in Shanghai
        clock.advance(Duration.between(MORNING, Instant.parse("2026-11-23T15:00:00Z")));

        assertThat(order.remindOfPayment(clock.instant(), POLICY)).isEmpty();
        assertThat(order.nextPaymentReminder(clock.instant(), POLICY)).contains(Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void aReminderOverdueOutsideQuietHoursGoesAtOnce() {
        Order order = created(MORNING);
        clock.advance(Duration.ofHours(3)); // 13:00 in Shanghai, the item came due late

        assertThat(order.nextPaymentReminder(clock.instant(), POLICY)).contains(clock.instant());
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).singleElement()
                .isInstanceOfSatisfying(PaymentReminderDue.class,
                        due -> assertThat(due.dueAt()).isEqualTo(MORNING.plus(AFTER)));
    }

    @Test
    void theReminderCarriesTheCurrentTotalAfterAFeeChange() {
        Order order = created(MORNING);
        order.apply(new MarketplaceOrderFeeModified("shop-demo", "taobao", "TB1", "buyer-1", new BigDecimal("189.00"),
                new BigDecimal("0.00"), MORNING.plusSeconds(120)));

        clock.advance(AFTER);
        assertThat(order.remindOfPayment(clock.instant(), POLICY)).singleElement()
                .extracting(e -> ((PaymentReminderDue) e).totalAmount()).isEqualTo(new BigDecimal("189.00"));
    }

    @Test
    void eachShopsDelayApplies() {
        PaymentReminderPolicy quick = new PaymentReminderPolicy(Duration.ofMinutes(5), at -> at);
        Order order = created(MORNING);

        assertThat(order.nextPaymentReminder(clock.instant(), quick)).contains(MORNING.plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(5));
        List<KefuEvent> reminded = order.remindOfPayment(clock.instant(), quick);
        assertThat(reminded).hasSize(1);
    }

    private static Order created(Instant at) {
        MarketplaceOrderCreated created = creation(at);
        Order order = Order.firstSeen(created);
        order.apply(created);
        return order;
    }

    private static MarketplaceOrderCreated creation(Instant at) {
        return new MarketplaceOrderCreated("shop-demo", "taobao", "TB1", "buyer-1", new BigDecimal("199.00"), "CNY",
                at, at.plus(Duration.ofHours(48)), List.of(TEA));
    }

    private static MarketplaceOrderPaid paid(Instant at) {
        return new MarketplaceOrderPaid("shop-demo", "taobao", "TB1", "buyer-1", new BigDecimal("199.00"), "CNY", at);
    }
}
