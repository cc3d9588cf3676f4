package dev.kefu.conversation.conversation;

import dev.kefu.conversation.desk.DeskRole;
import dev.kefu.platform.text.SentimentLexicon;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * A buyer's conversation with one shop: the summary agents triage by. It exists as soon as the shop knows the buyer
 * (an order, a review, a case or a message), so an agent may write first. {@code awaitingReplySince} is the oldest
 * unanswered buyer message (the response-time clock); {@code lastGreetedAt} the last greeting, by a person or by
 * Kefu, which opens the shop's greeting window; {@code needsAttention} marks complaints and bad reviews;
 * {@code responseDue} is when a person's reply to the waiting buyer falls due ({@link ResponseTarget}) and
 * {@code responseBreachedAt} when it was reported missed (both cleared by the reply). {@code assignee} is the agent
 * the conversation is routed to (since {@code assignedAt}) until it closes; {@code route} the role that serves the
 * buyer ({@code PRE_SALE} unless after-sale talk or a case made it {@code AFTER_SALE}); {@code queuedFor} is set only
 * while the buyer waits for an agent to be assigned (the routing queue, read oldest first); {@code closedAt} when an
 * agent's part last ended (a buyer who writes after it starts a new session). {@code paidOrders} counts the buyer's
 * paid orders with the shop, each once (by the order ids of the latest {@value #KEPT_PAID_ORDER_IDS}, kept unshown in
 * {@code paidOrderIds}): with enough of them the buyer is a returning customer ({@code ShopSettings.Returning}).
 * {@code languages} are those the buyer has written in. Events still to publish
 * about the conversation ({@code sla-breached}, {@code conversation-assigned}) wait in its {@code outbox} array, not
 * shown in the API.
 */
@Document(Conversation.COLLECTION)
@CompoundIndexes({
        @CompoundIndex(name = "shop_awaiting", def = "{'shopId': 1, 'awaitingReplySince': 1}"),
        @CompoundIndex(name = "shop_queue", def = "{'shopId': 1, 'queuedFor': 1, 'awaitingReplySince': 1}"),
        @CompoundIndex(name = "shop_assignee", def = "{'shopId': 1, 'assignee': 1, 'assignedAt': 1}")})
public record Conversation(@Id String id, String shopId, String buyerId, String platform, String language,
                           Instant lastMessageAt, Instant lastBuyerMessageAt, Instant awaitingReplySince,
                           Instant lastAgentReplyAt, Instant lastGreetedAt, SentimentLexicon.Mood buyerMood,
                           boolean needsAttention, Instant responseDue, Instant responseBreachedAt,
                           String assignee, Instant assignedAt, DeskRole route, DeskRole queuedFor,
                           Instant closedAt, Long paidOrders, List<String> languages) {

    public static final String COLLECTION = "conversations";
    public static final int KEPT_PAID_ORDER_IDS = 50;

    /** Conversations stored before the count existed have none: 0 until their next paid order. */
    public Long paidOrders() {
        return paidOrders == null ? 0L : paidOrders;
    }

    public List<String> languages() {
        return languages == null ? List.of() : languages;
    }

    /** The role that serves this buyer (conversations stored before routing existed are pre-sale). */
    public DeskRole routeOrDefault() {
        return route == null ? DeskRole.PRE_SALE : route;
    }

    /** Whether no person has answered the buyer since the conversation began or last closed: a first response is due. */
    public boolean inNewSession() {
        return lastAgentReplyAt == null || (closedAt != null && !lastAgentReplyAt.isAfter(closedAt));
    }

    public static String idOf(String shopId, String buyerId) {
        return shopId + ":" + buyerId;
    }
}
