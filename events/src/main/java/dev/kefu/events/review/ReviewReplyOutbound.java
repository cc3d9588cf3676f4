package dev.kefu.events.review;

import dev.kefu.events.Fields;
import dev.kefu.events.KefuEvent;

import java.time.Instant;

/**
 * The seller's public explanation (解释) of a review, to be published under it on the marketplace: at most 500
 * characters, within 30 days of the review, once per review. Published by review-service; integrations publish it
 * (consuming this topic, or through the shop's delivery URL, like {@code message-outbound}). {@code replyId} is the
 * idempotency key of the publication; {@code agentId} the agent who published it.
 */
public record ReviewReplyOutbound(
        String shopId,
        String platform,
        String reviewId,
        String orderId,
        String buyerId,
        String replyId,
        String text,
        String agentId,
        Instant createdAt) implements KefuEvent {

    /** The marketplaces' limit on a seller's explanation, in characters (Unicode code points). */
    public static final int MAX_TEXT = 500;

    public ReviewReplyOutbound {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(reviewId, "reviewId");
        Fields.text(replyId, "replyId");
        Fields.text(text, "text");
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw new IllegalArgumentException("text must be at most " + MAX_TEXT + " characters");
        }
        Fields.present(createdAt, "createdAt");
    }

    /** Keyed by review: one review's publication and any later correction stay in order. */
    @Override
    public String key() {
        return reviewId;
    }
}
