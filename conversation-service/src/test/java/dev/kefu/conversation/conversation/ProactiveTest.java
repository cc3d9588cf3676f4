package dev.kefu.conversation.conversation;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.aftersales.CaseResolved;
import dev.kefu.events.aftersales.ComplaintOpened;
import dev.kefu.events.inbound.MarketplaceOrderAddressChanged;
import dev.kefu.events.inbound.MarketplaceOrderFeeModified;
import dev.kefu.events.order.OrderItem;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.order.PaymentReminderDue;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.review.ReviewPosted;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProactiveTest {

    @Test
    void aPaidOrderIsThankedRightAway() {
        OrderPaid paid = Fixtures.record(EventTypes.ORDER_PAID);

        assertThat(Proactive.forEvent(paid)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("payment-received");
            assertThat(p.draft()).isFalse();
            assertThat(p.values()).containsEntry("orderId", paid.orderId()).containsEntry("amount", "199.00");
            assertThat(p.needsAttention()).isFalse();
        });
    }

    @Test
    void aLateParcelIsApologisedForAndAFailedOrLostOneExplainedAsADeliveryException() {
        ShipmentDelayed failed = Fixtures.record(EventTypes.SHIPMENT_DELAYED);
        ShipmentDelayed late = new ShipmentDelayed("shop-demo", "TB1", "b", "taobao",
                ShipmentDelayed.Reason.SHIP_BY_MISSED, null, null, "not shipped by ...", Instant.now());
        ShipmentDelayed lost = new ShipmentDelayed("shop-demo", "TB1", "b", "taobao", ShipmentDelayed.Reason.PARCEL_LOST,
                "ZTO", "ZT1", null, Instant.now());

        assertThat(Proactive.forEvent(failed)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("delivery-exception");
            assertThat(p.values()).containsEntry("carrier", "ZTO").containsEntry("trackingNo", "ZT7730012345");
            assertThat(p.needsAttention()).isFalse();
        });
        assertThat(Proactive.forEvent(late)).hasValueSatisfying(p -> assertThat(p.scriptKey()).isEqualTo("shipment-delayed"));
        assertThat(Proactive.forEvent(lost)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("delivery-exception");
            assertThat(p.needsAttention()).isTrue();
        });
    }

    @Test
    void anUnpaidOrderIsRemindedOnceNamingItsItems() {
        PaymentReminderDue due = Fixtures.record(EventTypes.PAYMENT_REMINDER_DUE);

        assertThat(Proactive.forEvent(due)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("payment-reminder");
            assertThat(p.draft()).isFalse();
            assertThat(p.items()).extracting(OrderItem::title).containsExactly("明前龙井 250g");
            assertThat(p.values()).containsEntry("orderId", "TB20261123001");
        });
    }

    @Test
    void aPriceChangeIsToldWithTheNewTotalAndAChangedAddressIsToBeChecked() {
        MarketplaceOrderFeeModified modified = Fixtures.record(EventTypes.MARKETPLACE_ORDER_FEE_MODIFIED);
        MarketplaceOrderAddressChanged moved = Fixtures.record(EventTypes.MARKETPLACE_ORDER_ADDRESS_CHANGED);

        assertThat(Proactive.forEvent(modified)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("price-modified");
            assertThat(p.values()).containsEntry("amount", modified.totalAmount().toPlainString());
        });
        assertThat(Proactive.forEvent(moved)).hasValueSatisfying(p -> assertThat(p.scriptKey()).isEqualTo("address-confirm"));
    }

    @Test
    void aRefundTheMarketplacePaidOutIsToldWithItsAmountAnAgentsResolutionIsNot() {
        CaseResolved paidOut = Fixtures.record(EventTypes.CASE_RESOLVED);

        Proactive told = Proactive.forEvent(paidOut).orElseThrow();
        assertThat(told.scriptKey()).isEqualTo("return-refund-processed");
        assertThat(told.values()).containsEntry("orderId", "TB20261123001").containsEntry("amount", "199.00");
        assertThat(told.draft()).isFalse();

        CaseResolved byAgent = new CaseResolved(paidOut.shopId(), paidOut.caseId(), paidOut.buyerId(),
                paidOut.orderId(), paidOut.platform(), paidOut.kind(), paidOut.outcome(), paidOut.compensation(),
                paidOut.refundId(), "agent-xiaomei", null, paidOut.resolvedAt());
        assertThat(Proactive.forEvent(byAgent)).as("the agent tells the buyer in their own words").isEmpty();
    }

    @Test
    void aBadReviewGetsADraftForAnAgentNotAnAutomaticReply() {
        ReviewPosted bad = Fixtures.record(EventTypes.REVIEW_POSTED);

        assertThat(Proactive.forEvent(bad)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("bad-review-followup");
            assertThat(p.draft()).isTrue();
            assertThat(p.needsAttention()).isTrue();
        });
    }

    @Test
    void aNeutralReviewWithoutAComplaintReasonCallsForNothing() {
        ReviewPosted r = Fixtures.record(EventTypes.REVIEW_POSTED);
        ReviewPosted neutral = new ReviewPosted(r.shopId(), r.reviewId(), r.orderId(), r.buyerId(), r.platform(), 3,
                ReviewPosted.Sentiment.NEUTRAL, "还行", r.postedAt());

        assertThat(Proactive.forEvent(neutral)).isEmpty();
    }

    @Test
    void aComplaintIsAcknowledgedAndFlagged() {
        assertThat(Proactive.forEvent(Fixtures.record(EventTypes.COMPLAINT_OPENED)))
                .hasValueSatisfying(p -> {
                    assertThat(p.scriptKey()).isEqualTo("complaint-opened");
                    assertThat(p.needsAttention()).isTrue();
                });
    }

    @Test
    void aNeutralReviewGivingAComplaintReasonGetsTheSameFollowUpDraftAsABadOne() {
        ReviewPosted r = Fixtures.record(EventTypes.REVIEW_POSTED);
        ReviewPosted neutral = new ReviewPosted(r.shopId(), r.reviewId(), r.orderId(), r.buyerId(), r.platform(), 3,
                ReviewPosted.Sentiment.NEUTRAL, "还行吧，就是物流太慢了", r.postedAt(), List.of(ReviewPosted.Reason.LOGISTICS));

        assertThat(Proactive.forEvent(neutral)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("bad-review-followup");
            assertThat(p.draft()).isTrue();
            assertThat(p.needsAttention()).isTrue();
        });
    }

    @Test
    void aCaseKefuOpenedForADelayOrABadReviewIsNotAcknowledgedAgainButAnAgentsIs() {
        ComplaintOpened c = Fixtures.record(EventTypes.COMPLAINT_OPENED);
        for (ComplaintOpened.Kind kind : List.of(ComplaintOpened.Kind.LOGISTICS, ComplaintOpened.Kind.REVIEW_RECOVERY)) {
            ComplaintOpened automatic = new ComplaintOpened(c.shopId(), "LG-" + c.orderId(), c.orderId(), c.buyerId(),
                    c.platform(), kind, ComplaintOpened.OpenedBy.AUTOMATION, "CARRIER_FAILED", null, c.openedAt());
            ComplaintOpened byAgent = new ComplaintOpened(c.shopId(), "CS-1", c.orderId(), c.buyerId(), c.platform(),
                    kind, ComplaintOpened.OpenedBy.AGENT, "买家说快递一直没到", null, c.openedAt());

            // the delay's apology, or the review's follow-up draft, already spoke for the cause
            assertThat(Proactive.forEvent(automatic)).as(kind.name()).isEmpty();
            assertThat(Proactive.forEvent(byAgent)).as(kind.name())
                    .hasValueSatisfying(p -> assertThat(p.scriptKey()).isEqualTo("complaint-opened"));
        }
        ComplaintOpened automaticComplaint = new ComplaintOpened(c.shopId(), "CS-2", c.orderId(), c.buyerId(),
                c.platform(), ComplaintOpened.Kind.COMPLAINT, ComplaintOpened.OpenedBy.AUTOMATION, "r", null,
                c.openedAt());
        assertThat(Proactive.forEvent(automaticComplaint)).isPresent();
    }

    @Test
    void buyersLanguageIsReadFromTheirScript() {
        assertThat(Language.of("亲，今天能发货吗？")).isEqualTo("zh");
        assertThat(Language.of("오늘 발송되나요?")).isEqualTo("ko");
        assertThat(Language.of("Will it ship today?")).isEqualTo("en");
        assertThat(Language.of("123 ?!")).isNull();
    }
}
