package dev.kefu.review.review;

import dev.kefu.events.KefuEvent;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.inbound.MarketplaceReviewRevised;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.events.review.ReviewPosted.Reason;
import dev.kefu.events.review.ReviewPosted.Sentiment;
import dev.kefu.events.review.ReviewReplyOutbound;
import dev.kefu.platform.text.ReviewBargain;
import dev.kefu.platform.text.SentimentLexicon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One marketplace review as customer service handles it: what the buyer said and how it reads, the buyer's later
 * revisions, and the agent's follow-up of a bad review (差评回访). Nothing here knows about Kafka or MongoDB.
 * {@code rating}, {@code content} and {@code sentiment} stay as posted: a bad review stays a bad review to follow up,
 * and its revisions record whether the buyer changed their mind. A review is <em>followable</em> (中差评) when it reads
 * negative, or when it is a neutral 中评 (3 stars, or neutral text) whose text gives a complaint reason. The seller may
 * publish one public explanation of it: at most 500 characters, within 30 days of the review, editable until published.
 */
public final class Review {

    private static final SentimentLexicon LEXICON = SentimentLexicon.standard();

    /** How long after the review the seller may still explain it publicly. */
    public static final Duration EXPLANATION_WINDOW = Duration.ofDays(30);
    public static final int EXPLANATION_MAX_LENGTH = ReviewReplyOutbound.MAX_TEXT;

    private final String shopId;
    private final String reviewId;
    private final String orderId;
    private final String buyerId;
    private final String platform;
    private int rating;
    private String content;
    private Sentiment sentiment;
    private List<Reason> reasons = List.of();
    private boolean escalation;
    private Explanation explanation;
    private Instant postedAt;
    private final List<Revision> revisions = new ArrayList<>();
    private FollowUpStatus followUp = FollowUpStatus.NONE;
    private final List<FollowUp> followUps = new ArrayList<>();

    private Review(String shopId, String reviewId, String orderId, String buyerId, String platform) {
        this.shopId = shopId;
        this.reviewId = reviewId;
        this.orderId = orderId;
        this.buyerId = buyerId;
        this.platform = platform;
    }

    /** The review as first seen through {@code posted}, before applying it. */
    public static Review firstSeen(MarketplaceReviewPosted posted) {
        return new Review(posted.shopId(), posted.reviewId(), posted.orderId(), posted.buyerId(), posted.platform());
    }

    public static String id(String shopId, String reviewId) {
        return shopId + ":" + reviewId;
    }

    /**
     * Star rating and text together: 1-2 stars is a bad review whatever it says; 3 stars reads as its text does;
     * 4-5 stars with negative text is a hidden bad review (a 4-star "质量太差").
     */
    static Sentiment sentimentOf(int rating, String text) {
        if (rating <= 2) {
            return Sentiment.NEGATIVE;
        }
        Sentiment mood = Sentiment.valueOf(LEXICON.read(text).mood().name());
        if (rating == 3 || mood == Sentiment.NEGATIVE) {
            return mood;
        }
        return Sentiment.POSITIVE;
    }

    /** Applies {@code review.posted} with the standard reason lexicon. */
    public List<KefuEvent> post(MarketplaceReviewPosted posted) {
        return post(posted, ReasonLexicon.standard());
    }

    /**
     * Applies {@code review.posted}, reading its complaint reasons with the shop's lexicon; announces the review once,
     * however often the marketplace resends it.
     */
    public List<KefuEvent> post(MarketplaceReviewPosted posted, ReasonLexicon lexicon) {
        requireSameReview(posted.shopId(), posted.reviewId());
        if (postedAt != null) {
            return List.of();
        }
        rating = posted.rating();
        content = posted.content();
        sentiment = sentimentOf(rating, content);
        reasons = lexicon.reasonsOf(content);
        escalation = LEXICON.read(content).escalation();
        postedAt = posted.postedAt();
        return List.of(new ReviewPosted(shopId, reviewId, orderId, buyerId, platform, rating, sentiment, content,
                postedAt, reasons));
    }

