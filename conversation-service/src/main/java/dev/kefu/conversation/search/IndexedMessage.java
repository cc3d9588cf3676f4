package dev.kefu.conversation.search;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * A message as the search finds it: who wrote it, about which order, its text and its {@link SearchTerms}. Kept in a
 * collection of its own, filled from the message topics (what buyers wrote, what was sent to them), so replaying
 * them rebuilds it and the conversation documents stay as they are. {@code id} is the conversation's message id.
 */
@Document(IndexedMessage.COLLECTION)
@CompoundIndexes({
        @CompoundIndex(name = "shop_terms_time", def = "{'shopId': 1, 'terms': 1, 'sentAt': -1}"),
        @CompoundIndex(name = "shop_buyer_time", def = "{'shopId': 1, 'buyerId': 1, 'sentAt': -1}"),
        @CompoundIndex(name = "shop_order_time", def = "{'shopId': 1, 'orderId': 1, 'sentAt': -1}"),
        @CompoundIndex(name = "shop_time", def = "{'shopId': 1, 'sentAt': -1}")})
public record IndexedMessage(@Id String id, String shopId, String buyerId, String orderId, String author,
                             String agentId, String text, Instant sentAt, List<String> terms) {

    public static final String COLLECTION = "message_search";
}
