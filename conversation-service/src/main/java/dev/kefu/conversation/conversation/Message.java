package dev.kefu.conversation.conversation;

import dev.kefu.platform.text.SentimentLexicon;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * One message of a conversation. Messages caused by an event use the event id as their id, so a redelivered event
 * inserts nothing new (the insert is the idempotency check). {@code mood} and {@code escalation} are read from buyer text.
 */
@Document(Message.COLLECTION)
@CompoundIndex(name = "conversation_time", def = "{'shopId': 1, 'buyerId': 1, 'sentAt': -1}")
public record Message(@Id String id, String shopId, String buyerId, String orderId, Author author, String text,
                      String language, String scriptKey, Proactive.Delivery delivery, String cause,
                      SentimentLexicon.Mood mood, boolean escalation, String agentId, Instant sentAt) {

    public static final String COLLECTION = "messages";

    /** BUYER wrote it, an AGENT replied, or KEFU sent it proactively on an event. */
    public enum Author { BUYER, AGENT, KEFU }
}
