package dev.kefu.review.review;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.review.ReviewReplyOutbound;
import dev.kefu.platform.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seller's public explanation: 500 characters, 30 days from the review, published once, editable until then. */
class ExplanationTest {

    private final MarketplaceReviewPosted bad = Fixtures.record(EventTypes.MARKETPLACE_REVIEW_POSTED);
    private final MutableClock clock = new MutableClock(bad.postedAt());
    private final Review review = Review.firstSeen(bad);

    ExplanationTest() {
        review.post(bad);
    }

    @Test
    void aDraftIsEditableUntilPublishedAndThenPublishedOnce() {
        clock.advance(Duration.ofDays(2));
        review.explain("亲，抱歉", "agent-8", clock.instant());
        clock.advance(Duration.ofHours(1));
        review.explain("  亲，非常抱歉，已为您补发新品。  ", "agent-9", clock.instant());
        assertThat(review.explanation()).isEqualTo(new Review.Explanation("亲，非常抱歉，已为您补发新品。", "agent-9",
                clock.instant(), null));

        clock.advance(Duration.ofMinutes(5));
        List<KefuEvent> published = review.publishExplanation("agent-8", clock.instant());

        assertThat(published).containsExactly(new ReviewReplyOutbound("shop-demo", "taobao", "rv-5521",
                "TB20261123001", "tb_buyer_8c1f", "rr-rv-5521", "亲，非常抱歉，已为您补发新品。", "agent-8", clock.instant()));
        assertThat(review.explanation().publishedAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> review.publishExplanation("agent-8", clock.instant()))
                .isInstanceOf(ReviewRuleViolation.class).hasMessageContaining("one explanation");
        assertThatThrownBy(() -> review.explain("更正", "agent-8", clock.instant()))
                .isInstanceOf(ReviewRuleViolation.class).hasMessageContaining("was published at");
    }

    @Test
    void theWindowIsThirtyDaysFromTheReview() {
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        review.explain("亲，抱歉给您带来不便", "agent-8", clock.instant());

        clock.advance(Duration.ofSeconds(1)); // exactly 30 days after the review
        assertThatThrownBy(() -> review.publishExplanation("agent-8", clock.instant()))
                .isInstanceOf(ReviewRuleViolation.class)
                .hasMessageContaining("within 30 days").hasMessageContaining("2026-12-28T12:00:00Z");
        assertThatThrownBy(() -> review.explain("再改一次", "agent-8", clock.instant()))
                .isInstanceOf(ReviewRuleViolation.class).hasMessageContaining("within 30 days");
        assertThat(review.explanation().publishedAt()).isNull();
    }

    @Test
    void fiveHundredCharactersAreTheLimitCountedAsCharactersNotBytesOrUtf16Units() {
        clock.advance(Duration.ofDays(1));
        String fiveHundred = "谢".repeat(499) + "😀"; // one code point outside the BMP: two UTF-16 units
        review.explain(fiveHundred, "agent-8", clock.instant());
        assertThat(review.explanation().text()).isEqualTo(fiveHundred);

        assertThatThrownBy(() -> review.explain("谢".repeat(501), "agent-8", clock.instant()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 500");
        assertThatThrownBy(() -> review.explain("  ", "agent-8", clock.instant()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(review.explanation().text()).isEqualTo(fiveHundred); // a refused edit keeps the draft
    }

    @Test
    void nothingIsPublishedWithoutADraft() {
        assertThatThrownBy(() -> review.publishExplanation("agent-8", clock.instant()))
                .isInstanceOf(ReviewRuleViolation.class).hasMessageContaining("write one first");
    }

    @Test
    void anExplanationSurvivesStorage() {
        review.explain("亲，抱歉", "agent-8", clock.instant());
        review.publishExplanation("agent-8", clock.instant());

        assertThat(Review.restore(review.snapshot()).snapshot()).isEqualTo(review.snapshot());
    }
}
