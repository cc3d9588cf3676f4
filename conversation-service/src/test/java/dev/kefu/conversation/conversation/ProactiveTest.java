package dev.kefu.conversation.conversation;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.order.OrderPaid;
import dev.kefu.events.order.ShipmentDelayed;
import dev.kefu.events.review.ReviewPosted;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProactiveTest {

    @Test
    void aPaidOrderIsThankedRightAway() {
        OrderPaid paid = Fixtures.record(EventTypes.ORDER_PAID);

        assertThat(Proactive.forEvent(paid)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("payment-received");
            assertThat(p.delivery()).isEqualTo(Proactive.Delivery.SENT);
            assertThat(p.values()).containsEntry("orderId", paid.orderId()).containsEntry("amount", "199.00");
            assertThat(p.needsAttention()).isFalse();
        });
    }

    @Test
    void aDelayIsApologisedForAndALostParcelNeedsAnAgent() {
        ShipmentDelayed failed = Fixtures.record(EventTypes.SHIPMENT_DELAYED);
        ShipmentDelayed lost = new ShipmentDelayed("shop-demo", "TB1", "b", "taobao", ShipmentDelayed.Reason.PARCEL_LOST,
                null, null, null, Instant.now());

        assertThat(Proactive.forEvent(failed)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("shipment-delayed");
            assertThat(p.values()).containsEntry("carrier", "ZTO");
            assertThat(p.needsAttention()).isFalse();
        });
        assertThat(Proactive.forEvent(lost)).hasValueSatisfying(p -> assertThat(p.needsAttention()).isTrue());
    }

    @Test
    void aBadReviewGetsADraftForAnAgentNotAnAutomaticReply() {
        ReviewPosted bad = Fixtures.record(EventTypes.REVIEW_POSTED);

        assertThat(Proactive.forEvent(bad)).hasValueSatisfying(p -> {
            assertThat(p.scriptKey()).isEqualTo("bad-review-followup");
            assertThat(p.delivery()).isEqualTo(Proactive.Delivery.SUGGESTED);
            assertThat(p.needsAttention()).isTrue();
        });
    }

    @Test
    void aNeutralReviewCallsForNothing() {
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
    void buyersLanguageIsReadFromTheirScript() {
        assertThat(Language.of("亲，今天能发货吗？")).isEqualTo("zh");
        assertThat(Language.of("오늘 발송되나요?")).isEqualTo("ko");
        assertThat(Language.of("Will it ship today?")).isEqualTo("en");
        assertThat(Language.of("123 ?!")).isNull();
    }
}
