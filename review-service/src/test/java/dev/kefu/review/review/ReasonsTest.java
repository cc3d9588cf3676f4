package dev.kefu.review.review;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.events.review.ReviewPosted.Reason;
import dev.kefu.events.review.ReviewPosted.Sentiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Complaint reasons in the three languages, a shop's own phrases, and the 中评 that is followed up like a 差评. */
class ReasonsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private final MarketplaceReviewPosted fixture = Fixtures.record(EventTypes.MARKETPLACE_REVIEW_POSTED);

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource(delimiter = '|', value = {
            "质量很好，但是物流太慢了|LOGISTICS",
            "价格不贵，质量也不差|",
            "客服爱答不理，东西和图片不一样|NOT_AS_DESCRIBED SERVICE_ATTITUDE",
            "배송은 빠른데 품질이 별로예요|QUALITY",
            "문제없이 잘 받았어요|",
            "Great product but way too expensive|PRICE",
            "The delivery was fast, the seller was rude|SERVICE_ATTITUDE",
            "Not bad, no complaints|"})
    void reasonsAreReadPerClause(String text, String expected) {
        List<Reason> want = expected == null ? List.of()
                : Arrays.stream(expected.split(" ")).map(Reason::valueOf).toList();
        assertThat(ReasonLexicon.standard().reasonsOf(text)).isEqualTo(want);
    }

    @Test
    void aShopAddsItsOwnComplaintPhrases() {
        ReasonLexicons lexicons = new ReasonLexicons(null, Map.of("shop-shoes",
                new ReasonLexicons.ShopReasons(Map.of(Reason.QUALITY, List.of("开胶", " ")))));

        assertThat(lexicons.of("shop-shoes").reasonsOf("穿了三天鞋底开胶")).containsExactly(Reason.QUALITY);
        assertThat(lexicons.of("shop-other").reasonsOf("穿了三天鞋底开胶")).isEmpty();
    }

    @Test
    void aNeutralReviewWithAComplaintReasonIsFollowedUpLikeABadOne() {
        Review review = Review.firstSeen(fixture);
        List<?> events = review.post(posted(3, "东西还行，就是发货太慢"));

        assertThat(review.sentiment()).isNotEqualTo(Sentiment.POSITIVE);
        assertThat(review.reasons()).containsExactly(Reason.LOGISTICS);
        assertThat(review.followable()).isTrue();
        assertThat(((ReviewPosted) events.get(0)).reasons()).containsExactly(Reason.LOGISTICS);
        review.followUp(FollowUpStatus.CONTACTED, "亲，抱歉让您久等了，已催促快递", "agent-8", T0);
        assertThat(review.followUpStatus()).isEqualTo(FollowUpStatus.CONTACTED);
    }

    @Test
    void aNeutralReviewWithoutAReasonIsNotFollowedUp() {
        Review review = Review.firstSeen(fixture);
        review.post(posted(3, "还可以，没什么特别的"));

        assertThat(review.followable()).isFalse();
        assertThatThrownBy(() -> review.followUp(FollowUpStatus.CONTACTED, "谢谢亲", "agent-8", T0))
                .isInstanceOf(ReviewRuleViolation.class).hasMessageContaining("without a complaint reason");
    }

    @Test
    void aPositiveReviewMentioningAReasonIsNotFollowedUp() {
        Review review = Review.firstSeen(fixture);
        review.post(posted(4, "东西挺好的，就是快递慢了点"));

        assertThat(review.reasons()).containsExactly(Reason.LOGISTICS); // counted in the shop's reasons
        assertThat(review.followable()).isFalse();
    }

    @Test
    void aReviewStoredBeforeReasonsExistedRestoresWithNone() {
        Review review = Review.firstSeen(fixture);
        review.post(fixture);
        Review.Snapshot s = review.snapshot();
        Review.Snapshot old = new Review.Snapshot(s.shopId(), s.reviewId(), s.orderId(), s.buyerId(), s.platform(),
                s.rating(), s.content(), s.sentiment(), null, false, s.escalation(), s.postedAt(), s.revisions(),
                s.revised(), s.improved(), s.followUp(), s.followUps(), null);

        Review restored = Review.restore(old);
        assertThat(restored.reasons()).isEmpty();
        assertThat(restored.followable()).isTrue(); // a 1-star review
    }

    @Test
    void aCursorIsOpaqueAndValidated() {
        ReviewCursor cursor = new ReviewCursor(T0, "shop-demo:rv-1");
        assertThat(ReviewCursor.parse(cursor.text())).isEqualTo(cursor);
        for (String bad : List.of("", "abc", "r1|x|y", java.util.Base64.getUrlEncoder().encodeToString("r2|2026-11-28T12:00:00Z|id".getBytes()))) {
            assertThatThrownBy(() -> ReviewCursor.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("is not a cursor of this list");
        }
    }

    private MarketplaceReviewPosted posted(int rating, String content) {
        return new MarketplaceReviewPosted("shop-demo", "taobao", fixture.orderId(), fixture.buyerId(),
                fixture.reviewId(), rating, content, T0);
    }
}
