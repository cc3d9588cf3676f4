package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/** {@code review.revised}: the buyer changed an earlier review (追评 / revised rating). */
public record MarketplaceReviewRevised(
        String shopId,
        String platform,
        String orderId,
        String buyerId,
        String reviewId,
        int rating,
        String content,
        Instant revisedAt) implements MarketplaceOrderEvent {

    public MarketplaceReviewRevised {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(orderId, "orderId");
        Fields.text(buyerId, "buyerId");
        Fields.text(reviewId, "reviewId");
        Ratings.check(rating);
        Fields.present(revisedAt, "revisedAt");
    }
}
