package dev.kefu.review.review;

import dev.kefu.events.EventTypes;
import dev.kefu.events.Fixtures;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.inbound.MarketplaceReviewRevised;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.events.review.ReviewPosted.Reason;
import dev.kefu.events.review.ReviewPosted.Sentiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReviewTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    private final MarketplaceReviewPosted bad = Fixtures.record(EventTypes.MARKETPLACE_REVIEW_POSTED); // 1 star
    private final MarketplaceReviewRevised toFiveStars = Fixtures.record(EventTypes.MARKETPLACE_REVIEW_REVISED);

    @ParameterizedTest(name = "{0} stars, \"{1}\" → {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "1|非常满意，五星好评|NEGATIVE",          // the stars decide a 1-2 star review
            "2|null|NEGATIVE",
            "3|null|NEUTRAL",                        // 3 stars read as the text does
            "3|请问什么时候发货|NEUTRAL",
            "3|质量不错，物流快|POSITIVE",
            "3|质量太差，不满意|NEGATIVE",
            "4|null|POSITIVE",
            "4|质量太差|NEGATIVE",                   // a hidden bad review behind 4 stars
            "5|I am dissatisfied, it arrived broken|NEGATIVE",
            "5|请问什么时候发货|POSITIVE",
            "5|客服很耐心，改五星好评|POSITIVE"})
    void sentimentComesFromTheStarsAndTheText(int rating, String text, Sentiment expected) {
        assertThat(Review.sentimentOf(rating, text)).isEqualTo(expected);
    }

    @Test
    void aPostedReviewIsAnnouncedOnceWithItsSentiment() {
        Review review = Review.firstSeen(bad);

        assertThat(review.post(bad)).containsExactly(new ReviewPosted("shop-demo", "rv-5521", "TB20261123001",
                "tb_buyer_8c1f", "taobao", 1, Sentiment.NEGATIVE, bad.content(), bad.postedAt(),
                List.of(Reason.QUALITY, Reason.NOT_AS_DESCRIBED)));
        assertThat(review.post(bad)).isEmpty();
        assertThat(review.sentiment()).isEqualTo(Sentiment.NEGATIVE);
    }

    @Test
    void threatsToComplainAreFlaggedForEscalation() {
        Review review = Review.firstSeen(bad);
        review.post(posted(2, "再不处理我就去12315投诉"));

        assertThat(review.escalation()).isTrue();
    }

    @Test
    void aBetterRatingLaterMarksTheReviewRevisedAndImproved() {
        Review review = postedBadReview();
        assertThat(review.snapshot().revised()).isFalse();

        review.revise(toFiveStars);

        Review.Snapshot snapshot = review.snapshot();
        assertThat(snapshot.revised()).isTrue();
        assertThat(snapshot.improved()).isTrue();
        assertThat(snapshot.rating()).isEqualTo(1); // as posted
        assertThat(snapshot.sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(snapshot.revisions()).containsExactly(new Review.Revision(5, toFiveStars.content(),
                Sentiment.POSITIVE, toFiveStars.revisedAt()));
    }

    @Test
    void aFollowUpCommentWithoutABetterRatingIsRevisedButNotImproved() {
        Review review = postedBadReview();
        review.revise(revised(1, "追评：还是没解决", T0.plusSeconds(3600)));

        assertThat(review.revised()).isTrue();
        assertThat(review.improved()).isFalse();
    }

    @Test
    void theSameRevisionResentIsRecordedOnce() {
        Review review = postedBadReview();
        review.revise(toFiveStars);
        review.revise(toFiveStars);

        assertThat(review.revisions()).hasSize(1);
    }

    @Test
    void aRevisionOfAReviewNeverPostedIsRefused() {
        assertThatThrownBy(() -> Review.firstSeen(bad).revise(toFiveStars)).isInstanceOf(ReviewRuleViolation.class);
    }

    @Test
    void aBadReviewIsContactedThenResolvedAndTheStepsAreKept() {
        Review review = postedBadReview();

        review.followUp(FollowUpStatus.CONTACTED, "刚看到您给我们的评价，真的很抱歉；已安排换货", "agent-8", T0);
        review.followUp(FollowUpStatus.RESOLVED, "换货已签收，买家满意", "agent-8", T0.plusSeconds(86_400));

        assertThat(review.followUpStatus()).isEqualTo(FollowUpStatus.RESOLVED);
        assertThat(review.followUps()).extracting(Review.FollowUp::status)
                .containsExactly(FollowUpStatus.CONTACTED, FollowUpStatus.RESOLVED);
    }

    @Test
    void theBuyerIsContactedBeforeTheReviewIsResolvedAndNothingFollowsResolution() {
        Review review = postedBadReview();
        assertThatThrownBy(() -> review.followUp(FollowUpStatus.RESOLVED, "done", "agent-8", T0))
                .isInstanceOf(ReviewRuleViolation.class).hasMessageContaining("contact the buyer");

        review.followUp(FollowUpStatus.CONTACTED, "电话未接通", "agent-8", T0);
        review.followUp(FollowUpStatus.CONTACTED, "旺旺联系上了，已道歉", "agent-8", T0.plusSeconds(600));
        review.followUp(FollowUpStatus.RESOLVED, "已补发配件", "agent-8", T0.plusSeconds(1200));

        assertThatThrownBy(() -> review.followUp(FollowUpStatus.CONTACTED, "again", "agent-8", T0))
                .isInstanceOf(ReviewRuleViolation.class).hasMessageContaining("already resolved");
    }

    @Test
    void onlyBadReviewsAreFollowedUp() {
        Review review = Review.firstSeen(bad);
        review.post(posted(5, "非常满意"));

        assertThatThrownBy(() -> review.followUp(FollowUpStatus.CONTACTED, "谢谢亲", "agent-8", T0))
                .isInstanceOf(ReviewRuleViolation.class).hasMessageContaining("only bad reviews");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "亲，改好评返现10元",
            "给您发个红包，麻烦把评价改一下",
            "好评返5元",
            "改好评给您20块",
            "改好评的话补您点钱",
            "We can offer cash back if you update the review",
            "Cashback for 5 stars",
            "We will REFUND IF YOU CHANGE the review to five stars"})
    void moneyForABetterReviewIsNeverRecorded(String note) {
        Review review = postedBadReview();

        assertThatThrownBy(() -> review.followUp(FollowUpStatus.CONTACTED, note, "agent-8", T0))
                .isInstanceOf(MoneyForReviewRefused.class).hasMessage("never pay for a review revision");
        assertThat(review.followUps()).isEmpty();
        assertThat(review.followUpStatus()).isEqualTo(FollowUpStatus.NONE);
    }

    @Test
    void aFairRemedyIsNotMistakenForBuyingTheReview() {
        Review review = postedBadReview();

        review.followUp(FollowUpStatus.CONTACTED, "已为买家办理退款并补发，未提改评价", "agent-8", T0);

        assertThat(review.followUpStatus()).isEqualTo(FollowUpStatus.CONTACTED);
    }

    @Test
    void aReviewSurvivesStorageUnchanged() {
        Review review = postedBadReview();
        review.revise(toFiveStars);
        review.followUp(FollowUpStatus.CONTACTED, "已道歉并换货", "agent-8", T0);

        assertThat(Review.restore(review.snapshot()).snapshot()).isEqualTo(review.snapshot());
    }

    private Review postedBadReview() {
        Review review = Review.firstSeen(bad);
        review.post(bad);
        return review;
    }

    private MarketplaceReviewPosted posted(int rating, String content) {
        return new MarketplaceReviewPosted("shop-demo", "taobao", bad.orderId(), bad.buyerId(), bad.reviewId(), rating,
                content, T0);
    }

    private MarketplaceReviewRevised revised(int rating, String content, Instant at) {
        return new MarketplaceReviewRevised("shop-demo", "taobao", bad.orderId(), bad.buyerId(), bad.reviewId(), rating,
                content, at);
    }
}
