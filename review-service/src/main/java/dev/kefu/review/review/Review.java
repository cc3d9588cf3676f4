package dev.kefu.review.review;

import dev.kefu.events.KefuEvent;
import dev.kefu.events.inbound.MarketplaceReviewPosted;
import dev.kefu.events.inbound.MarketplaceReviewRevised;
import dev.kefu.events.review.ReviewPosted;
import dev.kefu.events.review.ReviewPosted.Sentiment;
import dev.kefu.platform.text.SentimentLexicon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One marketplace review as customer service handles it: what the buyer said and how it reads, the buyer's later
 * revisions, and the agent's follow-up of a bad review (差评回访). Nothing here knows about Kafka or MongoDB.
 * {@code rating}, {@code content} and {@code sentiment} stay as posted: a bad review stays a bad review to follow up,
 * and its revisions record whether the buyer changed their mind.
 */
public final class Review {

    private static final SentimentLexicon LEXICON = SentimentLexicon.standard();

    /** Offers of cash back, red packets or money for a better review (好评返现): bought reviews break platform rules. */
    private static final Pattern MONEY_FOR_REVIEW = Pattern.compile(
            "返现|红包|好评返|改好评.*(元|块|钱)|cash\\s*back|refund if you change", Pattern.CASE_INSENSITIVE);

    private final String shopId;
    private final String reviewId;
    private final String orderId;
    private final String buyerId;
    private final String platform;
    private int rating;
    private String content;
    private Sentiment sentiment;
    private boolean escalation;
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

    /** Applies {@code review.posted}; announces the review once, however often the marketplace resends it. */
    public List<KefuEvent> post(MarketplaceReviewPosted posted) {
        requireSameReview(posted.shopId(), posted.reviewId());
        if (postedAt != null) {
            return List.of();
        }
        rating = posted.rating();
        content = posted.content();
        sentiment = sentimentOf(rating, content);
        escalation = LEXICON.read(content).escalation();
        postedAt = posted.postedAt();
        return List.of(new ReviewPosted(shopId, reviewId, orderId, buyerId, platform, rating, sentiment, content,
                postedAt));
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
        if (MONEY_FOR_REVIEW.matcher(note).find()) {
            throw new MoneyForReviewRefused();
        }
        if (sentiment != Sentiment.NEGATIVE) {
            throw new ReviewRuleViolation("review " + reviewId + " is " + sentiment + "; only bad reviews are followed up");
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
        review.escalation = s.escalation();
        review.postedAt = s.postedAt();
        review.revisions.addAll(s.revisions());
        review.followUp = s.followUp();
        review.followUps.addAll(s.followUps());
        return review;
    }

    public Snapshot snapshot() {
        return new Snapshot(shopId, reviewId, orderId, buyerId, platform, rating, content, sentiment, escalation,
                postedAt, revisions(), revised(), improved(), followUp, followUps());
    }

    /** A later rating or text from the buyer, read the same way as the original. */
    public record Revision(int rating, String content, Sentiment sentiment, Instant revisedAt) {
    }

    /** One step of the follow-up, kept as the record of what the agent did and said. */
    public record FollowUp(FollowUpStatus status, String note, String agentId, Instant at) {
    }

    /** The review's state as plain data: what is stored and what the API shows ({@code revised}, {@code improved} derived). */
    public record Snapshot(String shopId, String reviewId, String orderId, String buyerId, String platform, int rating,
                           String content, Sentiment sentiment, boolean escalation, Instant postedAt,
                           List<Revision> revisions, boolean revised, boolean improved, FollowUpStatus followUp,
                           List<FollowUp> followUps) {
    }
}
