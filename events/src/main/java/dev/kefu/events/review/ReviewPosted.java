package dev.kefu.events.review;

import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.time.Instant;

/** A marketplace review arrived, rated 1-5, with the sentiment review-service read in it. */
public record ReviewPosted(
        String shopId,
        String reviewId,
        String orderId,
        String buyerId,
        String platform,
        int rating,
        Sentiment sentiment,
        String content,
        Instant postedAt) implements KefuEvent {

    public enum Sentiment { POSITIVE, NEUTRAL, NEGATIVE }

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
    }

    @Override
    public String key() {
        return reviewId;
    }
}
