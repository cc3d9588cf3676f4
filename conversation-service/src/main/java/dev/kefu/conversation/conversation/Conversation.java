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
 * Kefu, which opens the shop's greeting window; {@code needsAttention} marks complaints and bad reviews;
 * {@code responseDue} is when a person's reply to the waiting buyer falls due ({@link ResponseTarget}) and
 * {@code responseBreachedAt} when it was reported missed (both cleared by the reply). Events still to publish about
 * the conversation ({@code sla-breached}) wait in its {@code outbox} array, not shown in the API.
 */
@Document(Conversation.COLLECTION)
@CompoundIndex(name = "shop_awaiting", def = "{'shopId': 1, 'awaitingReplySince': 1}")
public record Conversation(@Id String id, String shopId, String buyerId, String platform, String language,
                           Instant lastMessageAt, Instant lastBuyerMessageAt, Instant awaitingReplySince,
                           Instant lastAgentReplyAt, Instant lastGreetedAt, SentimentLexicon.Mood buyerMood,
                           boolean needsAttention, Instant responseDue, Instant responseBreachedAt) {

    public static final String COLLECTION = "conversations";

    public static String idOf(String shopId, String buyerId) {
        return shopId + ":" + buyerId;
    }
}
