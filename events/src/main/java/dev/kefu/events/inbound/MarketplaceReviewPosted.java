package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code review.posted}: the buyer reviewed an order, rated 1-5. */
public record MarketplaceReviewPosted(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String reviewId,
        int rating,
        String content,
        Instant postedAt) implements MarketplaceOrderEvent {

    public MarketplaceReviewPosted {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(reviewId, "reviewId");
        Ratings.check(rating);
        Fields.present(postedAt, "postedAt");
    }
}
