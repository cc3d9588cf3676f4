package dev.kefu.events.review;

import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.time.Instant;
import java.util.List;

/**
 * A marketplace review arrived, rated 1-5, with the sentiment review-service read in it and the complaint reasons its
 * text gives ({@code reasons}: optional, empty when none; records written before it existed parse as empty).
 */
public record ReviewPosted(
        String shopId,
        String reviewId,
        String orderId,
        String buyerId,
        String platform,
        int rating,
        Sentiment sentiment,
        String content,
        Instant postedAt,
        List<Reason> reasons) implements KefuEvent {

    public enum Sentiment { POSITIVE, NEUTRAL, NEGATIVE }

    /** Why a buyer complains in a review: the 中差评 categories customer service sorts bad reviews by. */
    public enum Reason { LOGISTICS, QUALITY, NOT_AS_DESCRIBED, SERVICE_ATTITUDE, PRICE }

    public ReviewPosted {
        Fields.text(shopId, "shopId");
        Fields.text(reviewId, "reviewId");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(platform, "platform");
        if (rating < 1 || rating > 5) {
            throw new IllegalArgumentException("rating must be 1-5");
        }
        Fields.present(sentiment, "sentiment");
        Fields.present(postedAt, "postedAt");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** A review without complaint reasons. */
    public ReviewPosted(String shopId, String reviewId, String orderId, String buyerId, String platform, int rating,
                        Sentiment sentiment, String content, Instant postedAt) {
        this(shopId, reviewId, orderId, buyerId, platform, rating, sentiment, content, postedAt, List.of());
    }

    /** Whether this review needs a follow-up (中差评): see {@link #followable(int, Sentiment, List)}. */
    public boolean followable() {
        return followable(rating, sentiment, reasons);
    }

    /**
     * The one rule of which reviews customer service follows up (中差评): a bad review (差评, read negative), or a
     * neutral one (中评: 3 stars, or neutral text) that gives a complaint reason.
     */
    public static boolean followable(int rating, Sentiment sentiment, List<Reason> reasons) {
        if (sentiment == Sentiment.NEGATIVE) {
            return true;
        }
        return (rating == 3 || sentiment == Sentiment.NEUTRAL) && reasons != null && !reasons.isEmpty();
    }

    @Override
    public String key() {
        return reviewId;
    }
}