    /** Applies {@code review.revised}: the buyer changed the rating or added text (追评). */
    public List<KefuEvent> revise(MarketplaceReviewRevised revised) {
        requireSameReview(revised.shopId(), revised.reviewId());
        if (postedAt == null) {
            throw new ReviewRuleViolation("review " + reviewId + " was revised before it was posted");
        }
        boolean known = revisions.stream().anyMatch(r -> r.revisedAt().equals(revised.revisedAt())
                && r.rating() == revised.rating());
        if (!known) { // the same revision resent under another event id changes nothing
            revisions.add(new Revision(revised.rating(), revised.content(),
                    sentimentOf(revised.rating(), revised.content()), revised.revisedAt()));
            escalation |= LEXICON.read(revised.content()).escalation();
        }
        return List.of(); // no revision event in the contract yet
    }

    /** Records the agent's follow-up of a bad review: contact the buyer (again, if need be), then resolve. */
    public void followUp(FollowUpStatus status, String note, String agentId, Instant at) {
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("a follow-up needs a note of what was agreed with the buyer");
        }
        if (ReviewBargain.offers(note)) {
            throw new MoneyForReviewRefused();
        }
        if (!followable()) {
            throw new ReviewRuleViolation("review " + reviewId + " is " + sentiment + (reasons.isEmpty()
                    ? " without a complaint reason" : "") + "; only bad reviews (中差评) are followed up");
        }
        if (followUp == FollowUpStatus.RESOLVED) {
            throw new ReviewRuleViolation("the follow-up of review " + reviewId + " is already resolved");
        }
        switch (status) {
            case CONTACTED -> followUp = FollowUpStatus.CONTACTED;
            case RESOLVED -> {
                if (followUp != FollowUpStatus.CONTACTED) {
                    throw new ReviewRuleViolation("contact the buyer of review " + reviewId + " before resolving it");
                }
                followUp = FollowUpStatus.RESOLVED;
            }
            default -> throw new IllegalArgumentException("a follow-up is CONTACTED or RESOLVED, not " + status);
        }
        followUps.add(new FollowUp(status, note, agentId, at));
    }

    /**
     * A bad review (差评), or a neutral one (中评) that gives a complaint reason: both are followed up. The rule is the
     * contract's ({@link ReviewPosted#followable(int, Sentiment, List)}), so aftersales-service and conversation-service
     * read a {@code review-posted} as this service does.
     */
    public boolean followable() {
        return ReviewPosted.followable(rating, sentiment, reasons);
    }

    /**
     * Writes or rewrites the seller's public explanation (解释) before it is published. Refused once it is published or
     * {@link #EXPLANATION_WINDOW} after the review; the text is 1-500 characters (code points).
     */
    public void explain(String text, String agentId, Instant now) {
        requireExplainable(now);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an explanation needs a text");
        }
        String stripped = text.strip();
        if (stripped.codePointCount(0, stripped.length()) > EXPLANATION_MAX_LENGTH) {
            throw new IllegalArgumentException("an explanation is at most " + EXPLANATION_MAX_LENGTH + " characters");
        }
        explanation = new Explanation(stripped, agentId, now, null);
    }

    /** Publishes the drafted explanation, once: the integration posts it under the review on the marketplace. */
    public List<KefuEvent> publishExplanation(String agentId, Instant now) {
        requireExplainable(now);
        if (explanation == null) {
            throw new ReviewRuleViolation("review " + reviewId + " has no explanation to publish: write one first");
        }
        explanation = new Explanation(explanation.text(), agentId, explanation.writtenAt(), now);
        return List.of(new ReviewReplyOutbound(shopId, platform, reviewId, orderId, buyerId, replyId(), explanation.text(),
                agentId, now));
    }

    private void requireExplainable(Instant now) {
        if (postedAt == null) {
            throw new ReviewRuleViolation("review " + reviewId + " is not posted yet");
        }
        if (explanation != null && explanation.publishedAt() != null) {
            throw new ReviewRuleViolation("the explanation of review " + reviewId + " was published at "
                    + explanation.publishedAt() + "; a review has one explanation");
        }
        Instant closes = postedAt.plus(EXPLANATION_WINDOW);
        if (!now.isBefore(closes)) {
            throw new ReviewRuleViolation("review " + reviewId + " can be explained only within "
                    + EXPLANATION_WINDOW.toDays() + " days of it; that ended at " + closes);
        }
    }

    /** One explanation per review, so the review's id names its publication (the integration's idempotency key). */
    private String replyId() {
        return "rr-" + reviewId;
    }

    public boolean revised() {
        return !revisions.isEmpty();
    }

    /** The buyer's latest rating is better than the first one (e.g. a 差评 changed to 好评). */
    public boolean improved() {
        return revised() && revisions.get(revisions.size() - 1).rating() > rating;
    }

    private void requireSameReview(String otherShopId, String otherReviewId) {
        if (!shopId.equals(otherShopId) || !reviewId.equals(otherReviewId)) {
            throw new ReviewRuleViolation("event for " + id(otherShopId, otherReviewId) + " applied to " + id());
        }
    }

    public String id() {
        return id(shopId, reviewId);
    }

    public Sentiment sentiment() { return sentiment; }
    public List<Reason> reasons() { return reasons; }
    public Explanation explanation() { return explanation; }
    public boolean escalation() { return escalation; }
    public FollowUpStatus followUpStatus() { return followUp; }
    public List<Revision> revisions() { return List.copyOf(revisions); }
    public List<FollowUp> followUps() { return List.copyOf(followUps); }

    /** Rebuilds a review from storage. */
    public static Review restore(Snapshot s) {
        Review review = new Review(s.shopId(), s.reviewId(), s.orderId(), s.buyerId(), s.platform());
        review.rating = s.rating();
        review.content = s.content();
        review.sentiment = s.sentiment();
        review.reasons = s.reasons() == null ? List.of() : List.copyOf(s.reasons()); // stored before reasons existed
        review.escalation = s.escalation();
        review.explanation = s.explanation();
        review.postedAt = s.postedAt();
        review.revisions.addAll(s.revisions());
        review.followUp = s.followUp();
        review.followUps.addAll(s.followUps());
        return review;
    }

    public Snapshot snapshot() {
        return new Snapshot(shopId, reviewId, orderId, buyerId, platform, rating, content, sentiment, reasons,
                followable(), escalation, postedAt, revisions(), revised(), improved(), followUp, followUps(),
                explanation);
    }

    /** A later rating or text from the buyer, read the same way as the original. */
    public record Revision(int rating, String content, Sentiment sentiment, Instant revisedAt) {
    }

    /** One step of the follow-up, kept as the record of what the agent did and said. */
    public record FollowUp(FollowUpStatus status, String note, String agentId, Instant at) {
    }

    /** The seller's public explanation: a draft until {@code publishedAt} is set; {@code agentId} wrote or published it. */
    public record Explanation(String text, String agentId, Instant writtenAt, Instant publishedAt) {
    }

    /**
     * The review's state as plain data: what is stored and what the API shows ({@code followable}, {@code revised},
     * {@code improved} derived; stored too, so lists can filter on them).
     */
    public record Snapshot(String shopId, String reviewId, String orderId, String buyerId, String platform, int rating,
                           String content, Sentiment sentiment, List<Reason> reasons, boolean followable,
                           boolean escalation, Instant postedAt, List<Revision> revisions, boolean revised,
                           boolean improved, FollowUpStatus followUp, List<FollowUp> followUps,
                           Explanation explanation) {
    }
}
