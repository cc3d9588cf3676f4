package dev.kefu.conversation.conversation;

import dev.kefu.platform.text.SentimentLexicon;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * A buyer's conversation with one shop: the summary agents triage by. It exists as soon as the shop knows the buyer
 * (an order, a review, a case or a message), so an agent may write first. {@code awaitingReplySince} is the oldest
 * unanswered buyer message (the response-time clock); {@code lastGreetedAt} the last greeting, by a person or by
 * Kefu, which opens the shop's greeting window; {@code needsAttention} marks complaints and bad reviews.
 */
@Document(Conversation.COLLECTION)
@CompoundIndex(name = "shop_awaiting", def = "{'shopId': 1, 'awaitingReplySince': 1}")
public record Conversation(@Id String id, String shopId, String buyerId, String platform, String language,
                           Instant lastMessageAt, Instant lastBuyerMessageAt, Instant awaitingReplySince,
                           Instant lastAgentReplyAt, Instant lastGreetedAt, SentimentLexicon.Mood buyerMood,
                           boolean needsAttention) {

    public static final String COLLECTION = "conversations";

    public static String idOf(String shopId, String buyerId) {
        return shopId + ":" + buyerId;
    }
}
